"""`faqs/`: site-wide FAQs (live when saved) and the FAQs of live articles (from their publications).

It lives with the articles' API because an article's FAQs reach readers only through the
article's publications; the faq app itself knows nothing of articles.
"""

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.api.params import NoEmptyValuesForm, StrictBooleanFilter
from articles.api.serializers import api_url
from articles.api.views import MAX_ID, ContentAPIMixin, cached_answer, read_only_schema, with_language_headers
from articles.models import SOURCE_LANGUAGE, language_codes
from articles.publishing.models import Publication
from articles.publishing.services import LISTINGS
from backhealth.cache import depends_on
from faq.models import FAQ, SITE_FAQS


class FAQSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.ChoiceField(choices=language_codes(), help_text="The language of the question and answer.")
    question = serializers.CharField()
    answer = serializers.ListField(child=serializers.CharField(), help_text="The answer's paragraphs.")
    article = serializers.IntegerField(allow_null=True, help_text="The article it belongs to; null: site-wide.")
    article_url = serializers.SerializerMethodField(help_text="The article in the API; null for a site-wide FAQ.")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_article_url(self, faq: dict) -> str | None:
        if faq["article"] is None:
            return None
        return api_url(self.context["request"], "api:article-detail", self.context["language"], pk=faq["article"])


class IdFilter(django_filters.NumberFilter):
    """A whole number ("1.5" is refused with 400, where a decimal field would round it)."""

    field_class = forms.IntegerField


class FAQFilter(django_filters.FilterSet):
    """Checks the query string (a bad value is a 400); the view applies it to both kinds of FAQ."""

    article = IdFilter(help_text="An article's id: its FAQs. An unknown or unpublished id matches none.")
    site_wide = StrictBooleanFilter(help_text="true: only site-wide FAQs; false: only articles' FAQs.")

    class Meta:
        model = FAQ
        fields = ("article", "site_wide")
        form = NoEmptyValuesForm

    def filter_queryset(self, queryset):
        return queryset


def site_wide_faq(faq: FAQ, language: str) -> dict:
    # A question not yet translated is in English.
    shown = language if getattr(faq, f"question_{language}") and getattr(faq, f"answer_{language}") else SOURCE_LANGUAGE
    return {
        "id": faq.pk,
        "language": shown,
        "question": getattr(faq, f"question_{shown}"),
        "answer": getattr(faq, f"answer_{shown}").split("\n"),
        "article": None,
    }


def article_faqs(publication: Publication) -> list[dict]:
    return [
        {
            "id": faq["id"],
            "language": publication.served_language,
            "question": faq["question"],
            "answer": faq["answer"],
            "article": publication.article_id,
        }
        for faq in publication.document["faqs"]
    ]


@read_only_schema(
    FAQSerializer,
    many="FAQs",
    one="One FAQ",
    description="Site-wide FAQs and those of live articles. An article's FAQ is in English when its "
    "article is not complete in the requested language; a site-wide one when it is not translated.",
    filters=[
        OpenApiParameter(
            "article",
            int,
            description="An article's id: its FAQs. An unknown or unpublished id matches none.",
        ),
        OpenApiParameter("site_wide", bool, description="true: only site-wide FAQs; false: only articles' FAQs."),
    ],
)
class FAQViewSet(ContentAPIMixin, viewsets.GenericViewSet):
    queryset = FAQ.objects.none()
    serializer_class = FAQSerializer
    filterset_class = FAQFilter

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    def faqs(self, article: int | None, site_wide: bool | None) -> list[dict]:
        language = self.language
        found = []
        if site_wide is not False and article is None:
            found += [site_wide_faq(faq, language) for faq in FAQ.objects.site_wide()]
        if site_wide is not True and (article is None or 1 <= article <= MAX_ID):
            publications = Publication.objects.live().in_language(language).order_by("article_id")
            if article is not None:
                publications = publications.filter(article_id=article)
            for publication in publications:
                found += article_faqs(publication)
        return found

    @cached_answer("article", "site_wide")
    def list(self, request, *args, **kwargs):
        changed = depends_on(LISTINGS, SITE_FAQS)
        filters = self.filterset_class(request.query_params, queryset=self.get_queryset(), request=request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        found = self.faqs(filters.form.cleaned_data.get("article"), filters.form.cleaned_data.get("site_wide"))
        response = self.get_paginated_response(self.get_serializer(self.paginate_queryset(found), many=True).data)
        return with_language_headers(response, self.language, changed)

    @cached_answer()
    def retrieve(self, request, *args, **kwargs):
        changed = depends_on(LISTINGS, SITE_FAQS)
        faq = FAQ.objects.filter(pk=kwargs["pk"]).first()
        found = None
        if faq is not None and faq.article_id is None:
            found = site_wide_faq(faq, self.language)
        elif faq is not None:
            live = Publication.objects.live().in_language(self.language).filter(article_id=faq.article_id).first()
            found = next((entry for entry in article_faqs(live) if entry["id"] == faq.pk), None) if live else None
        if found is None:
            raise Http404(_("There is no such FAQ."))
        return with_language_headers(Response(self.get_serializer(found).data), self.language, changed)
