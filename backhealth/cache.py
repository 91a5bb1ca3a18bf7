"""Cached anonymous answers, each kept until something it depends on changes for readers.

A view says what its answer depends on with `depends_on("article:42", "listings")` *before* it
reads that content. Each such *scope* has a number that rises when it changes (publishing
article 42 raises "article:42" and "listings"); the answer is stored with the numbers it was
made under and served again only while they are all unchanged. So publishing article A never
throws away article B's page, and a save of a working copy (which no reader sees) changes nothing.

A scheduled change raises its scopes at its moment with no job running: the first reader after
that moment raises the number. Scope numbers live in the database (`backhealth.CacheScope`); with
`REDIS_URL` they are also kept in Redis for a few seconds, so a cache hit needs no database query,
and changes reach Redis only after the writing transaction commits. Without Redis each process has
its own memory cache and keeps the numbers it read for as long as its database says nothing was
committed since (backhealth.scope_watch: no query on SQLite or PostgreSQL), so no process serves an
answer older than the last publish.
"""

import functools
import hashlib
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import F, Min
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from django.utils.module_loading import import_string

from backhealth import scope_watch
from backhealth.models import CacheScope, ScheduledChange

TIMEOUT = 60 * 60
# How long Redis keeps a scope's number before reading it from the database again: a reader that
# read the database just before a commit cannot keep an old number for longer than this.
SCOPE_TIMEOUT = 10
# Answers larger than this are not worth the memory of the local cache or a Redis round trip.
MAX_ANSWER_BYTES = 512 * 1024
# The request headers that can turn a kept answer into a 304 or a 412; without them it goes as it is.
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
# Query parameters that never change an answer's content (campaign tags and click ids).
IGNORED_PARAMETER_PREFIXES = ("utm_",)


def _shared() -> bool:
    return bool(settings.REDIS_URL)


# Scope numbers already read in this request, and those the answer being made depends on.
_numbers_this_request: ContextVar[dict | None] = ContextVar("scope_numbers", default=None)
_recorded: ContextVar[dict | None] = ContextVar("answer_scopes", default=None)


# The numbers this process read outside any transaction, while its database's watch has heard of
# no commit since (without Redis). Replaced, never emptied in place, so that a reader still holding
# the old mapping cannot put a number read before a commit into the new one.
_kept_numbers: dict[str, tuple[int, int, int | None]] = {}
KEPT_NUMBERS_LIMIT = 50_000


def _forget_numbers(**_signal) -> None:
    _numbers_this_request.set(None)


def forget_kept_numbers() -> None:
    """Forget every number this process kept: after a commit it made, or a database emptied."""
    global _kept_numbers
    _kept_numbers = {}


request_started.connect(_forget_numbers, dispatch_uid="backhealth-scope-numbers")


def _scope_key(name: str) -> str:
    return f"scope:{name}"


def _read_rows(names) -> dict[str, tuple[int, int, int | None]]:
    # Read on every cache hit without Redis: plain SQL, since building the ORM query costs more than running it.
    table = CacheScope._meta.db_table
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT name, number, changed_at, next_change_at FROM {table} WHERE name IN ({placeholders})",  # noqa: S608
            list(names),
        )
        found = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    return {name: found.get(name, (0, 0, None)) for name in names}


def _kept_states(names) -> dict[str, tuple[int, int, int | None]]:
    # Looked up once: `connection` finds the thread's connection again on every attribute.
    database = connections[DEFAULT_DB_ALIAS]
    if database.in_atomic_block:
        # This transaction may have changed numbers that the kept ones do not show yet.
        return _read_rows(names)
    if scope_watch.changed(database) or len(_kept_numbers) > KEPT_NUMBERS_LIMIT:
        forget_kept_numbers()
    kept = _kept_numbers
    states = {name: kept[name] for name in names if name in kept}
    missing = [name for name in names if name not in states]
    if missing:
        read = _read_rows(missing)
        kept.update(read)
        states.update(read)
    return states


