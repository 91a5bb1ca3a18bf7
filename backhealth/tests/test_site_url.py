"""With SITE_URL, absolute URLs name the site's origin whatever Host the request names."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from articles.publishing.models import Publication

SITE = "https://backhealth.example"
# As settings.py makes them: the SITE_URL host is allowed too.
HOSTS = ["testserver", "localhost", "backhealth.example"]
# An allowed host with another port; forwarded hosts; the standard Forwarded header.
ODD = [
    {"HTTP_HOST": "localhost:31337"},
    {"HTTP_X_FORWARDED_HOST": "evil.example"},
    {"HTTP_FORWARDED": "host=evil.example;proto=http"},
]


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = HOSTS


def answers(article, headers):
    client, api = APIClient(), APIClient()
    url = Publication.objects.live().get(article=article, language="en").get_absolute_url()
    return {
        "page": client.get(url, **headers).content.decode(),
        "sitemap": client.get("/sitemap.xml", **headers).content.decode(),
        "sitemap section": client.get("/sitemap-articles.xml", **headers).content.decode(),
        "feed": client.get("/en/feed.xml", **headers).content.decode(),
        "api": api.get(f"/api/v1/articles/{article.pk}/", **headers).content.decode(),
        "robots": client.get("/robots.txt", **headers).content.decode(),
    }


@pytest.mark.parametrize("headers", ODD)
def test_absolute_urls_name_the_site_whatever_the_host(article, headers):
    for name, text in answers(article, headers).items():
        assert SITE in text, name
        for bad in ("31337", "evil.example", "http://testserver", "http://localhost"):
            assert bad not in text, (name, bad)


def test_the_canonical_link_is_the_sites(article, client):
    url = Publication.objects.live().get(article=article, language="en").get_absolute_url()
    page = client.get(url, HTTP_HOST="localhost:31337").content.decode()
    assert f'<link rel="canonical" href="{SITE}{url}">' in page


def test_a_host_that_is_not_allowed_is_still_refused(client):
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


@override_settings(DEBUG=True)
def test_in_debug_urls_follow_the_request(article):
    # The middleware is set up per handler: a fresh client reads DEBUG.
    text = APIClient().get(f"/api/v1/articles/{article.pk}/", HTTP_HOST="localhost").content.decode()
    assert "http://localhost/api/v1/" in text
