"""Security headers, methods and error answers, as a browser or an API client receives them."""

import io
import logging
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.api.views import ArticleViewSet

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>", re.I)


def policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


@pytest.fixture
def public_urls(seed_once, db):
    with translation.override("en"):
        article = reverse("articles:detail", kwargs={"slug": seed_once.slug_en})
    return ["/en/", article, "/en/articles/", "/en/search/?q=back", "/en/no-such-page/"]


def test_public_pages_allow_no_inline_script_or_style(client, public_urls):
    for url in public_urls:
        directives = policy(client.get(url))

        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url


def test_public_pages_contain_no_inline_script(client, public_urls):
    for url in public_urls:
        assert not INLINE_SCRIPT.search(client.get(url).content.decode()), url


def test_the_admin_allows_no_inline_script_but_inline_styles(client, admin_client, seed_once):
    for response in (
        client.get("/admin/login/"),
        admin_client.get("/admin/"),
        admin_client.get(reverse("admin:articles_article_change", args=[seed_once.pk])),
        admin_client.get(reverse("admin:articles_article_changelist")),
    ):
        directives = policy(response)

        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" in directives["style-src"]


def test_the_article_admin_screens_contain_no_inline_script(admin_client, seed_once):
    for url in (
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[seed_once.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_compare", args=[seed_once.pk]),
    ):
        page = admin_client.get(url).content.decode()

        assert not INLINE_SCRIPT.search(page), url
        assert "<style>" not in page, url


def test_the_api_docs_load_their_start_up_script_as_a_file(client, db):
    page = client.get("/api/v1/docs/")
    script = client.get("/api/v1/docs/?script=")

    assert not INLINE_SCRIPT.search(page.content.decode())
    assert policy(page)["script-src"] == ["'self'"]
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_every_answer_has_a_permissions_policy(client, admin_client, db):
    for response in (client.get("/en/"), client.get("/api/v1/articles/"), admin_client.get("/admin/")):
        features = dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))

        assert features["camera"] == "()"
        assert features["geolocation"] == "()"
        assert features["microphone"] == "()"


@pytest.mark.parametrize("path", ["/", "/en/", "/api/v1/articles/", "/healthz", "/robots.txt", "/admin/login/"])
@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
def test_unknown_methods_answer_405_everywhere(client, db, path, method):
    response = client.generic(method, path)

    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]
    assert "Permissions-Policy" in response


def test_a_server_error_under_the_api_answers_json(db):
    client = Client(raise_request_exception=False)

    with mock.patch.object(ArticleViewSet, "list", side_effect=RuntimeError("a bug")):
        response = client.get("/api/v1/articles/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_server_error_on_a_page_answers_the_html_error_page(db):
    client = Client(raise_request_exception=False)

    with mock.patch("backhealth.views.preview_prefixes", side_effect=RuntimeError("a bug")):
        response = client.get("/robots.txt")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_a_rejected_host_under_the_api_answers_json(client, db):
    response = client.get("/api/v1/articles/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_api_address_answers_json(client, db):
    response = client.get("/api/v2/articles/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_rejected_host_is_logged_in_one_line_without_a_traceback(client, db):
    logger = logging.getLogger("django.security.DisallowedHost")
    [handler] = logger.handlers
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        assert client.get("/en/", HTTP_HOST="evil.example:31337").status_code == 400
    finally:
        handler.setStream(previous)

    lines = written.getvalue().splitlines()
    assert len(lines) == 1
    assert "Invalid HTTP_HOST header: 'evil.example:31337'" in lines[0]
