"""Read-only endpoints for live articles (their publications), topics, languages and changes."""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.decorators import method_decorator
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from articles.api.filters import ArticleFilter
from articles.api.http import AnonymousRateThrottle, ContentPagination, JSONFallbackNegotiation
from articles.api.language import LANG_PARAMETER, LANG_PATTERN, requested_language
from articles.api.params import TEXT_PATTERN, refuse_repeated
from articles.api.serializers import (
    SUMMARY_FIELDS,
    ArticleDetailSerializer,
    ArticleSummarySerializer,
    ErrorSerializer,
    SiteLanguageSerializer,
    TopicSerializer,
    api_url,
)
from articles.models import SOURCE_LANGUAGE, Topic, language_codes
from articles.publishing import reads
from articles.publishing.models import Publication
from articles.publishing.services import LISTINGS, TOPICS, article_scope
from backhealth.cache import cached_for_anonymous, depends_on

# The largest id any supported database stores; a larger one names no article (and must not reach SQL).
MAX_ID = 2**63 - 1

LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        LANG_PARAMETER,
        {"type": "string", "pattern": LANG_PATTERN},
        description=f"The language of the answer: one of {', '.join(language_codes())}, optionally with a "
        "region (`es-MX` is `es`); without it, Accept-Language decides, else English. Any other value "
        "answers 400 with the supported languages.",
    ),
    OpenApiParameter("Accept-Language", str, OpenApiParameter.HEADER, description="Used when `lang` is not given."),
    # Conditional requests: a client that holds an answer asks whether it changed (304 if not).
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="The ETag of an answer held: 304 Not Modified while it is still current.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description="The Last-Modified date of an answer held (an HTTP date): 304 Not Modified when nothing "
        "changed since. If-None-Match wins when both are sent.",
    ),
]
RESPONSE_HEADERS = [
    OpenApiParameter(
        "Content-Language", str, OpenApiParameter.HEADER, response=True, description="The language served."
    ),
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=True,
        description="Changes whenever the answer's content changes; send it back in If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified",
        str,
        OpenApiParameter.HEADER,
        response=True,
        description="When the article last changed (for its detail), or when any content last changed; "
        "send it back in If-Modified-Since.",
    ),
    OpenApiParameter("Vary", str, OpenApiParameter.HEADER, response=True),
    OpenApiParameter(
        "Retry-After",
        {"type": "integer", "minimum": 0},
        OpenApiParameter.HEADER,
        response=[429],
        description="Seconds to wait before the next request.",
    ),
]
ORDERINGS = [f"{sign}{field}" for field in ("updated", "published", "next_review_due") for sign in ("", "-")]
ID_PARAMETER = OpenApiParameter(
    "id", {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}, OpenApiParameter.PATH, description="The id."
)


def text_parameter(name: str, description: str) -> OpenApiParameter:
    """A filter that takes any text but none (an empty value answers 400)."""
    return OpenApiParameter(name, {"type": "string", "pattern": TEXT_PATTERN}, description=description)


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="A bad query parameter or an unsupported language."),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests; the Retry-After header says when to retry."),
}
NOT_MODIFIED = {304: OpenApiResponse(description="Not modified since the ETag or date the client sent.")}
NOT_FOUND = {404: OpenApiResponse(ErrorSerializer, description="No such published item, or a page beyond the last.")}


def answer_variant(request) -> str:
    """What a cached answer is kept under besides its URL: the language the API resolved, the
    format (with DEBUG, a browser gets the browsable API for the same URL) and the day (an
    article's `review_overdue` turns true on a day when nothing is published)."""
    return f"{requested_language(request)}.{request.accepted_renderer.format}.{timezone.localdate().isoformat()}"


def cached_answer(*parameters: str):
    """Cache an API answer per URL (with only these query parameters), language and format."""
    return method_decorator(
        cached_for_anonymous(variant=answer_variant, parameters=(LANG_PARAMETER, "page", "page_size", *parameters))
    )


