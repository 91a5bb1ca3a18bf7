"""The change feed (`GET /api/v1/changes/`): every publish and removal per article and language,
oldest first, each learnt once by passing `next` back as `since` (DESIGN.md "API", "Publishing")."""

import base64
import datetime
import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from articles.api import changes
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import article_publish, article_unpublish
from articles.tests.factories import make_article, publish_now

URL = "/api/v1/changes/"
LANGUAGES = ["en", "es", "fr", "de", "ar"]


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def clock(monkeypatch):
    """The site's clock (timezone.now, and time.time that the answer cache reads), moved on by `clock(**delta)`."""
    offset = datetime.timedelta()
    real_now, real_time = timezone.now, time.time

    def advance(**delta):
        nonlocal offset
        offset += datetime.timedelta(**delta)

    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)
    monkeypatch.setattr(time, "time", lambda: real_time() + offset.total_seconds())
    return advance


def feed(client, since: str | None = None) -> dict:
    response = client.get(URL, {} if since is None else {"since": since})
    assert response.status_code == 200, response.content
    return response.json()


def events(page: dict) -> list[tuple[int, str, str]]:
    return [(item["id"], item["language"], item["event"]) for item in page["results"]]


def every_language(article, event: str) -> list[tuple[int, str, str]]:
    return [(article.pk, language, event) for language in LANGUAGES]


def token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_an_empty_feed_has_no_next(client, db):
    assert feed(client) == {"results": [], "next": None}


def test_publishing_lists_a_published_event_per_language(client, db):
    article = make_article("Feed", languages=("es",))
    page = feed(client)
    assert events(page) == every_language(article, "published")
    live_from = Publication.objects.live().get(article=article, language="en").live_from
    assert {item["at"] for item in page["results"]} == {live_from.isoformat().replace("+00:00", "Z")}
    assert page["results"][1]["url"] == f"http://testserver/api/v1/articles/{article.pk}/?lang=es"
    assert page["next"]


def test_unpublishing_lists_a_removed_event_per_language(client, db):
    article = make_article("Going")
    published = feed(client)
    assert sorted(article_unpublish(article=article)) == sorted(LANGUAGES)
    removed = feed(client, since=published["next"])
    assert sorted(events(removed)) == sorted(every_language(article, "removed"))
    whole = events(feed(client))
    assert whole[:5] == every_language(article, "published")
    assert sorted(whole[5:]) == sorted(every_language(article, "removed"))
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404


def test_since_gives_only_newer_events_and_each_change_once(client, db):
    first = make_article("First")
    start = feed(client)
    assert events(start) == every_language(first, "published")
    second = make_article("Second")
    newer = feed(client, since=start["next"])
    assert events(newer) == every_language(second, "published")
    nothing = feed(client, since=newer["next"])
    assert nothing == {"results": [], "next": newer["next"]}
    publish_now(first)
    again = feed(client, since=newer["next"])
    assert events(again) == every_language(first, "published")
    assert feed(client, since=again["next"])["results"] == []
    learnt = events(start) + events(newer) + events(again)
    assert len(learnt) == ChangeEvent.objects.count() == 15


def test_pages_follow_on_without_a_gap_or_a_repeat(client, db, monkeypatch):
    monkeypatch.setattr(changes, "PAGE_SIZE", 3)
    one, two = make_article("One"), make_article("Two")
    learnt, since = [], None
    for _ in range(10):
        page = feed(client, since)
        if not page["results"]:
            break
        assert len(page["results"]) <= 3
        learnt += events(page)
        since = page["next"]
    assert learnt == every_language(one, "published") + every_language(two, "published")


@pytest.mark.parametrize(
    "since",
    [
        "garbage",
        "",
        "ñ",
        token("not a moment|1"),
        token("2026-01-01T00:00:00|1"),  # no offset
        token("2026-01-01T00:00:00+00:00"),
        token("2026-01-01T00:00:00+00:00|x"),
        token("9999-12-31T23:59:59-23:00|1"),
        token("0001-01-01T00:00:00+23:00|1"),
    ],
)
def test_a_bad_since_is_refused_naming_since(client, db, since):
    make_article("There")
    response = client.get(URL, {"since": since})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["since"]
    assert "since" in response.json()["detail"]


def test_a_scheduled_publication_is_listed_only_once_its_time_has_come(client, db, clock):
    live = make_article("Live")
    start = feed(client)
    scheduled = make_article("Scheduled", publish=False)
    at = timezone.now() + datetime.timedelta(hours=1)
    article_publish(article=scheduled, at=at, skip_review=True)
    publish_now(live)  # also a change, so the feed answers again before the scheduled moment
    before = feed(client, since=start["next"])
    assert events(before) == every_language(live, "published")
    assert feed(client, since=before["next"])["results"] == []
    clock(hours=1, seconds=1)
    # No cache cleared: the scheduled moment itself makes the cached answers stale.
    due = feed(client, since=before["next"])
    assert events(due) == every_language(scheduled, "published")
    assert {item["at"] for item in due["results"]} == {at.isoformat().replace("+00:00", "Z")}


def test_a_scheduled_publication_moved_into_the_past_is_listed(client, db):
    article = make_article("Moved", publish=False)
    article_publish(article=article, at=timezone.now() + datetime.timedelta(days=1), skip_review=True)
    assert feed(client)["results"] == []
    past = timezone.now() - datetime.timedelta(minutes=1)
    Publication.objects.filter(article=article).update(live_from=past, first_published_at=past)
    ChangeEvent.objects.filter(article_id=article.pk).update(at=past)
    cache.clear()
    assert events(feed(client)) == every_language(article, "published")


def test_a_cancelled_schedule_is_never_listed(client, db, clock):
    article = make_article("Cancelled", publish=False)
    article_publish(article=article, at=timezone.now() + datetime.timedelta(hours=1), skip_review=True)
    publish_now(article)
    clock(hours=2)
    assert events(feed(client)) == every_language(article, "published")


@override_settings(CHANGES_SETTLE_SECONDS=5)
def test_a_fresh_event_is_listed_once_settled_and_its_absence_is_not_kept(client, db, clock):
    article = make_article("Fresh")
    response = client.get(URL)
    assert response.json()["results"] == []
    assert "Last-Modified" not in response
    clock(seconds=6)
    assert events(feed(client)) == every_language(article, "published")


def test_the_feed_costs_two_queries_however_many_events(client, db, django_assert_num_queries):
    make_article("Counted", sections=1)
    # scope numbers, one page of events
    with django_assert_num_queries(2):
        first = feed(client)
    assert len(first["results"]) == 5
    for number in range(25):
        make_article(f"More {number}", sections=1)
    cache.clear()
    with django_assert_num_queries(2):
        assert len(feed(client)["results"]) == changes.PAGE_SIZE
    with django_assert_num_queries(2):
        assert len(feed(client, since=first["next"])["results"]) == changes.PAGE_SIZE
    with django_assert_num_queries(1):  # answered from the cache: the scope numbers only
        feed(client, since=first["next"])
