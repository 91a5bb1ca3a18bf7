from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from articles.models import Article, Section, Topic, TriggerRow, TriggerTable


@admin.register(Topic)
class TopicAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0


@admin.register(Article)
class ArticleAdmin(TabbedTranslationAdmin):
    list_display = ["title", "status", "publish_at", "next_review_due", "updated"]
    list_filter = ["status", "topics"]
    search_fields = ["title_en", "title_es", "title_fr", "title_de", "title_ar"]
    filter_horizontal = ["topics"]
    inlines = [SectionInline]


class TriggerRowInline(TranslationStackedInline):
    model = TriggerRow
    extra = 0


@admin.register(TriggerTable)
class TriggerTableAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "section"]
    inlines = [TriggerRowInline]
