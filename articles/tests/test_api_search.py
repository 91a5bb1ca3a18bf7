"""The API's `search` filter follows the search page's rule: accents and case folded, every word
needed, the title weighted most, the best match first. Every test runs on both databases."""

import pytest
from rest_framework.test import APIClient

from articles.models import Article
from articles.search import search_articles
from articles.tests.factories import make_article, publish_now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


@pytest.fixture
def client():
    return APIClient()


def found(client, query: str, language: str = "en", **parameters) -> list[int]:
    response = client.get("/api/v1/articles/", {"search": query, "lang": language, **parameters})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def sciatica() -> Article:
    return Article.objects.get(slug_en__startswith="sciatica")


@pytest.mark.parametrize(
    ("language", "query"),
    [("es", "ciatica"), ("es", "CIÁTICA"), ("fr", "SCIATIQUE"), ("en", "sciática"), ("de", "ischias")],
)
def test_accents_and_case_do_not_matter(client, language, query):
    assert found(client, query, language)[0] == sciatica().pk


def test_rucken_finds_the_articles_with_rucken(client):
    with_the_word = {
        result.publication.article_id
        for result in search_articles("Rücken", "de")
        if "rücken" in result.publication.search_text.lower()
    }

    assert with_the_word
    assert set(found(client, "rucken", "de")) == with_the_word


@pytest.mark.parametrize(("language", "query"), [("en", "sciatica"), ("en", "back pain"), ("es", "ciatica")])
def test_results_come_in_the_search_pages_order(client, language, query):
    page = [result.publication.article_id for result in search_articles(query, language)]

    assert len(page) > 1
    assert found(client, query, language) == page


def test_a_title_match_ranks_above_many_matches_in_the_text(client):
    titled = make_article("Lumbago explained")
    mentioned = make_article("Back care notes")
    mentioned.intro_en = f"{mentioned.intro_en} Lumbago, lumbago, lumbago and lumbago again."
    mentioned.save()
    publish_now(mentioned)

    assert found(client, "LUMBAGO") == [titled.pk, mentioned.pk]


def test_every_word_must_match(client):
    assert found(client, "sciatica nerve")
    assert found(client, "sciatica xylophone") == []


def test_an_asked_ordering_wins_over_relevance(client):
    by_date = found(client, "back", ordering="published")

    assert len(by_date) > 1
    assert sorted(by_date) == sorted(found(client, "back"))
    assert by_date == [
        pk
        for pk, _published in sorted(
            ((pk, Article.objects.get(pk=pk).publish_at) for pk in by_date), key=lambda item: (item[1], -item[0])
        )
    ]


def test_punctuation_only_finds_nothing(client):
    assert found(client, "?!… --") == []
