from django.conf import settings
from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from articles import services
from articles.forms import FAQForm
from backhealth.admin_fields import LanguageFieldsMixin
from faq.models import FAQ


@admin.register(FAQ)
class FAQAdmin(LanguageFieldsMixin, VersionAdmin, TabbedTranslationAdmin):
    form = FAQForm
    list_display = ["question", "article", "order"]
    list_filter = [("article", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = [f"question_{language}" for language in ("en", "es", "fr", "de", "ar")]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.article_id:
            languages = tuple({name.rsplit("_", 1)[-1] for name in form.changed_data} & set(dict(settings.LANGUAGES)))
            services.article_saved(article=obj.article, translated=languages)

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        if article is not None:
            services.article_saved(article=article)
