"""The public site in a real browser: language switcher, right to left, phone width, axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache

from articles.models import Article
from articles.pages import url_in

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, demo, live_server):
    cache.clear()
    yield live_server.url
    cache.clear()


def sciatica():
    return Article.objects.get(slug_en__startswith="sciatica")


def reader_pages(language: str) -> dict[str, str]:
    article = sciatica()
    return {
        "home": url_in(language, "articles:home"),
        "list": url_in(language, "articles:list"),
        "article": url_in(language, "articles:detail", slug=getattr(article, f"slug_{language}")),
        "faq": url_in(language, "faq:list"),
        "search": url_in(language, "articles:search") + "?q=" + ("sciatica" if language == "en" else "عرق"),
    }


def test_language_switcher_goes_to_the_same_article(site, page):
    article = sciatica()
    page.goto(site + url_in("en", "articles:detail", slug=article.slug_en))
    page.get_by_role("navigation", name="Languages").get_by_role("link", name="Español").click()
    assert page.url == site + url_in("es", "articles:detail", slug=article.slug_es)
    assert page.locator("h1").inner_text() == article.title_es


def test_arabic_page_reads_right_to_left(site, page):
    page.goto(site + reader_pages("ar")["article"])
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    header = page.locator(".site-header__inner .brand").bounding_box()
    assert header["x"] > page.viewport_size["width"] / 2  # the site name sits on the right


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_horizontal_scroll_at_320_pixels(site, page, language):
    page.set_viewport_size({"width": 320, "height": 640})
    for name, url in reader_pages(language).items():
        page.goto(site + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_axe_finds_no_violations(site, page, language):
    axe = Axe()
    found = {}
    for name, url in reader_pages(language).items():
        page.goto(site + url)
        result = axe.run(page)
        if result.violations_count:
            violations = result.response["violations"]
            found[name] = [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in violations]
    assert found == {}


def test_skip_link_is_the_first_stop_and_is_visible_on_focus(site, page):
    page.goto(site + reader_pages("en")["article"])
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("class") == "skip-link"
    assert focused.bounding_box()["y"] >= 0
