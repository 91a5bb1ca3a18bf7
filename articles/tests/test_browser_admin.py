"""The editorial admin in a real browser: translation tabs, and the seed article written by hand."""

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from articles import services, textformat
from articles.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page, live_server, client):
    """The browser signed in as a member of the Editor group."""
    # A live-server test empties the database afterwards, groups included: make them as the migration does.
    import_module("backhealth.migrations.0002_editorial_groups").create_groups(apps, None)
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.base_url = live_server.url
    return page


def open_admin(page, path, language="en"):
    page.context.set_extra_http_headers({"Accept-Language": language})
    page.goto(page.base_url + path)


def test_the_translation_tabs_appear_in_english_first(editor_page, article):
    open_admin(editor_page, f"/admin/articles/article/{article.pk}/change/")
    tabs = editor_page.locator(".ui-tabs-nav").first.locator("li a")
    assert tabs.all_text_contents() == ["en", "es", "fr", "de", "ar"]


def test_the_edit_screen_opens_on_the_editors_language_tab(editor_page, article):
    open_admin(editor_page, f"/admin/articles/article/{article.pk}/change/", language="es")
    assert editor_page.locator("[name=title_es]").is_visible()
    assert not editor_page.locator("[name=title_en]").is_visible()


def test_an_outdated_translation_is_marked_on_its_tab(editor_page, article):
    article.conclusion_en = "Back spasms pass; keep moving gently."
    article.save()
    services.article_saved(article=article, translated=("en",))
    open_admin(editor_page, f"/admin/articles/article/{article.pk}/change/")
    tab = editor_page.locator(".ui-tabs-nav").first.locator("li", has_text="fr")
    assert "translation-outdated" in tab.get_attribute("class")


def visible(page, selector):
    return page.locator(f"{selector} >> visible=true")


def write_article(page, document: textformat.Document) -> None:
    """Type a whole article into the add screen, as an editor would."""
    page.fill("[name=title_en]", document.title)
    page.fill("[name=intro_en]", "\n".join(document.intro))
    page.fill("[name=conclusion_en]", "\n".join(document.conclusion))
    for number, section in enumerate(document.sections):
        visible(page, "a.djn-add-handler.djn-model-articles-section").click()
        prefix = f"sections-{number}"
        page.fill(f"[name={prefix}-heading_en]", section.heading)
        page.fill(f"[name={prefix}-body_en]", "\n".join(section.body))
        if section.table:
            visible(page, f"#{prefix} a.djn-add-handler.djn-model-articles-triggertable").click()
            table = f"{prefix}-table-0"
            page.fill(f"[name={table}-trigger_heading_en]", section.table.columns[0])
            page.fill(f"[name={table}-description_heading_en]", section.table.columns[1])
            for row_number, (trigger, description) in enumerate(section.table.rows):
                visible(page, f"#{prefix} a.djn-add-handler.djn-model-articles-triggerrow").click()
                page.fill(f"[name={table}-rows-{row_number}-trigger_en]", trigger)
                page.fill(f"[name={table}-rows-{row_number}-description_en]", description)
    for number, faq in enumerate(document.faqs):
        visible(page, "a.djn-add-handler.djn-model-faq-faq").click()
        page.fill(f"[name=faqs-{number}-question_en]", faq.question)
        page.fill(f"[name=faqs-{number}-answer_en]", "\n".join(faq.answer))


def test_the_seed_article_written_in_the_admin_exports_as_the_seed_file(editor_page, seed_text):
    open_admin(editor_page, "/admin/articles/article/add/")
    write_article(editor_page, textformat.parse(seed_text))
    editor_page.click("input[name=_save]")
    assert "was added successfully" in editor_page.locator(".messagelist").inner_text()

    editor_page.locator("input[name=_selected_action]").first.check()
    editor_page.select_option("select[name=action]", "publish")
    editor_page.click("button[name=index]")
    assert "1 article published." in editor_page.locator(".messagelist").inner_text()

    article = Article.objects.published().with_structure().get()
    assert services.article_export(article=article, language="en") == seed_text + "\n"


def test_a_row_added_to_a_new_table_gets_language_tabs(editor_page, db):
    open_admin(editor_page, "/admin/articles/article/add/")
    visible(editor_page, "a.djn-add-handler.djn-model-articles-section").click()
    visible(editor_page, "#sections-0 a.djn-add-handler.djn-model-articles-triggertable").click()
    visible(editor_page, "#sections-0 a.djn-add-handler.djn-model-articles-triggerrow").click()
    assert editor_page.locator("[name=sections-0-table-0-rows-0-trigger_en]").is_visible()
    assert not editor_page.locator("[name=sections-0-table-0-rows-0-trigger_es]").is_visible()
