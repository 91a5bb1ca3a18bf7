"""The OpenAPI schema describes the API exactly: checked by reading it and by schemathesis against it."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient

SCHEMA_URL = "/api/v1/schema/?format=json"


pytestmark = pytest.mark.usefixtures("demo_once")


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def openapi(client, db):
    return client.get(SCHEMA_URL).json()


def test_schema_is_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")


def test_schema_describes_every_endpoint(openapi):
    assert set(openapi["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/topics/",
        "/api/v1/topics/{id}/",
        "/api/v1/faqs/",
        "/api/v1/faqs/{id}/",
        "/api/v1/languages/",
        "/api/v1/changes/",
    }
    assert all(set(operations) <= {"get", "parameters"} for operations in openapi["paths"].values())


def test_schema_describes_the_change_feed_as_one_page_with_a_token(openapi):
    operation = openapi["paths"]["/api/v1/changes/"]["get"]
    assert "since" in {parameter["name"] for parameter in operation["parameters"]}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/ChangesPage"}
    page = openapi["components"]["schemas"]["ChangesPage"]
    assert set(page["properties"]) == {"results", "next"}
    assert page["properties"]["results"]["type"] == "array"


def test_schema_describes_the_article_list_parameters(openapi):
    parameters = {
        parameter["name"]: parameter for parameter in openapi["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }
    assert {"slug", "topic", "updated_since", "search", "ordering", "page", "page_size", "lang"} <= set(parameters)
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert parameters["page_size"]["schema"]["minimum"] == 1
    assert "400" in parameters["page_size"]["description"]


def test_schema_names_the_supported_languages(openapi):
    parameters = {parameter["name"]: parameter for parameter in openapi["paths"]["/api/v1/faqs/"]["get"]["parameters"]}
    language = parameters["lang"]["schema"]
    assert openapi["components"]["schemas"]["LanguageEnum"]["enum"] == ["en", "es", "fr", "de", "ar"] or language[
        "enum"
    ] == ["en", "es", "fr", "de", "ar"]


def test_schema_describes_blocks_as_one_of_three_shapes(openapi):
    block = openapi["components"]["schemas"]["Block"]
    assert block["discriminator"]["propertyName"] == "type"
    assert set(block["discriminator"]["mapping"]) == {"paragraph", "list", "table"}
    assert len(block["oneOf"]) == 3


def test_schema_describes_errors_and_304(openapi):
    responses = openapi["paths"]["/api/v1/articles/{id}/"]["get"]["responses"]
    assert {"200", "304", "400", "404", "429"} <= set(responses)


def test_schema_is_json_and_yaml(client, db):
    assert client.get(SCHEMA_URL)["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert b"openapi: 3" in client.get("/api/v1/schema/").content


def test_docs_work_without_the_internet(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # The page's start-up script is a file of its own (no inline script under the CSP).
    script = client.get("/api/v1/docs/?script=").content.decode()
    assert "/api/v1/schema/" in script


def test_docs_assets_are_served(client, db):
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def uncompressed(application):
    """The application asked for plain bodies: schemathesis's WSGI client reads a body as sent,
    where an HTTP client would undo the gzip (checked in backhealth/tests)."""

    def asked_plainly(environ, start_response):
        environ["HTTP_ACCEPT_ENCODING"] = "identity"
        return application(environ, start_response)

    return asked_plainly


@pytest.fixture
def api_schema(db, settings):
    """The live schema, read from the running application (a real WSGI handler), demo content behind it."""
    settings.API_THROTTLE_ANON = "100000/minute"
    cache.clear()
    # As Django's test client does: a request must not close the connection holding the test's
    # transaction (it would on PostgreSQL).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(SCHEMA_URL, uncompressed(get_wsgi_application()))
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_keeps_its_schema(case):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance, status_code_conformance])


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "ar"])
def test_every_demo_article_detail_matches_the_schema(api_schema, language):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from articles.models import Article

    operation = api_schema["/api/v1/articles/{id}/"]["GET"]
    for pk in Article.objects.values_list("pk", flat=True):
        case = operation.Case(path_parameters={"id": pk}, query={"lang": language})
        response = case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
        assert response.status_code == 200