class ContentSchema(AutoSchema):
    """A public API: no operation asks for credentials (drf-spectacular would otherwise describe
    `AllowAny` as an empty security requirement, which generated clients read as "log in")."""

    def get_auth(self):
        return []


class ContentAPIMixin:
    """Shared HTTP behaviour: anonymous, throttled, language-aware and conditional (ETag, 304)."""

    schema = ContentSchema()
    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (AnonymousRateThrottle,)
    pagination_class = ContentPagination
    content_negotiation_class = JSONFallbackNegotiation
    lookup_value_regex = r"[0-9]+"

    @property
    def language(self) -> str:
        return requested_language(self.request)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_repeated(request.query_params)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language",))
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        # The ETag is the content's own hash, so it changes with anything in the answer.
        set_response_etag(response)
        last_modified = response.get("Last-Modified")
        conditional = get_conditional_response(
            request._request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )
        if conditional is not response and response.has_header("Content-Language"):
            # A 304 stands for the answer the client holds: in that answer's language.
            conditional["Content-Language"] = response["Content-Language"]
        return conditional


def read_only_schema(serializer, *, many: str, one: str, description: str | None = None, filters=()):
    """The schema of a plain read-only resource: its list and its detail, with the API's headers and errors."""
    parameters = [*LANGUAGE_PARAMETERS, *RESPONSE_HEADERS]
    errors = {**NOT_MODIFIED, **ERRORS, **NOT_FOUND}
    # Without a description of its own, an operation would show a view class's docstring.
    description = description or "In the requested language: `?lang=`, else Accept-Language, else English."
    return extend_schema_view(
        list=extend_schema(
            summary=many,
            description=description,
            parameters=[*parameters, *filters],
            responses={200: serializer(many=True), **errors},
        ),
        retrieve=extend_schema(
            summary=one,
            description=description,
            parameters=[ID_PARAMETER, *parameters],
            responses={200: serializer, **errors},
        ),
    )


