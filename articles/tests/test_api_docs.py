"""The interactive API docs in a real browser, with every request off this site refused."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.browser


@pytest.fixture
def docs(transactional_db, article, live_server, page):
    """The docs page, loaded with the network limited to this site (as with no internet)."""
    cache.clear()
    outside = []

    def only_this_site(route):
        if urlsplit(route.request.url).netloc == urlsplit(live_server.url).netloc:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_site)
    page.goto(live_server.url + "/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    yield page
    assert outside == []
    cache.clear()


def test_docs_list_every_operation(docs):
    assert docs.locator(".opblock-summary-path").all_inner_texts() == [
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/changes/",
        "/api/v1/faqs/",
        "/api/v1/faqs/{id}/",
        "/api/v1/languages/",
        "/api/v1/topics/",
        "/api/v1/topics/{id}/",
    ]


def test_docs_try_it_out_calls_the_api(docs, article):
    operation = docs.locator(".opblock", has=docs.locator(".opblock-summary-path", has_text="/api/v1/articles/{id}/"))
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("tr[data-param-name='id'] input").fill(str(article.pk))
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table .response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert article.title_en in operation.locator(".live-responses-table .microlight").first.inner_text()
