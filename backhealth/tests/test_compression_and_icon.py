"""Answers are compressed for clients that accept gzip, and conditional requests still work; the
site has an icon where browsers and crawlers look for it."""

import gzip
import json

import pytest

from articles.pages import url_in

pytestmark = pytest.mark.django_db


def test_article_page_is_compressed(client, article):
    url = url_in("en", "articles:detail", slug=article.slug_en)

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert article.title_en in html
    assert len(response.content) < len(html) / 2


def test_api_answer_is_compressed_and_its_etag_still_answers_304(client, article):
    url = f"/api/v1/articles/{article.pk}/"

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["id"] == article.pk
    etag = response["ETag"]
    assert etag.startswith('W/"')
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304


def test_a_client_without_gzip_gets_plain_answers(client, article):
    response = client.get(f"/api/v1/articles/{article.pk}/")

    assert not response.has_header("Content-Encoding")
    assert response.json()["id"] == article.pk


def test_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_pages_link_their_icon(client, article):
    page = client.get(url_in("de", "articles:home")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert client.get("/static/favicon.svg").status_code == 200
