"""Articles and topics as JSON, each read in one language only (`<field>_<language>`, no fallback).

The view decides the language an article is served in (`article.served_language`): the one asked
for when the article is complete in it, else English. Every nested part is read in that language.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles import textformat
from articles.api.language import LANG_PARAMETER
from articles.models import SOURCE_LANGUAGE, Article, Section, language_codes


def api_url(request, name: str, language: str, **kwargs) -> str:
    return request.build_absolute_uri(f"{reverse(name, kwargs=kwargs)}?{LANG_PARAMETER}={language}")


def public_url(request, name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))


def lines(text: str | None) -> list[str]:
    return text.split("\n") if text else []


LANGUAGE_CHOICES = language_codes()
LANGUAGE_FIELD = serializers.ChoiceField(choices=LANGUAGE_CHOICES)


class TranslatedMixin:
    """Reads `<source>_<language>` in the language its serializer serves the instance in."""

    def get_attribute(self, instance):
        return getattr(instance, f"{self.source}_{self.parent.language_of(instance)}")


class TranslatedCharField(TranslatedMixin, serializers.CharField):
    pass


class TranslatedParagraphsField(TranslatedMixin, serializers.ListField):
    """A translated text of one paragraph per line, as a list of paragraphs."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), **kwargs)

    def get_attribute(self, instance):
        return lines(super().get_attribute(instance))


class TranslatedSerializer(serializers.Serializer):
    """Serves every instance in the language of the context (set per article by its parent)."""

    def language_of(self, instance) -> str:
        return self.context["language"]


class TopicReferenceSerializer(TranslatedSerializer):
    id = serializers.IntegerField(read_only=True)
    language = serializers.SerializerMethodField(help_text="The language of the name and slug.")
    slug = TranslatedCharField(read_only=True)
    name = TranslatedCharField(read_only=True)

    def language_of(self, topic) -> str:
        """A topic not translated into the article's language is named in English."""
        language = self.context["language"]
        return (
            language if getattr(topic, f"name_{language}") and getattr(topic, f"slug_{language}") else SOURCE_LANGUAGE
        )

    @extend_schema_field(LANGUAGE_FIELD)
    def get_language(self, topic) -> str:
        return self.language_of(topic)


class TopicSerializer(TopicReferenceSerializer):
    description = TranslatedCharField(read_only=True)
    article_count = serializers.IntegerField(read_only=True, help_text="Published articles in this topic.")
    articles_url = serializers.SerializerMethodField(help_text="This topic's articles in the API.")
    url = serializers.SerializerMethodField(help_text="This topic in the API.")
    public_url = serializers.SerializerMethodField(help_text="This topic's page on the site.")

    def get_articles_url(self, topic) -> str:
        topic_filter = urlencode({"topic": getattr(topic, f"slug_{self.language_of(topic)}")})
        return f"{api_url(self.context['request'], 'api:article-list', self.context['language'])}&{topic_filter}"

    def get_url(self, topic) -> str:
        return api_url(self.context["request"], "api:topic-detail", self.context["language"], pk=topic.pk)

    def get_public_url(self, topic) -> str:
        language = self.language_of(topic)
        return public_url(self.context["request"], "articles:topic", language, slug=getattr(topic, f"slug_{language}"))


class ParagraphBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["paragraph"])
    text = serializers.CharField()


class ListItemSerializer(serializers.Serializer):
    term = serializers.CharField(allow_null=True, help_text="The text before “: ” in “- Term: text”, or null.")
    text = serializers.CharField()


class ListBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["list"])
    items = ListItemSerializer(many=True)


class TableBlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["table"])
    caption = serializers.CharField(allow_null=True)
    columns = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2)
    rows = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField(), min_length=2, max_length=2),
        help_text="Each row's two cells, in the order of `columns`.",
    )


BLOCKS_SCHEMA = PolymorphicProxySerializer(
    component_name="Block",
    serializers={"paragraph": ParagraphBlockSerializer, "list": ListBlockSerializer, "table": TableBlockSerializer},
    resource_type_field_name="type",
    many=True,
)


