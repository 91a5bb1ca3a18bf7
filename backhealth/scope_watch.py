"""Whether the cache scope numbers may have changed since this process last looked, without a query.

Without Redis, a cache hit may serve an answer only while the numbers it was stored under are the
database's (backhealth.cache). Reading them on every hit costs a query, on PostgreSQL a round trip
that costs more than the rest of the hit. So each process keeps the numbers it has read, and before
each hit asks its database a cheaper question: has anything been committed since I last looked?

- SQLite: `PRAGMA data_version` on the request's own connection changes whenever another
  connection commits to the file. (This connection's own commits do not change it; the writer
  forgets its numbers at commit instead.)
- PostgreSQL: every change of scope numbers sends `NOTIFY backhealth_scopes`. At commit, before
  the writer hears that it committed, the database signals every listening session, which sends
  the notification on at once. Each process LISTENs on a connection of its own and reads what has
  arrived on its socket: no round trip. The one window is the moment between the commit and the
  listening session's sending (a process switch on the database's machine, well under a
  millisecond unless that machine is saturated).
- Any other database, `SCOPE_WATCH` off, or a listening connection that is lost: the answer is always "maybe", so
  the numbers are read from the database, as before. A lost connection is opened again after
  `RETRY_AFTER` seconds.
"""

import contextlib
import logging
import os
import select
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

CHANNEL = "backhealth_scopes"
RETRY_AFTER = 5.0


class _SQLiteWatch:
    def __init__(self):
        # The connection each thread last looked through (a thread of the dev server has its
        # own) and the data_version it saw; holding the connection keeps its id from being reused.
        self._seen = threading.local()

    def changed(self, connection) -> bool:
        connection.ensure_connection()
        raw = connection.connection
        version = raw.execute("PRAGMA data_version").fetchone()[0]
        seen = getattr(self._seen, "last", None)
        self._seen.last = (raw, version)
        return seen is None or seen[0] is not raw or seen[1] != version

    def announce(self, connection) -> None:
        """Nothing to send: the other connections see the commit in their data_version."""


class _PostgreSQLWatch:
    def __init__(self):
        self._lock = threading.Lock()
        self._listener = None
        self._pid = None
        self._retry_at = 0.0

    def _listen(self, connection) -> bool:
        """A listening connection for this process: True if it is new (anything may have changed
        before it listened), False if it was there already; None when there is none."""
        if self._listener is not None and self._pid == os.getpid():
            return False
        self._listener = None
        if time.monotonic() < self._retry_at:
            return None
        try:
            listener = connection.get_new_connection(connection.get_connection_params())
            listener.autocommit = True
            listener.execute(f"LISTEN {CHANNEL}")
        except Exception as error:  # any failure means: read the numbers instead
            self._retry_at = time.monotonic() + RETRY_AFTER
            logger.warning("cannot listen for cache scope changes, reading them on every hit (%s)", error)
            return None
        self._listener, self._pid = listener, os.getpid()
        return True

    def changed(self, connection) -> bool:
        with self._lock:
            fresh = self._listen(connection)
            if fresh is None:
                return True
            if fresh:
                return True
            return self._drained()

    def _drained(self) -> bool:
        """Whether a notification arrived; a connection that broke counts as one (and goes)."""
        pgconn = self._listener.pgconn
        heard = False
        try:
            while select.select([pgconn.socket], [], [], 0)[0]:
                pgconn.consume_input()
                while pgconn.notifies() is not None:
                    heard = True
        except Exception as error:  # the server went away: read the numbers instead
            logger.warning("lost the connection that listens for cache scope changes (%s)", error)
            self._close()
            return True
        return heard

    def _close(self) -> None:
        listener, self._listener = self._listener, None
        self._retry_at = time.monotonic() + RETRY_AFTER
        with contextlib.suppress(Exception):  # closing a broken connection
            listener.close()

    def announce(self, connection) -> None:
        """Tell every process at commit (a rolled-back transaction tells nobody)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


class _NoWatch:
    def changed(self, connection) -> bool:
        return True

    def announce(self, connection) -> None:
        pass


_watches: dict[str, object] = {}
_NO_WATCH = _NoWatch()


def stop() -> None:
    """Close this process's listening connection (before its database is dropped, say)."""
    watch = _watches.get("postgresql")
    if watch is not None and watch._listener is not None:
        watch._close()
        watch._retry_at = 0.0


def watch(connection):
    """The watch for `connection`'s database (one per vendor and process); its methods take the
    same connection, the default database's (a request's, in the thread it runs in)."""
    if not settings.SCOPE_WATCH:
        return _NO_WATCH
    vendor = connection.vendor
    if vendor not in _watches:
        _watches[vendor] = {"sqlite": _SQLiteWatch, "postgresql": _PostgreSQLWatch}.get(vendor, _NoWatch)()
    return _watches[vendor]
