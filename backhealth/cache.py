"""Cached anonymous answers that are never older than the last content save.

Every cached page or API answer is stored under the current *content version*. Any save or delete
of content raises the version, so older entries are simply never read again. With `REDIS_URL` the
cache and the version live in Redis, shared by every process; without it each process has its own
memory cache and reads the version from the database (one indexed row), so no process serves an
answer older than the last save.
"""

import functools
import hashlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import connection
from django.db.models import F, Min
from django.utils import timezone, translation

from backhealth.models import ContentVersion

VERSION_KEY = "content-state"
TIMEOUT = 60 * 60


def _shared() -> bool:
    return bool(settings.REDIS_URL)


# The state read once per request: the answer cache and the answer's headers both need it.
_state_this_request: ContextVar[tuple | None] = ContextVar("content_state", default=None)


def _forget_state(**_signal) -> None:
    _state_this_request.set(None)


request_started.connect(_forget_state, dispatch_uid="backhealth-content-state")


def content_state() -> tuple[int, int]:
    """The content version and when content last changed (Unix seconds).

    A scheduled article going live changes content without a save: the first reader after that
    moment raises the version, so no cached answer outlives a scheduled publication.
    """
    state = _state_this_request.get() or _shared_state()
    next_publish_at = state[2]
    if next_publish_at is not None and next_publish_at <= time.time():
        bump_content_version()
        state = _shared_state()
    _state_this_request.set(state)
    return state[0], state[1]


def _shared_state() -> tuple[int, int, int | None]:
    state = cache.get(VERSION_KEY) if _shared() else None
    if state is None:
        state = _read_state()
        if _shared():
            cache.add(VERSION_KEY, state, None)
    return state


def content_version() -> int:
    return content_state()[0]


def _read_state() -> tuple[int, int, int | None]:
    # Read on every cached answer: plain SQL, since building the ORM query costs more than running it.
    table = ContentVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, changed_at, next_publish_at FROM {table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return tuple(row) if row else (0, 0, None)


def bump_content_version(**_signal) -> None:
    from articles.models import Article

    upcoming = Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
    next_publish_at = upcoming.aggregate(Min("publish_at"))["publish_at__min"]
    values = {
        "changed_at": int(time.time()),
        "next_publish_at": int(next_publish_at.timestamp()) if next_publish_at else None,
    }
    updated = ContentVersion.objects.filter(pk=1).update(number=F("number") + 1, **values)
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1, **values})
    _forget_state()
    if _shared():
        # Delete rather than set: the next reader takes the database's state, so two processes
        # saving at once can never leave the shared state behind the database.
        cache.delete(VERSION_KEY)


def is_cacheable_request(request) -> bool:
    """Anonymous GETs without a session: staff previews and logged-in pages are never shared."""
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not (user and user.is_authenticated)
    )


def is_cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def cache_key(request, language: str) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"answer:{content_version()}:{language}:{request.method}:{path}"


def cached_for_anonymous(view=None, *, language=None):
    """Cache a view's anonymous answers per URL and language (`language(request)`, default: active).

    Works for plain Django views and for DRF views (their answers are stored once rendered).
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            key = cache_key(request, language(request) if language else translation.get_language())
            response = cache.get(key)
            if response is not None:
                return response
            response = view(request, *args, **kwargs)
            if is_cacheable_response(response):
                if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                    response.add_post_render_callback(lambda rendered: cache.set(key, rendered, TIMEOUT))
                else:
                    cache.set(key, response, TIMEOUT)
            return response

        return wrapper

    return decorate(view) if view else decorate


def remembered(parts: tuple, compute):
    """`compute()`, kept in the cache under `parts` until the next content save."""
    key = f"value:{content_version()}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
