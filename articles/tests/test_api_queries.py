"""The API's query cost is fixed: the same for a small article as a large one, for 5 articles as 100."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from articles.models import Topic
from articles.tests.factories import make_article, publish_now
from articles.tests.test_api import detail_url


@pytest.fixture
def client():
    return APIClient()


def test_detail_costs_the_same_for_a_small_and_a_large_article(client, db, django_assert_num_queries):
    small = make_article("Small", sections=2, tables=1, faqs=1)
    large = make_article("Large", sections=40, tables=10, faqs=30)
    cache.clear()
    # scope numbers, the publication (its whole document), its topics
    with django_assert_num_queries(3):
        assert len(client.get(detail_url(small)).json()["sections"]) == 2
    with django_assert_num_queries(3):
        data = client.get(detail_url(large)).json()
    assert len(data["sections"]) == 40
    assert len(data["faqs"]) == 30
    assert sum(block["type"] == "table" for section in data["sections"] for block in section["blocks"]) == 10


@pytest.mark.parametrize(
    "url",
    ["/api/v1/articles/?page_size=100", "/api/v1/articles/?page_size=100&search=ARTICLE"],
    ids=["list", "search"],
)
def test_a_listing_costs_the_same_for_5_and_100_articles(client, db, django_assert_num_queries, url):
    for number in range(5):
        make_article(f"Article {number}", sections=1, faqs=1)
    # scope numbers, count, page of publications (matching ones best first), their topics
    with django_assert_num_queries(4):
        assert len(client.get(url).json()["results"]) == 5
    for number in range(5, 100):
        make_article(f"Article {number}", sections=1, faqs=1)
    cache.clear()
    with django_assert_num_queries(4):
        assert len(client.get(url).json()["results"]) == 100


def test_topics_cost_the_same_however_many_articles_they_hold(client, db, django_assert_num_queries):
    topic = Topic.objects.create(name_en="Back pain", slug_en="back-pain")

    def make_in_topic(title):
        article = make_article(title, sections=1, publish=False)
        article.topics.add(topic)
        publish_now(article)

    make_in_topic("One")
    # scope numbers, count, page of topics with their published article counts
    with django_assert_num_queries(3):
        assert client.get("/api/v1/topics/").json()["results"][0]["article_count"] == 1
    for number in range(10):
        make_in_topic(f"More {number}")
    cache.clear()
    with django_assert_num_queries(3):
        assert client.get("/api/v1/topics/").json()["results"][0]["article_count"] == 11


def test_languages_cost_two_queries(client, db, django_assert_num_queries):
    make_article("Counted", sections=1)
    # scope numbers, one count of complete articles per language
    with django_assert_num_queries(2):
        assert client.get("/api/v1/languages/").json()["results"][0]["article_count"] == 1
