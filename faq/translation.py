from modeltranslation.translator import TranslationOptions, register

from faq.models import FAQ


@register(FAQ)
class FAQTranslationOptions(TranslationOptions):
    fields = ("question", "answer")
