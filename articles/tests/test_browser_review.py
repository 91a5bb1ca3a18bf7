"""The workflow in a real browser: an editor submits, a reviewer approves, the editor publishes; a
translator updates exactly what changed in English."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from articles.models import Article
from articles.publishing.models import Publication
from articles.tests.test_admin import edit, signed_in
from articles.tests.test_translate_screen import NEW_CONCLUSION

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, group: str, username: str):
    client = signed_in(Client(), group, username)
    page = browser.new_context().new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.base_url = live_server.url
    return page


def test_an_editor_submits_a_reviewer_approves_and_the_editor_publishes(browser, live_server, draft_article):
    change = f"/admin/articles/article/{draft_article.pk}/change/"
    editor = signed_in_page(browser, live_server, "Editor", "writer")
    editor.goto(editor.base_url + change)
    with editor.expect_navigation():
        editor.click("#publishing button[form=publish-now]")
    expect(editor.locator(".messagelist")).to_contain_text("needs a clinical approval")
    assert not Publication.objects.filter(article=draft_article).exists()

    editor.click("#review-panel a")
    editor.fill("#submit-comment", "New article, please check the red flags.")
    with editor.expect_navigation():
        editor.click("button[name=submit]")
    expect(editor.locator("#review-state")).to_contain_text("waiting for review")

    reviewer = signed_in_page(browser, live_server, "Clinical reviewer", "doctor")
    reviewer.goto(reviewer.base_url + "/admin/")
    waiting = reviewer.locator("#home-waiting")
    expect(waiting).to_contain_text("please check the red flags")
    with reviewer.expect_navigation():
        waiting.get_by_role("link", name=draft_article.title_en).click()
    expect(reviewer.locator("#review-diff .added").first).to_have_text(draft_article.title_en)
    with reviewer.expect_navigation():
        reviewer.click("button[name=approve]")
    expect(reviewer.locator(".messagelist")).to_contain_text("Approved")
    expect(reviewer.locator("#review-history")).to_contain_text("doctor")

    editor.goto(editor.base_url + change)
    expect(editor.locator("#review-panel")).to_contain_text("approved")
    with editor.expect_navigation():
        editor.click("#publishing button[form=publish-now]")
    expect(editor.locator(".messagelist")).to_contain_text("Published in every language.")
    assert Publication.objects.live().filter(article=draft_article).count() == 5
    english = Publication.objects.live().get(article=draft_article, language="en")
    assert english.reviewed_by == "doctor"
    editor.context.close()
    reviewer.context.close()


def test_a_translator_updates_exactly_the_segments_whose_english_changed(browser, live_server, article):
    editor = signed_in(Client(), "Editor", "writer")
    edit(editor, article)
    edit(editor, article, conclusion_en=NEW_CONCLUSION)

    translator = signed_in_page(browser, live_server, "Translator", "traductora")
    translator.goto(translator.base_url + f"/admin/articles/article/{article.pk}/translate/es/")
    expect(translator.locator("#outdated-count")).to_contain_text("1 segment changed in English")
    outdated = translator.locator("tr.segment-outdated")
    expect(outdated).to_have_count(1)
    expect(outdated).to_have_id("segment-conclusion.1")
    expect(outdated.locator(".added")).to_have_text(NEW_CONCLUSION)

    spanish = "La mayoría de los espasmos pasan en días; siga moviéndose con suavidad."
    translator.fill('textarea[name="segment-conclusion.1"]', spanish)
    with translator.expect_navigation():
        translator.click("input[type=submit]")
    translator.goto(translator.base_url + f"/admin/articles/article/{article.pk}/translate/es/")
    expect(translator.locator("tr.segment-outdated")).to_have_count(0)
    stored = Article.objects.get(pk=article.pk)
    assert stored.conclusion_es == spanish
    assert stored.conclusion_en == NEW_CONCLUSION
    translator.context.close()
