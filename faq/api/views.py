from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets

from articles.api.views import ContentAPIMixin, LanguageAnswersMixin, read_only_schema
from articles.models import REQUIRED_TRANSLATED_FIELDS, Article, missing_in
from faq.api.filters import FAQFilter
from faq.api.serializers import FAQSerializer
from faq.models import FAQ


@read_only_schema(
    FAQSerializer,
    many="FAQs",
    one="One FAQ",
    description="Site-wide FAQs and those of published articles. An article's FAQ is in English when its "
    "article is not complete in the requested language; a site-wide one when it is not translated.",
)
class FAQViewSet(LanguageAnswersMixin, ContentAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = FAQ.objects.published()
    serializer_class = FAQSerializer
    filter_backends = (DjangoFilterBackend,)
    filterset_class = FAQFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FAQ.objects.none()
        language = self.language
        complete_article = Article.objects.complete_in(language).filter(pk=OuterRef("article_id"))
        translated_site_wide = ~missing_in(language, REQUIRED_TRANSLATED_FIELDS["faq"]) & Q(article__isnull=True)
        in_language = Case(
            When(Exists(complete_article), then=True),
            When(translated_site_wide, then=True),
            default=False,
            output_field=BooleanField(),
        )
        return (
            FAQ.objects.published()
            .annotate(in_language=in_language)
            .order_by(F("article_id").asc(nulls_first=True), "order", "id")
        )
