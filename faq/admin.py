from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from faq.models import FAQ


@admin.register(FAQ)
class FAQAdmin(TabbedTranslationAdmin):
    list_display = ["question", "article", "order"]
    list_filter = [("article", admin.EmptyFieldListFilter)]
    search_fields = ["question_en", "question_es", "question_fr", "question_de", "question_ar"]