def _states(names) -> dict[str, tuple[int, int, int | None]]:
    if not _shared():
        return _kept_states(names)
    keys = {_scope_key(name): name for name in names}
    cached = cache.get_many(list(keys))
    states = {keys[key]: value for key, value in cached.items()}
    missing = [name for name in names if name not in states]
    if missing:
        read = _read_rows(missing)
        cache.set_many({_scope_key(name): state for name, state in read.items()}, SCOPE_TIMEOUT)
        states.update(read)
    return states


def scope_states(names) -> dict[str, tuple[int, int]]:
    """Each scope's number and when it last changed (Unix seconds), read once per request."""
    names = tuple(dict.fromkeys(names))
    known = _numbers_this_request.get()
    if known is None:
        known = {}
        _numbers_this_request.set(known)
    wanted = [name for name in names if name not in known]
    if wanted:
        now = time.time()
        states = _states(wanted)
        due = [name for name, state in states.items() if state[2] is not None and state[2] <= now]
        if due:
            _advance(due)
            states.update(_read_rows(due))
        known.update({name: state[:2] for name, state in states.items()})
    return {name: known[name] for name in names}


def depends_on(*names: str) -> dict[str, tuple[int, int]]:
    """Mark the answer being made as depending on these scopes; call it before reading them."""
    states = scope_states(names)
    recorded = _recorded.get()
    if recorded is not None:
        recorded.update({name: state[0] for name, state in states.items()})
    return states


def _next_scheduled(name: str, now: int) -> int | None:
    return ScheduledChange.objects.filter(name=name, at__gt=now).aggregate(at=Min("at"))["at"]


@transaction.atomic
def _raise_numbers(names, now: int) -> None:
    ScheduledChange.objects.filter(name__in=names, at__lte=now).delete()
    for name in names:
        values = {"changed_at": now, "next_change_at": _next_scheduled(name, now)}
        if not CacheScope.objects.filter(name=name).update(number=F("number") + 1, **values):
            CacheScope.objects.create(name=name, number=1, **values)
    scope_watch.announce(connection)


def _advance(names) -> None:
    """The first reader after a scheduled moment raises the scopes that changed then."""
    _raise_numbers(names, int(time.time()))
    _after_commit(names)


def _after_commit(names) -> None:
    def forget():
        _forget_numbers()
        forget_kept_numbers()
        if _shared():
            cache.delete_many([_scope_key(name) for name in names])

    transaction.on_commit(forget)


