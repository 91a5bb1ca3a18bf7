"""The API contract a generated client relies on: every bad parameter value is a 400 naming the
parameter, the schema says what is accepted (no credentials, integer ids, conditional headers,
Retry-After), `lang` takes region variants, CORS preflights allow revalidation, docs are linked."""

import pytest

from articles.api.changes import SINCE_PATTERN, decode_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/articles/?updated_since=", "updated_since"),
        ("/api/v1/articles/?slug=", "slug"),
        ("/api/v1/articles/?topic=%20", "topic"),
        ("/api/v1/articles/?search=", "search"),
        ("/api/v1/articles/?ordering=", "ordering"),
        ("/api/v1/articles/?ordering=published,banana", "ordering"),
        ("/api/v1/articles/?ordering=-updated&ordering=published", "ordering"),
        ("/api/v1/articles/?page=", "page"),
        ("/api/v1/articles/?page_size=", "page_size"),
        ("/api/v1/articles/?lang=", "lang"),
        ("/api/v1/articles/?lang=en&lang=fr", "lang"),
        ("/api/v1/faqs/?site_wide=banana", "site_wide"),
        ("/api/v1/faqs/?site_wide=", "site_wide"),
        ("/api/v1/faqs/?site_wide=True", "site_wide"),
        ("/api/v1/faqs/?article=", "article"),
        ("/api/v1/changes/?since=", "since"),
        ("/api/v1/topics/?page=0", "page"),
    ],
)
def test_bad_value_is_a_400_naming_the_parameter(client, url, parameter):
    response = client.get(url)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    assert response.json()["detail"].startswith(f"{parameter}: ")


def test_ordering_takes_a_comma_list_the_first_field_first(client):
    by_review = client.get("/api/v1/articles/?ordering=next_review_due,-published").json()["results"]
    dues = [article["next_review_due"] for article in by_review]

    assert dues == sorted(dues)


@pytest.mark.parametrize(("asked", "served"), [("es-MX", "es"), ("es-mx", "es"), ("fr-CA", "fr"), ("ar-EG", "ar")])
def test_lang_takes_region_variants(client, asked, served):
    response = client.get(f"/api/v1/articles/?lang={asked}")

    assert response.status_code == 200
    assert response["Content-Language"] == served
    assert {article["requested_language"] for article in response.json()["results"]} == {served}


@pytest.mark.parametrize("value", ["true", "false"])
def test_site_wide_takes_true_and_false(client, value):
    faqs = client.get(f"/api/v1/faqs/?site_wide={value}").json()["results"]

    assert faqs
    assert {faq["article"] is None for faq in faqs} == {value == "true"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()


def operations(schema):
    return [(path, operation) for path, item in schema["paths"].items() for operation in item.values()]


def test_no_operation_asks_for_credentials(schema):
    assert "security" not in schema
    assert all("security" not in operation for _path, operation in operations(schema))


def test_ids_are_integers(schema):
    for path, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", path


def test_conditional_headers_and_retry_after_are_documented(schema):
    for path, operation in operations(schema):
        headers = {parameter["name"] for parameter in operation["parameters"] if parameter["in"] == "header"}
        assert {"If-None-Match", "If-Modified-Since", "Accept-Language"} <= headers, path
        assert "Retry-After" in operation["responses"]["429"]["headers"], path
        assert "ETag" in operation["responses"]["200"]["headers"], path
        assert "304" in operation["responses"], path


def test_lang_is_documented_with_region_variants(schema):
    [lang] = [p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"] if p["name"] == "lang"]

    assert lang["schema"]["pattern"] == "^(en|es|fr|de|ar)(-[A-Za-z0-9]{1,8})*$"


def test_every_since_token_the_schema_admits_can_be_read():
    assert SINCE_PATTERN == "^[0-9]{1,16}-[0-9]{1,18}$"
    at, number = decode_token("9" * 16 + "-" + "9" * 18)

    assert at.year == 2286
    assert number == 10**18 - 1


def test_a_change_token_handed_out_before_still_works(client):
    from articles.tests.test_api_changes import token

    old = token("2000-01-01T00:00:00+00:00|0")
    response = client.get(f"/api/v1/changes/?since={old}")

    assert response.status_code == 200
    assert response.json()["results"]


def test_cors_preflight_allows_the_conditional_headers(client):
    response = client.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://mirror.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )

    allowed = {name.strip() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= allowed


def test_docs_page_names_its_language(client):
    page = client.get("/api/v1/docs/").content.decode()

    assert '<html lang="en">' in page


def test_api_root_links_to_the_docs_and_the_schema(client):
    root = client.get("/api/v1/").json()

    assert root["docs"] == "http://testserver/api/v1/docs/"
    assert root["schema"] == "http://testserver/api/v1/schema/"
    assert client.get(root["docs"]).status_code == 200


def test_readme_links_to_the_docs():
    from pathlib import Path

    from django.conf import settings

    assert "/api/v1/docs/" in (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")


def test_faq_filters_are_documented(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/faqs/"]["get"]["parameters"]}

    assert parameters["article"]["type"] == "integer"
    assert parameters["site_wide"]["type"] == "boolean"
