from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from articles.api.views import (
    ERRORS,
    LANGUAGE_PARAMETERS,
    NOT_FOUND,
    NOT_MODIFIED,
    RESPONSE_HEADERS,
    ContentAPIMixin,
    cached_answer,
    with_language_headers,
)
from articles.models import REQUIRED_TRANSLATED_FIELDS, Article, missing_in
from faq.api.filters import FAQFilter
from faq.api.serializers import FAQSerializer
from faq.models import FAQ


@extend_schema_view(
    list=extend_schema(
        summary="FAQs",
        description="Site-wide FAQs and those of published articles. An article's FAQ is in English when its "
        "article is not complete in the requested language; a site-wide one when it is not translated.",
        parameters=[*LANGUAGE_PARAMETERS, *RESPONSE_HEADERS],
        responses={200: FAQSerializer(many=True), **NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One FAQ",
        parameters=[*LANGUAGE_PARAMETERS, *RESPONSE_HEADERS],
        responses={200: FAQSerializer, **NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    ),
)
class FAQViewSet(ContentAPIMixin, viewsets.ReadOnlyModelViewSet):
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

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    @cached_answer
    def list(self, request, *args, **kwargs):
        return with_language_headers(super().list(request, *args, **kwargs), self.language)

    @cached_answer
    def retrieve(self, request, *args, **kwargs):
        return with_language_headers(super().retrieve(request, *args, **kwargs), self.language)
