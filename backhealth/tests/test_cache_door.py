"""Cached anonymous answers are served before the rest of the middleware and any view code."""

import pytest
from corsheaders.middleware import CorsMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware

from articles import views
from articles.publishing.models import Publication


@pytest.fixture
def article_url(article):
    return Publication.objects.live().get(article=article, language="en").get_absolute_url()


def test_a_cached_page_runs_no_view_session_or_csrf_code(client, article_url, monkeypatch, django_assert_num_queries):
    first = client.get(article_url)
    refuse_everything(monkeypatch)
    # Inside a transaction (as every such test runs) the numbers are read again: one query.
    with django_assert_num_queries(1):
        second = client.get(article_url)
    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_a_cached_page_outside_any_transaction_costs_no_query(
    client, article_url, monkeypatch, django_assert_num_queries
):
    first = client.get(article_url)
    client.get(article_url)
    refuse_everything(monkeypatch)
    # The scope numbers were kept, and the database's watch has heard of no commit since.
    with django_assert_num_queries(0):
        second = client.get(article_url)
    assert second.content == first.content


def refuse_everything(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("ran on a cache hit")

    for target, name in (
        (views, "render_article"),
        (views.pages, "article_with_slug"),
        (SessionMiddleware, "process_request"),
        (CsrfViewMiddleware, "process_view"),
        (SecurityMiddleware, "process_request"),
        (SecurityMiddleware, "process_response"),
        (CorsMiddleware, "add_response_headers"),
    ):
        monkeypatch.setattr(target, name, refuse)


def test_a_cached_answer_keeps_the_headers_it_was_stored_with(client, article_url, monkeypatch):
    first = client.get(article_url)
    refuse_everything(monkeypatch)
    second = client.get(article_url)
    for header in (
        "Content-Security-Policy",
        "Content-Language",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert second[header] == first[header], header


def test_a_kept_api_answer_answers_each_origin_with_its_own_cors_headers(client, article, monkeypatch):
    url = f"/api/v1/articles/{article.pk}/"
    plain = client.get(url)
    from_a_site = client.get(url, HTTP_ORIGIN="https://mirror.example")
    refuse_everything(monkeypatch)
    assert "Access-Control-Allow-Origin" not in client.get(url)
    again = client.get(url, HTTP_ORIGIN="https://mirror.example")
    assert again["Access-Control-Allow-Origin"] == from_a_site["Access-Control-Allow-Origin"] == "*"
    assert again.content == plain.content
    revalidated = client.get(url, HTTP_ORIGIN="https://mirror.example", HTTP_IF_NONE_MATCH=again["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["Access-Control-Allow-Origin"] == "*"


def test_a_cached_api_detail_answers_304_to_its_etag(client, article, monkeypatch):
    url = f"/api/v1/articles/{article.pk}/"
    etag = client.get(url)["ETag"]
    refuse_everything(monkeypatch)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url)["ETag"] == etag


def test_a_tracking_parameter_reaches_the_same_entry(client, article_url, django_assert_max_num_queries):
    client.get(article_url)
    # The view's cache finds the entry (no rendering); the next identical request stops at the door.
    with django_assert_max_num_queries(1):
        client.get(article_url + "?utm_source=mail")
    with django_assert_max_num_queries(1):
        client.get(article_url + "?utm_source=mail")


def test_a_request_with_a_session_cookie_passes_the_door(client, article_url, monkeypatch):
    client.get(article_url)
    client.cookies["sessionid"] = "not-a-session"
    calls = []
    original = SessionMiddleware.process_request

    def counting(self, request):
        calls.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counting)
    client.get(article_url)
    assert calls == [article_url]


def test_publishing_another_article_keeps_the_door_entry(client, article_url, monkeypatch):
    from articles.tests.factories import make_article

    first = client.get(article_url).content
    make_article("Another one entirely")
    refuse_everything(monkeypatch)
    assert client.get(article_url).content == first


def test_a_kept_answer_is_compressed_once_and_served_plain_to_who_asks_plain(client, article_url, monkeypatch):
    import gzip

    compressed = client.get(article_url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(article_url)
    refuse_everything(monkeypatch)
    from django.middleware.gzip import GZipMiddleware

    def no_compressing(*args):
        raise AssertionError("compressed again on a cache hit")

    monkeypatch.setattr(GZipMiddleware, "process_response", no_compressing)
    again = client.get(article_url, HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip" and gzip.decompress(again.content) == plain.content
    assert "Content-Encoding" not in client.get(article_url)
    assert gzip.decompress(compressed.content) == plain.content


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("HTTP_IF_MATCH", '"another"', 412),
        ("HTTP_IF_UNMODIFIED_SINCE", "Mon, 01 Jan 2001 00:00:00 GMT", 412),
        ("HTTP_IF_MODIFIED_SINCE", "Fri, 01 Jan 2100 00:00:00 GMT", 304),
    ],
)
def test_a_kept_api_answer_honours_every_precondition(client, article, monkeypatch, header, value, status):
    url = f"/api/v1/articles/{article.pk}/"
    client.get(url)
    refuse_everything(monkeypatch)
    assert client.get(url, **{header: value}).status_code == status
    assert client.get(url).status_code == 200
