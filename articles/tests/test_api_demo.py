"""The article API over the demo content (four articles, posture without French, three topics).

The demo is loaded once for this module and rolled back at its end; each test runs in its own
savepoint inside it, so tests may change it freely.
"""

import pytest
from rest_framework.test import APIClient

from articles.models import Article, Topic
from articles.tests.test_api import detail_url, ids, results


@pytest.fixture
def client(demo_once, db):
    return APIClient()


def test_detail_links_each_complete_translation_and_its_public_page(client):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    data = client.get(detail_url(posture, lang="es")).json()
    languages = [link["language"] for link in data["translations"]]
    assert languages == ["en", "es", "de", "ar"]
    spanish = data["translations"][1]
    assert spanish["url"] == f"http://testserver/api/v1/articles/{posture.pk}/?lang=es"
    assert spanish["public_url"].startswith("http://testserver/es/articulos/buena-postura")
    assert data["public_url"] == spanish["public_url"]


def test_list_gives_topics_in_the_article_language(client):
    items = results(client.get("/api/v1/articles/?lang=de&slug=ischias-symptome-ursachen-und-wann-sie-hilfe-brauchen"))
    assert {topic["name"] for topic in items[0]["topics"]} == {"Nervenschmerzen", "Rückenschmerzen"}


def test_incomplete_article_is_served_wholly_in_english(client):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    response = client.get(detail_url(posture, lang="fr"))
    data = response.json()
    assert response["Content-Language"] == "en"
    assert data["language"] == "en"
    assert data["requested_language"] == "fr"
    assert data["is_fallback"] is True
    assert data["title"] == posture.title_en
    # The public page is the requested language's page for it: the English text with a French notice.
    assert data["public_url"] == f"http://testserver/fr/articles/{posture.slug_en}/"
    page = client.get(data["public_url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<article class="article" lang="en"' in html
    assert f'<link rel="canonical" href="http://testserver/en/articles/{posture.slug_en}/">' in html


def test_list_serves_each_article_in_its_own_language(client):
    by_slug = {item["slug"]: item for item in results(client.get("/api/v1/articles/?lang=fr"))}
    posture = Article.objects.get(slug_en__startswith="good-posture")
    assert by_slug[posture.slug_en]["language"] == "en"
    assert by_slug[posture.slug_en]["is_fallback"] is True
    assert sum(1 for item in by_slug.values() if item["language"] == "fr") == 3


def test_list_content_language_is_the_requested_one(client):
    assert client.get("/api/v1/articles/?lang=ar")["Content-Language"] == "ar"


@pytest.mark.parametrize("slug", ["nerve-pain", "dolor-nervioso", "آلام-الأعصاب"])
def test_topic_filter_takes_a_topic_slug_in_any_language(client, slug):
    expected = sorted(Topic.objects.get(slug_en="nerve-pain").articles.values_list("pk", flat=True))
    assert sorted(ids(client.get("/api/v1/articles/", {"topic": slug}))) == expected


def test_unknown_topic_finds_nothing(client):
    response = client.get("/api/v1/articles/?topic=does-not-exist")
    assert response.json()["count"] == 0


def test_search_in_a_missing_translation_searches_the_english_served(client):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    assert ids(client.get("/api/v1/articles/", {"search": "posture desk", "lang": "fr"})) == [posture.pk]


@pytest.mark.parametrize(("ordering", "field"), [("updated", "updated"), ("published", "published")])
def test_ordering_by_dates(client, ordering, field):
    items = results(client.get("/api/v1/articles/", {"ordering": ordering}))
    assert [item[field] for item in items] == sorted(item[field] for item in items)
    items = results(client.get("/api/v1/articles/", {"ordering": f"-{ordering}"}))
    assert [item[field] for item in items] == sorted((item[field] for item in items), reverse=True)


def test_ordering_by_next_review_due(client):
    items = results(client.get("/api/v1/articles/?ordering=next_review_due"))
    assert items[0]["next_review_due"] == "2026-10-01"


def test_default_order_is_newest_published_first(client):
    items = results(client.get("/api/v1/articles/"))
    assert [item["published"] for item in items] == sorted((item["published"] for item in items), reverse=True)


def test_list_is_paginated_with_page_and_page_size(client):
    first = client.get("/api/v1/articles/?page_size=3").json()
    assert first["count"] == 4
    assert len(first["results"]) == 3
    assert first["previous"] is None
    second = client.get(first["next"].removeprefix("http://testserver")).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert {item["id"] for item in first["results"] + second["results"]} == set(
        Article.objects.values_list("pk", flat=True)
    )


def test_topics_list_names_and_counts_published_articles(client):
    topics = {topic["slug"]: topic for topic in results(client.get("/api/v1/topics/"))}
    assert topics["nerve-pain"]["article_count"] == 2
    assert topics["nerve-pain"]["name"] == "Nerve pain"
    assert topics["nerve-pain"]["public_url"] == "http://testserver/en/topics/nerve-pain/"


def test_topic_in_another_language(client):
    nerve = Topic.objects.get(slug_en="nerve-pain")
    data = client.get(f"/api/v1/topics/{nerve.pk}/?lang=es").json()
    assert (data["language"], data["name"], data["slug"]) == ("es", "Dolor nervioso", "dolor-nervioso")


def test_topic_articles_url_lists_its_articles(client):
    nerve = Topic.objects.get(slug_en="nerve-pain")
    url = client.get(f"/api/v1/topics/{nerve.pk}/?lang=ar").json()["articles_url"]
    assert client.get(url.removeprefix("http://testserver")).json()["count"] == 2


def test_languages_list_code_name_direction_and_complete_count(client):
    languages = {item["code"]: item for item in results(client.get("/api/v1/languages/"))}
    assert list(languages) == ["en", "es", "fr", "de", "ar"]
    assert languages["ar"]["direction"] == "rtl"
    assert languages["en"]["direction"] == "ltr"
    assert languages["fr"]["article_count"] == 3
    assert languages["es"]["article_count"] == 4
    assert languages["de"]["name_local"] == "Deutsch"
