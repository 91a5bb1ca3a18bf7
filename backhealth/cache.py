"""Cached anonymous answers that are never older than the last content save.

Every cached page or API answer is stored under the current *content version*. Any save or delete
of content raises the version, so older entries are simply never read again. With `REDIS_URL` the
cache and the version live in Redis, shared by every process; without it each process has its own
memory cache and reads the version from the database (one indexed row), so no process serves an
answer older than the last save.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.utils import translation

from backhealth.models import ContentVersion

VERSION_KEY = "content-version"
TIMEOUT = 60 * 60


def _shared() -> bool:
    return bool(settings.REDIS_URL)


def content_version() -> int:
    if _shared():
        version = cache.get(VERSION_KEY)
        if version is not None:
            return version
    # Read on every cached answer: plain SQL, since building the ORM query costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM {ContentVersion._meta.db_table} WHERE id = 1")  # noqa: S608 (no input)
        row = cursor.fetchone()
    version = row[0] if row else 0
    if _shared():
        cache.add(VERSION_KEY, version, None)
    return version


def bump_content_version(**_signal) -> None:
    updated = ContentVersion.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    if _shared():
        # Delete rather than set: the next reader takes the database's number, so two processes
        # saving at once can never leave the shared number behind the database.
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
