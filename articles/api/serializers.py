"""Articles as JSON printed from their publications; topics read in one language (no mixing).

A publication already knows the language it is served in (`served_language`, decided when it was
published) and holds the whole document in the API's block shape, so an article's answer is a
print of it.
"""

from django.utils.http import urlencode
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from articles.api.language import LANG_PARAMETER
from articles.models import SOURCE_LANGUAGE, Section, language_codes
from articles.publishing.models import Publication
from backhealth.languages import url_in


def api_url(request, name: str, language: str, **kwargs) -> str:
    # API paths have no language prefix; the language is the `lang` parameter.
    return request.build_absolute_uri(f"{url_in(SOURCE_LANGUAGE, name, **kwargs)}?{LANG_PARAMETER}={language}")


def public_url(request, name: str, language: str, **kwargs) -> str:
    return request.build_absolute_uri(url_in(language, name, **kwargs))


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


class SectionSerializer(serializers.Serializer):
    """The shape of a document's section (the detail prints the stored document as it is)."""

    heading = serializers.CharField()
    aspect = serializers.ChoiceField(choices=Section.Aspect.values, allow_null=True)
    blocks = serializers.SerializerMethodField(
        help_text="Paragraphs and lists in the order written; a section's table, if any, comes last."
    )

    @extend_schema_field(BLOCKS_SCHEMA)
    def get_blocks(self, section: dict) -> list[dict]:
        return section["blocks"]


class ArticleFAQSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.ListField(child=serializers.CharField(), help_text="The answer's paragraphs.")


class TranslationLinkSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    url = serializers.URLField(help_text="The article in this language in the API.")
    public_url = serializers.URLField(help_text="The article's page in this language on the site.")


def article_public_url(request, language: str, slug: str) -> str:
    return public_url(request, "articles:detail", language, slug=slug)


# The publication fields an article summary prints (below): a list reads only these.
SUMMARY_FIELDS = (
    "article_id",
    "language",
    "served_language",
    "slug",
    "title",
    "description",
    "alternates",
    "first_published_at",
    "live_from",
    "last_reviewed",
    "next_review_due",
)


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="article_id", read_only=True)
    language = serializers.ChoiceField(
        source="served_language", choices=LANGUAGE_CHOICES, help_text="The language every text field is in."
    )
    requested_language = serializers.ChoiceField(
        source="language",
        choices=LANGUAGE_CHOICES,
        help_text="The language asked for (`lang`, else Accept-Language, else en).",
    )
    is_fallback = serializers.BooleanField(
        help_text="True when the article is not complete in the requested language and is served in English."
    )
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(
        source="description",
        help_text="The meta description: the summary, or the intro's first sentence (at most 160 characters).",
    )
    topics = serializers.SerializerMethodField()
    published = serializers.DateTimeField(source="first_published_at", help_text="When it was first published.")
    updated = serializers.DateTimeField(source="live_from", help_text="When this version was published.")
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review_overdue = serializers.SerializerMethodField(
        help_text="True once the next review date has passed: the content is due for a clinical review."
    )
    languages = serializers.SerializerMethodField(help_text="The languages this article is complete in.")
    url = serializers.SerializerMethodField(help_text="This article's detail in the API.")
    public_url = serializers.SerializerMethodField(help_text="This article's page on the site.")

    @extend_schema_field(TopicReferenceSerializer(many=True))
    def get_topics(self, publication: Publication) -> list[dict]:
        context = {**self.context, "language": publication.served_language}
        # The article page's read gives them with the publication; a list prefetches them.
        topics = getattr(publication, "topic_list", None)
        if topics is None:
            topics = publication.topics.all()
        return TopicReferenceSerializer(topics, many=True, context=context).data

    def get_review_overdue(self, publication: Publication) -> bool:
        return publication.review_overdue()

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=LANGUAGE_CHOICES)))
    def get_languages(self, publication: Publication) -> list[str]:
        return [code for code in LANGUAGE_CHOICES if code in publication.alternates]

    def get_url(self, publication: Publication) -> str:
        return api_url(self.context["request"], "api:article-detail", publication.language, pk=publication.article_id)

    def get_public_url(self, publication: Publication) -> str:
        return self.context["request"].build_absolute_uri(publication.get_absolute_url())


class ArticleDetailSerializer(ArticleSummarySerializer):
    intro = serializers.SerializerMethodField(help_text="The intro's paragraphs.")
    sections = serializers.SerializerMethodField()
    faqs = serializers.SerializerMethodField()
    conclusion = serializers.SerializerMethodField(help_text="The conclusion's paragraphs.")
    translations = serializers.SerializerMethodField(help_text="Every language the article is complete in.")

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_intro(self, publication: Publication) -> list[str]:
        return publication.document["intro"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, publication: Publication) -> list[dict]:
        return publication.document["sections"]

    @extend_schema_field(ArticleFAQSerializer(many=True))
    def get_faqs(self, publication: Publication) -> list[dict]:
        return [{"question": faq["question"], "answer": faq["answer"]} for faq in publication.document["faqs"]]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_conclusion(self, publication: Publication) -> list[str]:
        return publication.document["conclusion"]

    @extend_schema_field(TranslationLinkSerializer(many=True))
    def get_translations(self, publication: Publication) -> list[dict]:
        request = self.context["request"]
        return [
            {
                "language": language,
                "url": api_url(request, "api:article-detail", language, pk=publication.article_id),
                "public_url": article_public_url(request, language, publication.alternates[language]),
            }
            for language in LANGUAGE_CHOICES
            if language in publication.alternates
        ]


class ChangeEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="article_id", help_text="The article's id.")
    language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
    event = serializers.ChoiceField(source="kind", choices=["published", "removed"])
    at = serializers.DateTimeField(help_text="When readers started or stopped seeing it.")
    url = serializers.SerializerMethodField(help_text="The article's detail in this language in the API.")

    def get_url(self, event) -> str:
        return api_url(self.context["request"], "api:article-detail", event.language, pk=event.article_id)


# The change feed's answer is one page object, not the list a `list` action would otherwise be described as.
@extend_schema_serializer(many=False)
class ChangesPageSerializer(serializers.Serializer):
    results = ChangeEventSerializer(many=True)
    next = serializers.CharField(
        allow_null=True, help_text="Pass as `since` for the events after these; null before the first event."
    )


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
