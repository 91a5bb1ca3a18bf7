"""The API's HTTP behaviour: ETag and 304, throttling, CORS, methods, JSON errors, caching, query counts."""

import time

import pytest
from django.test import override_settings
from django.utils.http import http_date
from rest_framework.test import APIClient

from articles import services
from articles.api.http import AnonymousRateThrottle
from articles.models import Article
from articles.publishing.models import Publication
from articles.tests.factories import publish_now
from articles.tests.test_api import detail_url

ENDPOINTS = ["/api/v1/articles/", "/api/v1/topics/", "/api/v1/faqs/", "/api/v1/languages/"]


@pytest.fixture
def article(seed_once, db):
    """The seed article; each test runs in a savepoint, so changes to it end with the test."""
    return Article.objects.get(pk=seed_once.pk)


@pytest.fixture
def client():
    return APIClient()


# ETag, Last-Modified and 304


def test_detail_sends_etag_and_last_modified(client, article):
    response = client.get(detail_url(article))
    assert response["ETag"].startswith('"')
    live = Publication.objects.live().get(article=article, language="en")
    assert response["Last-Modified"] == http_date(live.live_from.timestamp())


def test_matching_if_none_match_gives_304(client, article):
    etag = client.get(detail_url(article))["ETag"]
    response = client.get(detail_url(article), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_304_names_the_language_of_the_answer_it_stands_for(client, article):
    etag = client.get(detail_url(article, lang="es"))["ETag"]
    response = client.get(detail_url(article, lang="es"), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


def test_if_none_match_gives_304_on_a_list(client, article):
    etag = client.get("/api/v1/articles/")["ETag"]
    assert client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_list_is_not_modified_since_the_last_content_change(client, article, endpoint):
    last_modified = client.get(endpoint)["Last-Modified"]
    assert client.get(endpoint, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_a_list_is_modified_by_a_publish_not_by_a_save(client, article, monkeypatch):
    last_modified = client.get("/api/v1/articles/")["Last-Modified"]
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    services.article_saved(article=article)
    assert client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    publish_now(article)
    assert client.get("/api/v1/articles/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_if_modified_since_last_change_gives_304(client, article):
    last_modified = client.get(detail_url(article))["Last-Modified"]
    assert client.get(detail_url(article), HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_if_modified_since_before_last_change_gives_200(client, article):
    response = client.get(detail_url(article), HTTP_IF_MODIFIED_SINCE="Sun, 31 Dec 2000 23:59:59 GMT")
    assert response.status_code == 200


@pytest.mark.parametrize("header", ["garbage", "Mon, 99 Foo 2001", "", "0", "x" * 500])
def test_junk_if_modified_since_is_ignored(client, article, header):
    assert client.get(detail_url(article), HTTP_IF_MODIFIED_SINCE=header).status_code == 200


@pytest.mark.parametrize("header", ["garbage", '"', "W/", ",,,", '"nope"'])
def test_junk_if_none_match_is_ignored(client, article, header):
    assert client.get(detail_url(article), HTTP_IF_NONE_MATCH=header).status_code == 200


def test_etag_changes_when_anything_in_the_article_is_published(client, article):
    before = client.get(detail_url(article))["ETag"]
    row = article.sections.get(table__isnull=False).table.rows.first()
    row.description_en = "A changed description"
    row.save()
    services.article_saved(article=article)
    assert client.get(detail_url(article), HTTP_IF_NONE_MATCH=before).status_code == 304
    publish_now(article)
    response = client.get(detail_url(article), HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200
    assert response["ETag"] != before


def test_etag_differs_per_language(client, article):
    assert client.get(detail_url(article, lang="es"))["ETag"] != client.get(detail_url(article, lang="fr"))["ETag"]


def test_304_also_comes_from_the_cache(client, article):
    first = client.get(detail_url(article))
    assert client.get(detail_url(article), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(detail_url(article), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# Caching


def test_cached_answers_are_kept_per_requested_language(client, article):
    french = client.get(detail_url(article), HTTP_ACCEPT_LANGUAGE="fr").json()
    german = client.get(detail_url(article), HTTP_ACCEPT_LANGUAGE="de").json()
    assert (french["language"], german["language"]) == ("fr", "de")


def test_a_second_anonymous_request_is_answered_from_the_cache(client, article, django_assert_num_queries):
    client.get(detail_url(article))
    with django_assert_num_queries(1):  # the scope numbers only
        response = client.get(detail_url(article))
    assert response.json()["id"] == article.pk
    assert response["Content-Language"] == "en"


def test_a_save_is_seen_once_published(client, article):
    before = client.get(detail_url(article)).json()["title"]
    article.title_en = "A new title"
    article.save()
    assert client.get(detail_url(article)).json()["title"] == before
    publish_now(article)
    assert client.get(detail_url(article)).json()["title"] == "A new title"


# Throttling


@pytest.fixture(autouse=True)
def one_moment(monkeypatch):
    """The throttle counts per window of its period: every request of a test falls in one."""
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: 1_800_000_030.0)


@override_settings(API_THROTTLE_ANON="3/minute")
def test_anonymous_callers_are_throttled_with_retry_after(client, article):
    for _ in range(3):
        assert client.get("/api/v1/articles/").status_code == 200
    response = client.get("/api/v1/articles/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"]


@override_settings(API_THROTTLE_ANON="3/minute")
def test_changing_x_forwarded_for_does_not_escape_the_throttle(client, article):
    for number in range(3):
        client.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    response = client.get("/api/v1/articles/", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert response.status_code == 429


@override_settings(API_THROTTLE_ANON="3/minute")
def test_cached_answers_are_throttled_too(client, article):
    for _ in range(3):
        client.get(detail_url(article))
    assert client.get(detail_url(article)).status_code == 429


@override_settings(API_THROTTLE_ANON="3/minute")
def test_a_refused_cached_answer_carries_the_headers_of_every_answer(client, article):
    for _ in range(3):
        client.get(detail_url(article), HTTP_ORIGIN="https://mirror.example")
    refused = client.get(detail_url(article), HTTP_ORIGIN="https://mirror.example")
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert refused["X-Content-Type-Options"] == "nosniff"
    assert "throttled" in refused.json()["detail"]


@override_settings(API_THROTTLE_ANON="3/minute")
def test_the_count_starts_again_in_the_next_window(client, article, monkeypatch):
    for _ in range(3):
        client.get(detail_url(article))
    response = client.get(detail_url(article))
    assert response.status_code == 429
    # 1_800_000_030 is 30 s into its minute.
    assert response["Retry-After"] == "30"
    monkeypatch.setattr(AnonymousRateThrottle, "timer", lambda self: 1_800_000_060.0)
    assert client.get(detail_url(article)).status_code == 200


@override_settings(API_THROTTLE_ANON="1000000/second")
def test_a_caller_costs_one_counter_however_high_the_rate(client, article):
    for _ in range(50):
        client.get(detail_url(article))
    throttle = AnonymousRateThrottle()
    key = f"{throttle.cache_format % {'scope': 'anon', 'ident': '127.0.0.1'}}:1800000030"
    assert throttle.cache.get(key) == 50


@override_settings(API_THROTTLE_ANON="3/minute")
def test_callers_from_other_addresses_are_counted_apart(client, article):
    for _ in range(3):
        client.get("/api/v1/articles/", REMOTE_ADDR="10.1.1.1")
    assert client.get("/api/v1/articles/", REMOTE_ADDR="10.1.1.2").status_code == 200


# CORS


def test_any_origin_may_read(client, article):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_allows_get_only(client):
    response = client.options(
        "/api/v1/articles/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in response["Access-Control-Allow-Methods"]


# Methods, formats and errors


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_write_methods_on_lists_are_not_allowed(client, article, method, endpoint):
    response = getattr(client, method)(endpoint, {"title": "x"}, format="json")
    assert response.status_code == 405
    assert "not allowed" in response.json()["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_on_an_article_are_not_allowed(client, article, method):
    response = getattr(client, method)(detail_url(article), {"title": "x"}, format="json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"


def test_write_method_by_staff_is_not_allowed_either(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw-123456789"))
    assert client.delete(detail_url(article)).status_code == 405


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml", "application/xml", "image/png"])
def test_answers_are_json_whatever_the_client_accepts(client, article, accept):
    response = client.get("/api/v1/articles/", HTTP_ACCEPT=accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_browsable_api_is_off_in_production(client, article):
    response = client.get("/api/v1/articles/?format=api")
    assert response["Content-Type"] == "application/json"
    assert b"<html" not in response.content


def test_unknown_article_is_a_json_404(client, db):
    response = client.get("/api/v1/articles/999/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/articles/9999999999999999999999/", "/api/v1/articles/abc/"])
def test_impossible_article_id_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/articles/1/extra/", "/api/v2/", "/api/"])
def test_unknown_api_address_is_a_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "/api/v1/docs/" in response.json()["detail"]


def test_address_without_trailing_slash_redirects(client, db):
    response = client.get("/api/v1/articles")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/articles/"


def test_api_root_lists_the_endpoints(client, db):
    endpoints = {"articles", "topics", "faqs", "languages", "changes", "docs", "schema"}
    assert set(client.get("/api/v1/").json()) == endpoints


def test_other_sites_scripts_may_read_the_etag_and_retry_after(client, article):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://partner.example")
    assert {"etag", "retry-after"} <= {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }


def test_head_answers_like_get_without_a_body(client, article):
    get = client.get(detail_url(article))
    head = client.head(detail_url(article))
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Language"] == "en"


@override_settings(DEBUG=True)
def test_cached_answers_are_kept_per_format(client, article):
    from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

    from articles.api.views import ArticleViewSet

    renderers = (JSONRenderer, BrowsableAPIRenderer)
    original = ArticleViewSet.renderer_classes
    ArticleViewSet.renderer_classes = renderers
    try:
        assert client.get(detail_url(article), HTTP_ACCEPT="text/html")["Content-Type"].startswith("text/html")
        assert client.get(detail_url(article), HTTP_ACCEPT="application/json")["Content-Type"] == "application/json"
    finally:
        ArticleViewSet.renderer_classes = original
