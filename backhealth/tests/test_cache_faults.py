"""With Redis stopped, refusing or hanging, readers still get their answers from the database.

Each test runs its own throwaway `redis-server` (or a socket that never answers) on a free port.
"""

import ast
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from unittest import mock

import pytest
import redis
from django.core.cache import cache, caches
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import translation

from backhealth import cache_backends
from backhealth.tests.test_settings import PRODUCTION, settings_in

REDIS_SERVER = "/usr/bin/redis-server"
TIMEOUT = 0.25


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server():
    """A redis-server of this test's own, keeping nothing on disk; yields its process and port."""
    if not shutil.which(REDIS_SERVER):
        pytest.skip(f"no redis-server at {REDIS_SERVER}")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (a fixed local program)
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=TIMEOUT)
    for _attempt in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the throwaway redis-server did not start")
    yield process, port
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait()


@pytest.fixture
def hanging_server():
    """A TCP server that accepts connections and never says a word, as a stuck Redis does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], accepted
    stop.set()
    thread.join()
    for connection_ in accepted:
        connection_.close()
    listener.close()


def use_redis(settings, port: int) -> None:
    """The production cache configuration, as settings.py builds it from REDIS_URL, on `port`."""
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "backhealth.cache_backends.FaultTolerantRedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": settings.REDIS_TIMEOUT, "socket_timeout": settings.REDIS_TIMEOUT},
        }
    }


def article_url(article) -> str:
    with translation.override("en"):
        return reverse("articles:detail", kwargs={"slug": article.slug_en})


def reader_urls(article) -> list[str]:
    return ["/en/", article_url(article), "/api/v1/articles/", f"/api/v1/articles/{article.pk}/"]


def test_with_redis_url_the_site_uses_the_fault_tolerant_cache_with_short_socket_timeouts():
    caches_setting = ast.literal_eval(
        settings_in({**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:1/0"}, "CACHES")["CACHES"]
    )

    assert caches_setting["default"]["BACKEND"] == "backhealth.cache_backends.FaultTolerantRedisCache"
    assert caches_setting["default"]["OPTIONS"] == {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT}


def test_with_redis_running_pages_are_served_through_it(client, article, settings, redis_server):
    _process, port = redis_server
    use_redis(settings, port)

    assert [client.get(url).status_code for url in reader_urls(article)] == [200, 200, 200, 200]
    assert redis.Redis(port=port).dbsize() > 0


def test_with_redis_stopped_pages_and_api_answer_from_the_database(client, article, settings, redis_server):
    process, port = redis_server
    use_redis(settings, port)
    assert client.get("/en/").status_code == 200
    process.terminate()
    process.wait()

    assert [client.get(url).status_code for url in reader_urls(article)] == [200, 200, 200, 200]


def test_with_nothing_listening_pages_and_api_answer_from_the_database(client, article, settings):
    use_redis(settings, free_port())

    assert [client.get(url).status_code for url in reader_urls(article)] == [200, 200, 200, 200]


def test_with_redis_hanging_pages_and_api_answer_from_the_database(client, article, settings, hanging_server):
    port, accepted = hanging_server
    use_redis(settings, port)

    assert [client.get(url).status_code for url in reader_urls(article)] == [200, 200, 200, 200]
    assert accepted, "the pages never tried the cache"


def test_a_hanging_redis_is_waited_for_only_as_long_as_the_socket_timeout(settings, hanging_server):
    port, _accepted = hanging_server
    use_redis(settings, port)
    pool_options = caches["default"]._cache._pool_options

    assert pool_options["socket_timeout"] == TIMEOUT
    assert pool_options["socket_connect_timeout"] == TIMEOUT
    assert cache.get("anything", "default") == "default"


def test_after_a_failure_redis_is_left_alone_for_a_while(settings, hanging_server):
    port, accepted = hanging_server
    use_redis(settings, port)
    cache.get("first")
    tried = len(accepted)

    with mock.patch.object(cache_backends.time, "monotonic", return_value=time.monotonic() + 1):
        assert cache.get("second", "missed") == "missed"
        assert cache.add("third", 1) is False

    assert len(accepted) == tried


def test_a_paused_redis_answers_as_a_miss_and_a_lost_delete_is_sent_when_it_is_back(settings, redis_server):
    process, port = redis_server
    use_redis(settings, port)
    cache.set("state", "old")
    os.kill(process.pid, signal.SIGSTOP)

    assert cache.get("state", "missed") == "missed"
    assert cache.delete("state") is False

    os.kill(process.pid, signal.SIGCONT)
    with mock.patch.object(cache_backends.time, "monotonic", return_value=time.monotonic() + 10):
        assert cache.get("state") is None


def test_cache_errors_are_logged_at_most_once_a_minute(settings, caplog):
    use_redis(settings, free_port())
    start = time.monotonic()

    with caplog.at_level(logging.WARNING, logger="backhealth.cache_backends"):
        for seconds in (0, 10, 20, 61):
            with mock.patch.object(cache_backends.time, "monotonic", return_value=start + seconds):
                cache.get("key")

    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 2
    assert "cache unavailable" in warnings[0]
    assert "3 error(s)" in warnings[1]


def test_every_operation_answers_as_a_miss_when_redis_refuses(settings):
    use_redis(settings, free_port())
    backend = caches["default"]

    for advance, operation in enumerate(
        [
            lambda: backend.get("k", "default") == "default",
            lambda: backend.get_many(["k"]) == {},
            lambda: backend.has_key("k") is False,
            lambda: backend.add("k", 1) is False,
            lambda: backend.set("k", 1) is None,
            lambda: backend.set_many({"k": 1}) == ["k"],
            lambda: backend.touch("k") is False,
            lambda: backend.delete("k") is False,
            lambda: backend.delete_many(["k"]) is None,
            lambda: backend.clear() is False,
            lambda: backend.get_or_set("k", 2) == 2,
        ]
    ):
        with mock.patch.object(cache_backends.time, "monotonic", return_value=time.monotonic() + 10 * (advance + 1)):
            assert operation()
    with pytest.raises(ValueError, match="not found"):
        backend.incr("k")


def test_healthz_says_ok_when_database_and_cache_answer(client, db, settings, redis_server):
    use_redis(settings, redis_server[1])

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_says_degraded_but_answers_200_when_the_cache_is_down(client, db, settings):
    use_redis(settings, free_port())

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_healthz_answers_503_without_the_database_whatever_the_cache(client, db, settings):
    use_redis(settings, free_port())

    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "unavailable"}