def invalidate(*names: str, at=None) -> None:
    """What `names` stand for changes now, or at the moment `at` (a scheduled publication).

    Call it inside the transaction that makes the change: the numbers change with it, and Redis
    learns of them only after it commits.
    """
    now = int(time.time())
    moment = int(at.timestamp()) if at is not None else None
    if moment is None or moment <= now:
        _raise_numbers(names, now)
    else:
        ScheduledChange.objects.bulk_create([ScheduledChange(name=name, at=moment) for name in names])
        for name in names:
            scope, _created = CacheScope.objects.get_or_create(name=name)
            if scope.next_change_at is None or scope.next_change_at > moment:
                CacheScope.objects.filter(name=name).update(next_change_at=moment)
        scope_watch.announce(connection)
    _after_commit(names)


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
        and len(response.content) <= MAX_ANSWER_BYTES
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _meaningful_query(request, parameters: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """Only the parameters that change the answer, in a fixed order: `?utm_source=…` and unknown
    parameters share the entry of the plain URL."""
    return [(name, request.GET.getlist(name)) for name in sorted(parameters) if name in request.GET]


def cache_key(request, variant: str, parameters: tuple[str, ...]) -> str:
    parts = (
        request.scheme,
        request.get_host(),
        request.method,
        request.path,
        _meaningful_query(request, parameters),
        variant,
    )
    return f"answer:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def _fresh(entry) -> bool:
    numbers, _response = entry
    current = scope_states(numbers)
    return all(current[name][0] == number for name, number in numbers.items())


def cached_for_anonymous(view=None, *, variant=None, parameters: tuple[str, ...] = ()):
    """Cache a view's anonymous answers per URL (with only `parameters` of its query string) and
    variant (`variant(request)`, default: the active language), for as long as the scopes the
    view named with `depends_on` are unchanged.

    Works for plain Django views and for DRF views (their answers are stored once rendered).
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_cacheable_request(request):
                return view(request, *args, **kwargs)
            key = cache_key(request, variant(request) if variant else translation.get_language(), parameters)
            entry = cache.get(key)
            if entry is not None and _fresh(entry):
                _hand_to_the_door(request, key, entry[0])
                return entry[1]
            numbers = {}
            token = _recorded.set(numbers)
            try:
                response = view(request, *args, **kwargs)
            finally:
                _recorded.reset(token)

            def store(rendered):
                if numbers and is_cacheable_response(rendered):
                    cache.set(key, (numbers, rendered), TIMEOUT)
                    _hand_to_the_door(request, key, numbers)

            if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                response.add_post_render_callback(store)
            else:
                store(response)
            return response

        return wrapper

    return decorate(view) if view else decorate


def _plain(response) -> HttpResponse:
    """What is kept of an answer: its status, headers and bytes, nothing a view hung on it (a REST
    framework answer's data and renderer would double what each hit unpickles)."""
    return HttpResponse(response.content, status=response.status_code, headers=dict(response.headers))


def _hand_to_the_door(request, key: str, numbers: dict) -> None:
    """Tell CachedAnswerMiddleware which entry this answer is, so it keeps the finished answer."""
    # A REST framework view gets a wrapper around Django's request; the middleware holds the latter.
    getattr(request, "_request", request).answer_entry = (key, numbers)


def _encoding(request) -> str:
    return "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"


def _finished_variant(request) -> str:
    """What the finished answer differs by besides the view's entry: its compression, and the CORS
    headers that answer the caller's Origin."""
    origin = request.META.get("HTTP_ORIGIN", "")
    return f"{_encoding(request)}:{hashlib.sha256(origin.encode()).hexdigest()[:16] if origin else ''}"


def _door_key(request) -> str:
    """Everything of the raw request an answer can depend on, before any view has looked at it."""
    parts = (
        request.scheme,
        request.META.get("HTTP_HOST", ""),
        request.method,
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT_LANGUAGE", ""),
        request.META.get("HTTP_ACCEPT", ""),
        # The CORS headers answer the caller's Origin.
        request.META.get("HTTP_ORIGIN", ""),
        _encoding(request),
    )
    return f"door:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


class CachedAnswerMiddleware:
    """Serve a cached anonymous answer before any other middleware runs (sessions, authentication,
    CSRF, security headers and the rest).

    The first time a request is answered, the view's cache (above) names the entry; on the way
    out this middleware, the outermost, keeps the finished answer, with every header the
    middleware below it added, under that entry (per content encoding) and remembers which entry
    this exact request reaches. The next identical request is answered from here, after the same freshness check as
    in the view. Requests that differ only in parameters the view ignores reach the same entry.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # What must still let a kept answer leave (the API's rate limit): each says True or False.
        self.checks = [import_string(path) for path in settings.CACHED_ANSWER_CHECKS]

    def __call__(self, request):
        door = _door_key(request) if is_cacheable_request(request) else None
        if door is not None:
            answer = self._kept(door)
            # A request a check refuses goes on to its view, which refuses it as it always does,
            # with every header the middleware adds.
            if answer is not None and all(check(request) for check in self.checks):
                return _conditional(request, answer)
        response = self.get_response(request)
        entry = getattr(request, "answer_entry", None)
        if door is not None and entry is not None and is_cacheable_response(response):
            key, numbers = entry
            finished = f"{key}:{_finished_variant(request)}"
            cache.set_many({finished: (numbers, _plain(response)), door: finished}, TIMEOUT)
        return response

    @staticmethod
    def _kept(door: str):
        finished = cache.get(door)
        if finished is None:
            return None
        entry = cache.get(finished)
        if entry is None or not _fresh(entry):
            return None
        return entry[1]


def _conditional(request, response):
    """A 304 for a client that holds this answer already (If-None-Match or If-Modified-Since)."""
    if not any(header in request.META for header in CONDITIONAL_HEADERS):
        return response
    last_modified = response.get("Last-Modified")
    answer = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    if answer is not response:
        # A 304 stands for the answer the client holds: in that answer's language, and readable
        # by the same origins.
        for header, value in response.items():
            if header.lower() == "content-language" or header.lower().startswith("access-control-"):
                answer[header] = value
    return answer
