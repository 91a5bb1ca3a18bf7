"""Random URLs, query strings and headers against the site and the API: never a 5xx.

The test client raises any exception a view lets through, so a bug shows here as its traceback.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PREFIXES = [
    "/",
    "/en/",
    "/es/articulos/",
    "/fr/articles/",
    "/ar/",
    "/en/articles/",
    "/en/search/",
    "/en/faq/",
    "/en/feed.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
    "/api/v1/articles/",
    "/api/v1/topics/",
    "/api/v1/faqs/",
    "/api/v1/languages/",
    "/api/v1/changes/",
    "/api/",
    "/language/",
]
PARAMETERS = ["q", "lang", "page", "page_size", "slug", "topic", "updated_since", "search", "article", "since", "utm_x"]
HEADERS = [
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_ACCEPT",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_FORWARDED",
    "HTTP_COOKIE",
    "HTTP_RANGE",
    "HTTP_ORIGIN",
]
# Latin-1 only: a WSGI server hands the application headers decoded as ISO-8859-1.
header_text = st.text(alphabet=st.characters(max_codepoint=255, blacklist_categories=["Cc"]), max_size=40)

# Lone surrogates cannot be sent at all (no UTF-8 form), so no client could send them.
sendable = st.characters(blacklist_categories=["Cs"])
segments = st.text(alphabet=st.characters(blacklist_characters="?#", blacklist_categories=["Cs"]), max_size=30)
queries = st.dictionaries(
    st.sampled_from(PARAMETERS) | st.text(alphabet=sendable, max_size=10),
    st.text(alphabet=sendable, max_size=40),
    max_size=4,
)
headers = st.fixed_dictionaries({}, optional=dict.fromkeys(HEADERS, header_text))

pytestmark = pytest.mark.django_db


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    prefix=st.sampled_from(PREFIXES),
    segment=segments,
    query=queries,
    extra=headers,
    method=st.sampled_from(["GET", "HEAD", "OPTIONS", "POST"]),
)
def test_no_request_gets_a_server_error(seed_once, prefix, segment, query, extra, method):
    url = prefix + segment + ("?" + urlencode(query) if query else "")

    response = Client().generic(method, url, **extra)

    assert response.status_code < 500, (method, url, extra)
