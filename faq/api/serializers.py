from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers import (
    LANGUAGE_FIELD,
    SOURCE_LANGUAGE,
    TranslatedCharField,
    TranslatedParagraphsField,
    TranslatedSerializer,
    api_url,
)


class FAQSerializer(TranslatedSerializer):
    id = serializers.IntegerField(read_only=True)
    language = serializers.SerializerMethodField(help_text="The language of the question and answer.")
    question = TranslatedCharField(read_only=True)
    answer = TranslatedParagraphsField(read_only=True, help_text="The answer's paragraphs.")
    article = serializers.IntegerField(
        source="article_id", allow_null=True, read_only=True, help_text="The article it belongs to; null: site-wide."
    )
    article_url = serializers.SerializerMethodField(help_text="The article in the API; null for a site-wide FAQ.")

    def language_of(self, faq) -> str:
        """An article's FAQ follows its article: in English when the article is not complete in the language."""
        return self.context["language"] if faq.in_language else SOURCE_LANGUAGE

    @extend_schema_field(LANGUAGE_FIELD)
    def get_language(self, faq) -> str:
        return self.language_of(faq)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, faq) -> str | None:
        if faq.article_id is None:
            return None
        return api_url(self.context["request"], "api:article-detail", self.context["language"], pk=faq.article_id)
