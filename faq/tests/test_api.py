"""The FAQ API: site-wide and article FAQs, in one language each, never a draft's.

The demo content is loaded once for this module and rolled back at its end; each test runs in its
own savepoint inside it.
"""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from articles.models import Article
from articles.tests.factories import make_article, publish_now
from faq.models import FAQ

pytestmark = pytest.mark.usefixtures("demo_once")


@pytest.fixture
def article(db):
    return Article.objects.get(slug_en="what-causes-back-spasms-find-relief")


@pytest.fixture
def client():
    return APIClient()


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_faqs_list_site_wide_and_article_faqs(client, db):
    faqs = results(client.get("/api/v1/faqs/?page_size=100"))
    assert len(faqs) == FAQ.objects.count()
    assert {faq["article"] is None for faq in faqs} == {True, False}


def test_site_wide_filter(client, db):
    faqs = results(client.get("/api/v1/faqs/?site_wide=true&page_size=100"))
    assert len(faqs) == FAQ.objects.site_wide().count()
    assert all(faq["article"] is None and faq["article_url"] is None for faq in faqs)


def test_article_filter_gives_that_articles_faqs_in_order(client, article):
    faqs = results(client.get(f"/api/v1/faqs/?article={article.pk}"))
    assert [faq["question"] for faq in faqs] == [faq.question_en for faq in article.faqs.all()]
    assert faqs[0]["article_url"] == f"http://testserver/api/v1/articles/{article.pk}/?lang=en"


def test_faq_answer_is_a_list_of_paragraphs(client, db):
    article = make_article("Answers", faqs=1)
    [faq] = results(client.get(f"/api/v1/faqs/?article={article.pk}"))
    assert faq["answer"] == ["The answer 0.", "A second answer line."]


def test_faqs_in_the_requested_language(client, article):
    faqs = results(client.get(f"/api/v1/faqs/?article={article.pk}&lang=es"))
    assert faqs[0]["question"] == article.faqs.first().question_es
    assert faqs[0]["language"] == "es"


def test_faqs_of_an_article_not_complete_in_the_language_are_in_english(client, db):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    faqs = results(client.get(f"/api/v1/faqs/?article={posture.pk}&lang=fr"))
    assert {faq["language"] for faq in faqs} == {"en"}
    assert faqs[0]["question"] == posture.faqs.first().question_en


def test_untranslated_site_wide_faq_is_in_english(client, db):
    faq = FAQ.objects.create(question_en="Only in English?", answer_en="Yes.")
    data = client.get(f"/api/v1/faqs/{faq.pk}/?lang=de").json()
    assert (data["language"], data["question"], data["answer"]) == ("en", "Only in English?", ["Yes."])


def test_an_article_faq_edit_is_public_only_once_the_article_is_published(client, article):
    url = f"/api/v1/faqs/?article={article.pk}"
    faq = article.faqs.first()
    before = results(client.get(url))[0]["question"]
    faq.question_en = "A question not yet published?"
    faq.save()
    assert results(client.get(url))[0]["question"] == before
    assert client.get(f"/api/v1/faqs/{faq.pk}/").json()["question"] == before
    publish_now(article)
    assert results(client.get(url))[0]["question"] == "A question not yet published?"
    assert client.get(f"/api/v1/faqs/{faq.pk}/").json()["question"] == "A question not yet published?"


def test_a_site_wide_faq_is_public_once_saved(client, db):
    count = client.get("/api/v1/faqs/?site_wide=true").json()["count"]
    faq = FAQ.objects.create(question_en="New and site-wide?", answer_en="Yes.")
    assert client.get("/api/v1/faqs/?site_wide=true").json()["count"] == count + 1
    faq.question_en = "Changed and site-wide?"
    faq.save()
    assert client.get(f"/api/v1/faqs/{faq.pk}/").json()["question"] == "Changed and site-wide?"
    faq.delete()
    assert client.get("/api/v1/faqs/?site_wide=true").json()["count"] == count


def test_draft_articles_faqs_never_appear(client, db):
    draft_article = make_article("A draft", publish=False, faqs=2)
    assert client.get("/api/v1/faqs/").json()["count"] == FAQ.objects.exclude(article=draft_article).count()
    assert client.get(f"/api/v1/faqs/?article={draft_article.pk}").json()["count"] == 0
    assert client.get(f"/api/v1/faqs/{draft_article.faqs.first().pk}/").status_code == 404


@pytest.mark.parametrize("value", ["abc", "1.5e400", "--1"])
def test_bad_article_filter_is_refused(client, db, value):
    response = client.get("/api/v1/faqs/", {"article": value})
    assert response.status_code == 400
    assert "article" in response.json()["errors"]


@pytest.mark.parametrize("value", ["999999", "99999999999999999999999999", "-5"])
def test_unknown_article_filter_finds_nothing(client, article, value):
    assert client.get("/api/v1/faqs/", {"article": value}).json()["count"] == 0


def test_unknown_faq_is_a_json_404(client, db):
    response = client.get("/api/v1/faqs/12345/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_faqs_answer_in_the_requested_language_header(client, article):
    response = client.get("/api/v1/faqs/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response["Content-Language"] == "ar"
    assert "Accept-Language" in response["Vary"]


def test_faq_list_cost_is_fixed(client, db, django_assert_num_queries):
    # scope numbers, site-wide FAQs, live publications (their FAQs are in their documents)
    with django_assert_num_queries(3):
        few = len(client.get("/api/v1/faqs/?page_size=100").json()["results"])
    make_article("Many FAQs", faqs=40)
    cache.clear()
    with django_assert_num_queries(3):
        assert len(client.get("/api/v1/faqs/?page_size=100").json()["results"]) == few + 40
