"""`changes/?since=TOKEN`: every publish and removal, oldest first, for mirrors that keep in step.

The token is opaque to clients: it names the last event they saw (its moment and id). Events are
listed only once they are a few seconds old, so a transaction that commits a moment late cannot
slip an event in before a token already handed out.
"""

import base64
import datetime
import re

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles.api.serializers import ChangeEventSerializer, ChangesPageSerializer
from articles.api.views import (
    ERRORS,
    LANGUAGE_PARAMETERS,
    NOT_MODIFIED,
    RESPONSE_HEADERS,
    ContentAPIMixin,
    cached_answer,
    with_language_headers,
)
from articles.publishing.models import ChangeEvent
from articles.publishing.services import LISTINGS
from backhealth.cache import depends_on

PAGE_SIZE = 100


# A token is the last event's moment in microseconds since 1970 and its id. The pattern admits only
# moments and ids that exist (up to the year 2286), so every token it matches can be read.
SINCE_PATTERN = r"^[0-9]{1,16}-[0-9]{1,18}$"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def encode_token(event: ChangeEvent) -> str:
    return f"{(event.at - EPOCH) // MICROSECOND}-{event.pk}"


def decode_token(token: str) -> tuple[datetime.datetime, int]:
    if re.fullmatch(SINCE_PATTERN, token):
        moment, number = token.split("-")
        return EPOCH + int(moment) * MICROSECOND, int(number)
    return decode_earlier_token(token)


def decode_earlier_token(token: str) -> tuple[datetime.datetime, int]:
    """The tokens handed out before (base64 of "ISO moment|id"), which mirrors may still hold."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        moment, number = text.split("|")
        at = parse_datetime(moment)
        if at is None or timezone.is_naive(at):
            raise ValueError
        return at.astimezone(datetime.UTC), int(number)
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise ValidationError({"since": [_("Pass back a `next` token from an earlier answer.")]}) from None


@extend_schema(
    summary="Publish and removal events",
    description="Every publish and removal of an article in a language, oldest first. Store `next` and pass "
    "it back as `since` to learn each change once; with nothing newer, `next` is the token given (null "
    "before the first event).",
    parameters=[
        OpenApiParameter(
            "since",
            {"type": "string", "pattern": SINCE_PATTERN},
            description="A `next` token from an earlier answer.",
        ),
        *LANGUAGE_PARAMETERS,
        *RESPONSE_HEADERS,
    ],
    responses={200: ChangesPageSerializer, **NOT_MODIFIED, **ERRORS},
)
class ChangesViewSet(ContentAPIMixin, viewsets.GenericViewSet):
    queryset = ChangeEvent.objects.none()
    pagination_class = None

    @cached_answer("since")
    def list(self, request, *args, **kwargs):
        changed = depends_on(LISTINGS)
        now = timezone.now()
        settled = now - datetime.timedelta(seconds=settings.CHANGES_SETTLE_SECONDS)
        events = ChangeEvent.objects.filter(at__lte=now).order_by("at", "id")
        since = request.query_params.get("since")
        if since is not None:
            at, number = decode_token(since)
            events = events.filter(at__gte=at).exclude(at=at, pk__lte=number)
        page = list(events[: PAGE_SIZE + 1])
        shown = [event for event in page if event.at <= settled][:PAGE_SIZE]
        # Events still settling join this page in a moment: neither the answer nor its date may be kept.
        settling = len(shown) < min(len(page), PAGE_SIZE)
        next_token = encode_token(shown[-1]) if shown else since
        data = {
            "results": ChangeEventSerializer(shown, many=True, context={"request": request}).data,
            "next": next_token,
        }
        response = with_language_headers(Response(data), self.language, None if settling else changed)
        if settling:
            response["Cache-Control"] = "no-cache"
        return response
