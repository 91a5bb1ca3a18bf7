"""Site-wide behaviour of the public pages: choosing a language, error pages, the stylesheet."""

import pytest
from django.conf import settings

from articles import pages
from articles.pages import url_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "home"), [("fr", "/fr/"), ("de-AT,de;q=0.9", "/de/"), ("ar", "/ar/"), ("ja, zh", "/en/"), ("", "/en/")]
)
def test_root_sends_the_reader_to_the_language_of_their_browser(client, accept, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == home
    assert "Accept-Language" in response["Vary"]


def test_root_answers_each_language_on_the_same_url(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] == "/fr/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/de/"


def test_a_remembered_choice_wins_over_the_browser_language(client, article):
    chosen = client.get("/language/es/", {"next": url_in("es", "articles:list")})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/es/articulos/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/es/"


def test_choosing_a_language_goes_to_the_same_article_in_it(client, article):
    target = url_in("ar", "articles:detail", slug=article.slug_ar)
    response = client.get("/language/ar/", {"next": target})
    assert response["Location"] == target
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/es/", "/fr/articles/", ""])
def test_choosing_a_language_never_leaves_the_site_or_the_language(client, next_url):
    assert client.get("/language/es/", {"next": next_url})["Location"] == "/es/"


def test_choosing_an_unknown_language_is_404(client):
    assert client.get("/language/xx/").status_code == 404


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/en/nothing-here/", "Page not found"),
        ("/es/nada/", "Página no encontrada"),
        ("/ar/nothing/", "الصفحة غير موجودة"),
    ],
)
def test_404_page_is_translated_and_in_the_site_layout(client, url, heading):
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in page
    assert 'class="site-header"' in page and 'name="q"' in page


def test_404_for_an_unknown_prefix_speaks_the_browser_language(client):
    french = client.get("/xx/articles/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    german = client.get("/xx/articles/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<h1>Page introuvable</h1>" in french
    assert "<h1>Seite nicht gefunden</h1>" in german


def test_500_page_is_translated_and_in_the_site_layout(client, article, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(pages, "article_structured_data", broken)
    client.raise_request_exception = False
    response = client.get(url_in("de", "articles:detail", slug=article.slug_de))
    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Etwas ist schiefgelaufen</h1>" in page
    assert 'class="site-header"' in page


def test_pages_use_one_local_stylesheet_and_no_script(client, article):
    page = client.get("/en/").content.decode()
    assert page.count('rel="stylesheet"') == 1
    assert 'href="/static/css/site.css"' in page
    assert "<script" not in page
    assert "http" not in page.split("<body>")[0].replace("http://testserver", "")


def test_every_page_has_a_skip_link_to_the_main_content(client, article):
    page = client.get("/fr/").content.decode()
    assert '<a class="skip-link" href="#main">Aller au contenu principal</a>' in page
    assert '<main id="main"' in page


def test_stylesheet_mirrors_with_logical_properties_and_has_a_print_style():
    css = (settings.BASE_DIR / "backhealth" / "static" / "css" / "site.css").read_text()
    assert "@media print" in css
    assert ":focus-visible" in css
    for physical in ("margin-left", "margin-right", "padding-left", "padding-right", "text-align: left", "float:"):
        assert physical not in css


def test_remembered_choices_on_the_same_url_each_get_their_own_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/")["Location"] == "/fr/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert client.get("/")["Location"] == "/de/"


def test_cached_page_keeps_the_language_of_its_url_whatever_the_browser_asks(client, article):
    url = url_in("fr", "articles:detail", slug=article.slug_fr)
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    second = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="fr"' in first
    assert second == first