class SectionSerializer(TranslatedSerializer):
    heading = TranslatedCharField(read_only=True)
    aspect = serializers.SerializerMethodField()
    blocks = serializers.SerializerMethodField(
        help_text="Paragraphs and lists in the order written; a section's table, if any, comes last."
    )

    @extend_schema_field(serializers.ChoiceField(choices=Section.Aspect.values, allow_null=True))
    def get_aspect(self, section) -> str | None:
        return section.aspect or None

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_blocks(self, section) -> list[dict]:
        language = self.language_of(section)
        blocks = []
        for kind, content in textformat.blocks(lines(getattr(section, f"body_{language}"))):
            if kind == "paragraph":
                blocks.append({"type": "paragraph", "text": content})
            else:
                blocks.append({"type": "list", "items": [{"term": item.term, "text": item.text} for item in content]})
        table = getattr(section, "table", None)
        if table is not None:

            def cell(instance, name):
                return getattr(instance, f"{name}_{language}")

            blocks.append(
                {
                    "type": "table",
                    "caption": cell(table, "caption") or None,
                    "columns": [cell(table, "trigger_heading"), cell(table, "description_heading")],
                    "rows": [[cell(row, "trigger"), cell(row, "description")] for row in table.rows.all()],
                }
            )
        return blocks


class ArticleFAQSerializer(TranslatedSerializer):
    question = TranslatedCharField(read_only=True)
    answer = TranslatedParagraphsField(read_only=True, help_text="The answer's paragraphs.")


class TranslationLinkSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    url = serializers.URLField(help_text="The article in this language in the API.")
    public_url = serializers.URLField(help_text="The article's page in this language on the site.")


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    language = serializers.ChoiceField(
        source="served_language", choices=LANGUAGE_CHOICES, help_text="The language every text field is in."
    )
    requested_language = serializers.ChoiceField(
        choices=LANGUAGE_CHOICES, help_text="The language asked for (`lang`, else Accept-Language, else en)."
    )
    is_fallback = serializers.SerializerMethodField(
        help_text="True when the article is not complete in the requested language and is served in English."
    )
    slug = TranslatedCharField(read_only=True)
    title = TranslatedCharField(read_only=True)
    summary = serializers.SerializerMethodField(
        help_text="The meta description: the summary, or the intro's first sentence (at most 160 characters)."
    )
    topics = serializers.SerializerMethodField()
    published = serializers.DateTimeField(source="publish_at", allow_null=True)
    updated = serializers.DateTimeField()
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    languages = serializers.ListField(
        source="complete",
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES),
        help_text="The languages this article is complete in.",
    )
    url = serializers.SerializerMethodField(help_text="This article's detail in the API.")
    public_url = serializers.SerializerMethodField(help_text="This article's page on the site.")

    def language_of(self, article) -> str:
        return article.served_language

    def get_is_fallback(self, article) -> bool:
        return article.served_language != article.requested_language

    def get_summary(self, article) -> str:
        return article.meta_description(article.served_language)

    @extend_schema_field(TopicReferenceSerializer(many=True))
    def get_topics(self, article) -> list[dict]:
        context = {**self.context, "language": article.served_language}
        return TopicReferenceSerializer(article.topics.all(), many=True, context=context).data

    def get_url(self, article) -> str:
        return api_url(self.context["request"], "api:article-detail", article.requested_language, pk=article.pk)

    def get_public_url(self, article) -> str:
        return article_public_url(self.context["request"], article, article.served_language)


def article_public_url(request, article: Article, language: str) -> str:
    return public_url(request, "articles:detail", language, slug=article.slug_in(language))


class ArticleDetailSerializer(ArticleSummarySerializer):
    intro = TranslatedParagraphsField(read_only=True, help_text="The intro's paragraphs.")
    sections = serializers.SerializerMethodField()
    faqs = serializers.SerializerMethodField()
    conclusion = TranslatedParagraphsField(read_only=True, help_text="The conclusion's paragraphs.")
    translations = serializers.SerializerMethodField(help_text="Every language the article is complete in.")

    def nested_context(self, article) -> dict:
        return {**self.context, "language": article.served_language}

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, article) -> list[dict]:
        return SectionSerializer(article.sections.all(), many=True, context=self.nested_context(article)).data

    @extend_schema_field(ArticleFAQSerializer(many=True))
    def get_faqs(self, article) -> list[dict]:
        return ArticleFAQSerializer(article.faqs.all(), many=True, context=self.nested_context(article)).data

    @extend_schema_field(TranslationLinkSerializer(many=True))
    def get_translations(self, article) -> list[dict]:
        request = self.context["request"]
        return [
            {
                "language": language,
                "url": api_url(request, "api:article-detail", language, pk=article.pk),
                "public_url": article_public_url(request, article, language),
            }
            for language in article.complete
        ]


class SiteLanguageSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    name = serializers.CharField(help_text="The language's name in the requested language.")
    name_local = serializers.CharField(help_text="The language's name in itself.")
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    article_count = serializers.IntegerField(help_text="Published articles complete in this language.")
    articles_url = serializers.URLField(help_text="The article list in this language.")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For bad query parameters: each one's name and what is wrong with it.",
    )
    supported_languages = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="For an unsupported language: the supported ones."
    )
