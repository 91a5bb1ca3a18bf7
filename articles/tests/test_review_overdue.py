"""Past its next review date an article says so: on its page, in the reader's language, and in
the API, from that day on with nothing published (kept answers are per day)."""

import datetime
import time

import pytest
from django.utils import timezone

from articles.pages import url_in
from articles.publishing.models import Publication

pytestmark = pytest.mark.django_db
NOTICE = {
    "en": "This page is due for review.",
    "es": "Esta página está pendiente de revisión.",
    "fr": "Cette page doit être réexaminée.",
    "de": "Die Überprüfung dieser Seite ist fällig.",
    "ar": "حان موعد مراجعة هذه الصفحة.",
}


def due_in(article, days: int) -> datetime.date:
    due = timezone.localdate() + datetime.timedelta(days=days)
    Publication.objects.filter(article=article).update(next_review_due=due)
    return due


def days_later(monkeypatch, days: int):
    later = timezone.now() + datetime.timedelta(days=days)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())


@pytest.mark.parametrize("language", NOTICE)
def test_page_past_its_review_date_says_so_in_the_readers_language(client, article, language):
    due_in(article, -1)

    page = client.get(url_in(language, "articles:detail", slug=getattr(article, f"slug_{language}"))).content.decode()

    assert NOTICE[language] in page


def test_page_before_its_review_date_says_nothing(client, article):
    due_in(article, 0)

    page = client.get(url_in("en", "articles:detail", slug=article.slug_en)).content.decode()

    assert NOTICE["en"] not in page


def test_the_notice_appears_the_day_after_the_date_though_the_page_was_kept(client, article, monkeypatch):
    due_in(article, 2)
    url = url_in("fr", "articles:detail", slug=article.slug_fr)
    assert NOTICE["fr"] not in client.get(url).content.decode()

    days_later(monkeypatch, 3)

    assert NOTICE["fr"] in client.get(url).content.decode()


def test_api_says_review_overdue(client, article, monkeypatch):
    due_in(article, 2)
    detail = f"/api/v1/articles/{article.pk}/?lang=de"
    assert client.get(detail).json()["review_overdue"] is False
    assert client.get("/api/v1/articles/").json()["results"][0]["review_overdue"] is False

    days_later(monkeypatch, 3)

    assert client.get(detail).json()["review_overdue"] is True
    assert client.get("/api/v1/articles/").json()["results"][0]["review_overdue"] is True


def test_api_without_a_review_date_is_not_overdue(client, article):
    Publication.objects.filter(article=article).update(next_review_due=None)

    assert client.get(f"/api/v1/articles/{article.pk}/").json()["review_overdue"] is False
