"""Two readers and a publisher sharing Redis: no reader keeps an old state after a publish commits.

The publisher's transaction raises the scope numbers in the database; Redis hears of it only after
the commit. A reader that runs in between (its own database connection, as another process has)
sees the old publication and may put the old number into Redis, but that copy is deleted at the
commit, and any copy stored later lives only a few seconds.
"""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.test import Client

from articles.publishing.models import Publication
from articles.tests.factories import publish_now
from backhealth import cache as answers
from conftest import import_seed

REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/10"}}

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database that other connections read while one writes"
)


def read_elsewhere(url: str) -> str:
    """The page as a reader with its own database connection (another process) gets it."""
    found = {}

    def read():
        try:
            found["page"] = Client().get(url).content.decode()
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return found["page"]


@pytest.mark.django_db(transaction=True)
def test_a_reader_between_the_publish_and_its_commit_cannot_pin_the_old_page(settings):
    settings.REDIS_URL = REDIS["default"]["LOCATION"]
    settings.CACHES = REDIS
    cache.clear()
    article = import_seed()
    url = Publication.objects.live().get(article=article, language="en").get_absolute_url()
    assert "Back Spasms, Revised" not in read_elsewhere(url)
    with transaction.atomic():
        article.title_en = "Back Spasms, Revised"
        article.save()
        publish_now(article)
        # Not committed: the other reader still sees the old page, and stores it.
        assert "Back Spasms, Revised" not in read_elsewhere(url)
    # Committed: the shared numbers were dropped from Redis, so the old page is not served.
    assert "Back Spasms, Revised" in read_elsewhere(url)
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_a_scope_number_in_redis_expires_within_seconds(settings):
    settings.REDIS_URL = REDIS["default"]["LOCATION"]
    settings.CACHES = REDIS
    cache.clear()
    answers.scope_states(["listings"])
    ttl = cache._cache.get_client().ttl(cache.make_and_validate_key("scope:listings"))
    assert 0 < ttl <= answers.SCOPE_TIMEOUT
    cache.clear()
