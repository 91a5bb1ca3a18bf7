"""The Content-Security-Policy as Chromium applies it: no screen needs anything the policy refuses."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.tests.test_admin import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def refusals(page, url: str) -> list[str]:
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.wait_for_load_state("load")
    return [text for text in messages if "Content Security Policy" in text]


def test_public_pages_break_no_rule_of_the_policy(page, live_server, article):
    with translation.override("en"):
        path = reverse("articles:detail", kwargs={"slug": article.slug_en})
    for url in (live_server.url + "/en/", live_server.url + path):
        assert refusals(page, url) == [], url


def test_the_article_admin_and_the_api_docs_break_no_rule_of_the_policy(page, live_server, client, article):
    signed_in(client, "Editor")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for path in (
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        "/api/v1/docs/",
    ):
        assert refusals(page, live_server.url + path) == [], path
