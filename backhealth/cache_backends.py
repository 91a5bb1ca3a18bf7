"""The cache backends: each process's memory, and a Redis cache that fails soft.

`LocalMemoryCache` is Django's local memory cache without the check that keys would suit
memcached: every key here is the project's own (hashes, names of scopes), and the check walks each
key's characters on every call, twice per cache hit.

The Redis cache fails soft: the cache is an accelerator, never a dependency (DESIGN.md).

With Redis refusing, hanging or gone, every operation answers as a miss would (`get` gives the
default, `add` and `delete` say nothing happened), so callers fall back to the database. The error
goes to the log at most once a minute per process, not to the reader.

After a failure the process leaves Redis alone for `RETRY_AFTER` seconds: a hanging server would
otherwise cost one socket timeout per cache call, and a page makes several.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_INTERVAL = 60.0
RETRY_AFTER = 5.0


class LocalMemoryCache(LocMemCache):
    def validate_key(self, key):
        """Any key will do in a process's memory (memcached's limits are not this cache's)."""


class FaultTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._logged_at: float | None = None
        self._unlogged_errors = 0
        self._pending_deletes: set[str] = set()

    @property
    def available(self) -> bool:
        """False while the last failure is recent: calls then answer at once, as misses."""
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: RedisError) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + RETRY_AFTER
            self._unlogged_errors += 1
            if self._logged_at is not None and now - self._logged_at < LOG_INTERVAL:
                return
            count, self._unlogged_errors, self._logged_at = self._unlogged_errors, 0, now
        logger.warning(
            "cache unavailable, answering without it (%s failed: %s; %d error(s) since the last report)",
            operation,
            error,
            count,
        )

    def _guarded(self, operation: str, fallback, call, *args):
        if not self.available:
            return fallback
        try:
            self._retry_deletes()
            return call(*args)
        except RedisError as error:
            self._failed(operation, error)
            return fallback

    def _retry_deletes(self) -> None:
        # A delete is an invalidation: one lost while Redis hung would leave stale state behind
        # once it answers again, so it is sent before anything else is.
        while self._pending_deletes:
            key = next(iter(self._pending_deletes))
            self._cache.delete(key)
            self._pending_deletes.discard(key)

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("add", False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that were not stored, as Django's contract says: all of them.
        return self._guarded("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        deleted = self._guarded("delete", None, super().delete, key, version)
        if deleted is None:
            self._pending_deletes.add(self.make_and_validate_key(key, version=version))
            return False
        return deleted

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version)

    def clear(self):
        return self._guarded("clear", False, super().clear)

    def incr(self, key, delta=1, version=None):
        # A counter cannot be guessed: an unreachable cache reads as a missing key, which Django's
        # contract answers with ValueError.
        missing = object()
        value = self._guarded("incr", missing, super().incr, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return value
