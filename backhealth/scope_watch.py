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

    def stop(self) -> None:
        """Nothing to close: the request's own connection is Django's to close."""


class _PostgreSQLWatch:
    def __init__(self):
        self._lock = threading.Lock()
        self._listener = None
        self._pid = None
        self._retry_at = 0.0

    def changed(self, connection) -> bool:
        with self._lock:
            if self._listener is not None and self._pid == os.getpid():
                return self._drained()
            # No listening connection in this process (yet, or any more): anything may have
            # changed before one listens.
            self._listen(connection)
            return True

    def _listen(self, connection) -> None:
        self._listener = None
        if time.monotonic() < self._retry_at:
            return
        try:
            listener = connection.get_new_connection(connection.get_connection_params())
            listener.autocommit = True
            listener.execute(f"LISTEN {CHANNEL}")
        except Exception as error:  # any failure means: read the numbers instead
            self._retry_at = time.monotonic() + RETRY_AFTER
            logger.warning("cannot listen for cache scope changes, reading them on every hit (%s)", error)
            return
        self._listener, self._pid = listener, os.getpid()

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

    def _close(self, retry_after: float = RETRY_AFTER) -> None:
        listener, self._listener = self._listener, None
        self._retry_at = time.monotonic() + retry_after
        if listener is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                listener.close()

    def stop(self) -> None:
        self._close(retry_after=0.0)

    def announce(self, connection) -> None:
        """Tell every process at commit (a rolled-back transaction tells nobody)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


class _NoWatch:
    def changed(self, connection) -> bool:
        return True

    def announce(self, connection) -> None:
        pass

    def stop(self) -> None:
        pass


_WATCHES = {"sqlite": _SQLiteWatch, "postgresql": _PostgreSQLWatch}
_watches: dict[str, object] = {}


def _watch(connection):
    """This process's watch over `connection`'s database (one per vendor)."""
    if not settings.SCOPE_WATCH:
        return _NoWatch()
    vendor = connection.vendor
    if vendor not in _watches:
        _watches[vendor] = _WATCHES.get(vendor, _NoWatch)()
    return _watches[vendor]


def changed(connection) -> bool:
    """Whether anything may have been committed since this thread last asked, through `connection`
    (the default database's, the request's own)."""
    return _watch(connection).changed(connection)


def announce(connection) -> None:
    """Inside the transaction that changes scope numbers: tell the other processes at its commit."""
    _watch(connection).announce(connection)


def stop() -> None:
    """Close this process's listening connections (before their database is dropped, say)."""
    for watch in _watches.values():
        watch.stop()