class LanguageAnswersMixin:
    """List and detail answers cached per language, with the language headers; serializers read
    the language from their context."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language}

    scopes = (LISTINGS, TOPICS)

    # The FAQ list's filters; other resources have none, and ignore them.
    @cached_answer("article", "site_wide")
    def list(self, request, *args, **kwargs):
        changed = depends_on(*self.scopes)
        return with_language_headers(super().list(request, *args, **kwargs), self.language, changed)

    @cached_answer()
    def retrieve(self, request, *args, **kwargs):
        changed = depends_on(*self.scopes)
        return with_language_headers(super().retrieve(request, *args, **kwargs), self.language, changed)


def with_language_headers(response: Response, language: str, changed: dict | None = None) -> Response:
    """The language served and, unless the answer knows better, when what it shows last changed."""
    response["Content-Language"] = language
    if not response.has_header("Last-Modified") and changed:
        response["Last-Modified"] = http_date(max(state[1] for state in changed.values()))
    return response


@extend_schema_view(
    list=extend_schema(
        summary="Published articles",
        description="A summary of each published article (no sections), in the requested language where the "
        "article is complete in it, else in English (`is_fallback`). A list's Last-Modified is when any "
        "content last changed (a save, a deletion or a scheduled publication).",
        parameters=[
            *LANGUAGE_PARAMETERS,
            *RESPONSE_HEADERS,
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="Articles changed or published at or after this ISO 8601 date-time (a date alone "
                "means its midnight; no offset means UTC), for incremental sync. Anything else answers 400.",
            ),
            OpenApiParameter(
                "ordering",
                {"type": "array", "minItems": 1, "items": {"type": "string", "enum": ORDERINGS}},
                style="form",
                explode=False,
                description="A comma list of updated, published and next_review_due, each reversed by a leading "
                "“-”; the first one decides first. Default: -published. Another field answers 400.",
            ),
            text_parameter("slug", "The article's slug in any language."),
            text_parameter("topic", "A topic's slug in any language; an unknown topic matches no article."),
            text_parameter(
                "search",
                "Words that must all appear in the text, in the language it is served in, accents and case "
                "aside, as on the search page (with the language's stemming on PostgreSQL). Results come best "
                "match first, the title weighing most, unless `ordering` is given.",
            ),
        ],
        responses={200: ArticleSummarySerializer(many=True), **NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="One published article, whole",
        description="The article as structure: sections of ordered blocks (paragraph, list, table), FAQs, "
        "dates and links. An article not complete in the requested language is served entirely in English "
        "with `Content-Language: en` and `is_fallback: true`.",
        parameters=[ID_PARAMETER, *LANGUAGE_PARAMETERS, *RESPONSE_HEADERS],
        responses={200: ArticleDetailSerializer, **NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    ),
)
class ArticleViewSet(ContentAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Publication.objects.none()
    filter_backends = (DjangoFilterBackend,)
    filterset_class = ArticleFilter
    lookup_field = "article_id"
    lookup_url_kwarg = "pk"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Publication.objects.none()
        # A list reads no documents: only what a summary prints (the detail reads its own).
        summaries = Publication.objects.live().in_language(self.language).only(*SUMMARY_FIELDS)
        return summaries.newest_first().prefetch_related("topics")

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSummarySerializer

    @cached_answer("slug", "topic", "updated_since", "search", "ordering")
    def list(self, request, *args, **kwargs):
        changed = depends_on(LISTINGS, TOPICS)
        return with_language_headers(super().list(request, *args, **kwargs), self.language, changed)

    @cached_answer()
    def retrieve(self, request, *args, **kwargs):
        if not 1 <= int(kwargs["pk"]) <= MAX_ID:
            raise NotFound(_("There is no such article."))
        # Named before the publication is read: a publish in between then shows as a newer number.
        depends_on(article_scope(int(kwargs["pk"])), TOPICS)
        publication = reads.live_publication(int(kwargs["pk"]), self.language)
        if publication is None:
            raise NotFound(_("There is no such article."))
        response = Response(self.get_serializer(publication).data)
        response["Last-Modified"] = http_date(publication.live_from.timestamp())
        return with_language_headers(response, publication.served_language)


@read_only_schema(TopicSerializer, many="Topics", one="One topic")
class TopicViewSet(LanguageAnswersMixin, ContentAPIMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Topic.objects.all()
    serializer_class = TopicSerializer

    def get_queryset(self):
        live = Publication.objects.live().in_language(SOURCE_LANGUAGE)
        return Topic.objects.annotate(
            article_count=Count("publications", filter=Q(publications__in=live), distinct=True)
        ).order_by("name_en", "id")


@extend_schema_view(
    list=extend_schema(
        summary="The site's languages",
        parameters=[*LANGUAGE_PARAMETERS, *RESPONSE_HEADERS],
        responses={200: SiteLanguageSerializer(many=True), **NOT_MODIFIED, **ERRORS, **NOT_FOUND},
    ),
)
class LanguageViewSet(ContentAPIMixin, viewsets.GenericViewSet):
    def get_queryset(self):
        return Publication.objects.none()

    @cached_answer()
    def list(self, request, *args, **kwargs):
        changed = depends_on(LISTINGS)
        language = self.language
        counts = dict.fromkeys(language_codes(), 0)
        counts.update(
            Publication.objects.live().translated().values_list("language").annotate(count=Count("id")).order_by()
        )
        with translation.override(language):
            languages = [
                {
                    "code": code,
                    "name": str(name),
                    "name_local": get_language_info(code)["name_local"],
                    "direction": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
                    "article_count": counts[code],
                    "articles_url": api_url(request, "api:article-list", code),
                }
                for code, name in settings.LANGUAGES
            ]
        response = self.get_paginated_response(self.paginate_queryset(languages))
        return with_language_headers(response, language, changed)
