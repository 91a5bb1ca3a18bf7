from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Section, Topic, TriggerRow, TriggerTable


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name", "slug", "description")
    # Unique translated slugs: an empty translation is NULL, so empty ones never collide.
    empty_values = {"slug": None}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "slug", "summary", "intro", "conclusion")
    empty_values = {"slug": None}


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("heading", "body")


@register(TriggerTable)
class TriggerTableTranslationOptions(TranslationOptions):
    fields = ("caption", "trigger_heading", "description_heading")


@register(TriggerRow)
class TriggerRowTranslationOptions(TranslationOptions):
    fields = ("trigger", "description")
