"""HTTP behaviour shared by every API endpoint: errors, throttling, pagination, content negotiation."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler

from backhealth.client_address import client_address

MAX_PAGE_SIZE = 100


def api_exception_handler(error, context):
    """Every error as `{"detail": message}`; field errors are kept under `errors`."""
    response = exception_handler(error, context)
    if response is None:
        return None
    if isinstance(error, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        messages = [f"{field}: {' '.join(str(message) for message in problems)}" for field, problems in errors.items()]
        response.data = {"detail": " ".join(messages), "errors": errors}
    elif not (isinstance(response.data, dict) and "detail" in response.data):
        response.data = {"detail": str(response.data)}
    response.data.update(getattr(error, "extra", {}))
    return response


def not_found(request, *args, **kwargs):
    """Unknown addresses under /api/ answer in JSON like every other API error."""
    return JsonResponse(
        {"detail": _("There is no API endpoint at this address; see /api/v1/docs/.")},
        status=status.HTTP_404_NOT_FOUND,
    )


class AnonymousRateThrottle(AnonRateThrottle):
    """Anonymous callers, told apart by their address (backhealth.client_address, the rule of
    NUM_PROXIES), at API_THROTTLE_ANON.

    Counted per fixed window of the rate's period: one counter per caller and window in the cache,
    so a request costs one cache operation however high the rate (the REST framework's own throttle
    keeps the time of every request in the period, and reads and writes that list on each one). As
    with any fixed window, a caller can reach twice the rate across the edge of two windows.
    The rate is read on every request, so a change of the setting applies at once.
    """

    def get_rate(self):
        return settings.API_THROTTLE_ANON

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        return self._count(f"{self.get_cache_key(request, view)}:{window}") <= self.num_requests

    def _count(self, key: str) -> int:
        try:
            return self.cache.incr(key)
        except ValueError:
            # The window's first request (or a cache that is unavailable: then nobody is refused).
            self.cache.add(key, 1, self.duration + 1)
            return 1

    def wait(self):
        return max(self.window_ends_at - self.now, 0)


def within_rate_at_the_door(request) -> bool:
    """Whether the API's rate limit lets an answer kept in the cache leave before any view runs.
    (A caller over the limit goes on to the view, which refuses with the 429 it always gives.)"""
    return not request.path.startswith("/api/") or AnonymousRateThrottle().allow_request(request, None)


class JSONFallbackNegotiation(DefaultContentNegotiation):
    """A client that asks for a format the API does not speak gets JSON rather than an error."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (exceptions.NotAcceptable, exceptions.NotFound):
            return renderers[0], renderers[0].media_type


class ContentPagination(PageNumberPagination):
    """`page` from 1 and `page_size` from 1 to 100; anything else is refused with 400, never capped."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "A page number from 1. A page beyond the last one answers 404."
    page_size_query_description = (
        f"Results per page, 1 to {MAX_PAGE_SIZE} (default 20). A value outside that range answers 400."
    )
    invalid_page_message = gettext_lazy("There is no page {page_number}: {message}")

    def positive_parameter(self, request, name: str, default: int, maximum: int | None = None) -> int:
        value = request.query_params.get(name)
        if value is None:
            return default
        if not (value.isascii() and value.isdigit()) or int(value) < 1 or (maximum and int(value) > maximum):
            if maximum:
                message = _("%(name)s must be a whole number from 1 to %(maximum)s.") % {
                    "name": name,
                    "maximum": maximum,
                }
            else:
                message = _("%(name)s must be a whole number from 1.") % {"name": name}
            raise exceptions.ValidationError({name: [message]})
        return int(value)

    def get_page_size(self, request):
        return self.positive_parameter(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_page_number(self, request, paginator):
        return self.positive_parameter(request, self.page_query_param, 1)

    def get_schema_operation_parameters(self, view):
        page, page_size = super().get_schema_operation_parameters(view)
        page["schema"] = {"type": "integer", "minimum": 1, "default": 1}
        page_size["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": self.page_size}
        return [page, page_size]
