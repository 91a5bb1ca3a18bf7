"""The editorial admin in a real browser: translation tabs, and the seed article written by hand."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from articles import services, textformat
from articles.models import Article
from articles.publishing.document import render_text
from articles.publishing.services import publication_at
from articles.tests.factories import approve, publish_now
from articles.tests.test_admin import signed_in
from conftest import read_content
from faq.models import FAQ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page, live_server, client):
    """The browser signed in as a member of the Editor group."""
    signed_in(client, "Editor")
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


def submit(page, button: str) -> None:
    """Press a submit button and wait for the answer page, so the database holds what was sent."""
    with page.expect_navigation():
        page.click(f"[name={button}]")


def visible(page, selector):
    return page.locator(f"{selector} >> visible=true")


def add_unless_there(page, add_link: str, field: str) -> None:
    """Add a form unless the screen already shows it (the first section, row and FAQ are there from the start)."""
    if not page.locator(f"[name={field}]").count():
        visible(page, add_link).click()


def write_article(page, document: textformat.Document) -> None:
    """Type a whole article into the add screen, as an editor would."""
    page.fill("[name=title_en]", document.title)
    page.fill("[name=intro_en]", "\n".join(document.intro))
    page.fill("[name=conclusion_en]", "\n".join(document.conclusion))
    for number, section in enumerate(document.sections):
        prefix = f"sections-{number}"
        add_unless_there(page, "a.djn-add-handler.djn-model-articles-section", f"{prefix}-heading_en")
        page.fill(f"[name={prefix}-heading_en]", section.heading)
        page.fill(f"[name={prefix}-body_en]", "\n".join(section.body))
        if section.table:
            visible(page, f"#{prefix} a.djn-add-handler.djn-model-articles-triggertable").click()
            table = f"{prefix}-table-0"
            page.fill(f"[name={table}-trigger_heading_en]", section.table.columns[0])
            page.fill(f"[name={table}-description_heading_en]", section.table.columns[1])
            for row_number, (trigger, description) in enumerate(section.table.rows):
                add_unless_there(
                    page,
                    f"#{prefix} a.djn-add-handler.djn-model-articles-triggerrow",
                    f"{table}-rows-{row_number}-trigger_en",
                )
                page.fill(f"[name={table}-rows-{row_number}-trigger_en]", trigger)
                page.fill(f"[name={table}-rows-{row_number}-description_en]", description)
    for number, faq in enumerate(document.faqs):
        add_unless_there(page, "a.djn-add-handler.djn-model-faq-faq", f"faqs-{number}-question_en")
        page.fill(f"[name=faqs-{number}-question_en]", faq.question)
        page.fill(f"[name=faqs-{number}-answer_en]", "\n".join(faq.answer))


def test_the_seed_article_written_in_the_admin_exports_as_the_seed_file(editor_page, seed_text):
    open_admin(editor_page, "/admin/articles/article/add/")
    write_article(editor_page, textformat.parse(seed_text))
    submit(editor_page, "_save")
    expect(editor_page.locator(".messagelist")).to_contain_text("was added successfully")
    approve(Article.objects.get())

    editor_page.locator("input[name=_selected_action]").first.check()
    editor_page.select_option("select[name=action]", "publish")
    submit(editor_page, "index")
    expect(editor_page.locator(".messagelist")).to_contain_text("1 article published.")

    article = Article.objects.with_structure().get()
    assert article.status == Article.Status.PUBLISHED
    assert services.article_export(article=article, language="en") == seed_text + "\n"
    assert render_text(publication_at(article=article, language="en").document) == seed_text + "\n"


def test_a_row_added_to_a_new_table_gets_language_tabs(editor_page, db):
    open_admin(editor_page, "/admin/articles/article/add/")
    visible(editor_page, "#sections-0 a.djn-add-handler.djn-model-articles-triggertable").click()
    assert editor_page.locator("[name=sections-0-table-0-rows-0-trigger_en]").is_visible()
    assert not editor_page.locator("[name=sections-0-table-0-rows-0-trigger_es]").is_visible()


def spanish_fields(document: textformat.Document) -> dict[str, str]:
    """Every Spanish field of the edit screen and the text it takes from a Spanish text file."""
    fields = {
        "title_es": document.title,
        "intro_es": "\n".join(document.intro),
        "conclusion_es": "\n".join(document.conclusion),
    }
    for number, section in enumerate(document.sections):
        fields[f"sections-{number}-heading_es"] = section.heading
        fields[f"sections-{number}-body_es"] = "\n".join(section.body)
        if section.table:
            table = f"sections-{number}-table-0"
            fields[f"{table}-trigger_heading_es"], fields[f"{table}-description_heading_es"] = section.table.columns
            for row_number, (trigger, description) in enumerate(section.table.rows):
                fields[f"{table}-rows-{row_number}-trigger_es"] = trigger
                fields[f"{table}-rows-{row_number}-description_es"] = description
    for number, faq in enumerate(document.faqs):
        fields[f"faqs-{number}-question_es"] = faq.question
        fields[f"faqs-{number}-answer_es"] = "\n".join(faq.answer)
    return fields


def test_a_spanish_translation_typed_in_the_spanish_tab_makes_the_spanish_page_once_published(
    editor_page, draft_article
):
    publish_now(draft_article)
    spanish = textformat.parse(read_content("sciatica.es.txt"))
    open_admin(editor_page, f"/admin/articles/article/{draft_article.pk}/change/")
    editor_page.select_option("#modeltranslation-main-switch", label="es")
    for name, text in spanish_fields(spanish).items():
        editor_page.fill(f"[name='{name}']", text)
    submit(editor_page, "_continue")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")

    article = Article.objects.with_structure().get(pk=draft_article.pk)
    assert services.article_export(article=article, language="es") == textformat.render(spanish)
    with translation.override("es"):
        spanish_page = editor_page.base_url + article.get_absolute_url()
    # Saved, not published: the Spanish address leads to what Spanish readers get, in English.
    assert editor_page.goto(spanish_page).status == 200
    assert editor_page.url.endswith(f"/{draft_article.slug_en}/")
    assert editor_page.locator("h1").first.text_content().strip() == draft_article.title_en

    approve(draft_article)
    open_admin(editor_page, f"/admin/articles/article/{draft_article.pk}/change/")
    expect(editor_page.locator("#publishing")).to_contain_text("unpublished changes")
    with editor_page.expect_navigation():
        editor_page.click("#publishing button[form=publish-now]")
    expect(editor_page.locator(".messagelist")).to_contain_text("Published in every language.")
    expect(editor_page.locator("#publishing")).not_to_contain_text("unpublished changes")

    assert editor_page.goto(spanish_page).status == 200
    assert editor_page.locator("html").get_attribute("lang") == "es"
    assert editor_page.locator("h1").first.text_content().strip() == spanish.title


def test_two_editors_saving_different_fields_both_keep_their_changes(editor_page, article, browser):
    url = f"/admin/articles/article/{article.pk}/change/"
    second = browser.new_context().new_page()
    second.context.add_cookies(editor_page.context.cookies())
    second.base_url = editor_page.base_url
    open_admin(editor_page, url)
    open_admin(second, url)

    editor_page.fill("[name=title_en]", "Back Spasms: Causes and Relief")
    submit(editor_page, "_continue")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    second.fill("[name=summary_en]", "What sets off a back spasm, and what eases it.")
    submit(second, "_continue")

    expect(second.locator(".messagelist")).to_contain_text("was changed successfully")
    assert second.locator("[name=title_en]").input_value() == "Back Spasms: Causes and Relief"
    article.refresh_from_db()
    assert article.title_en == "Back Spasms: Causes and Relief"
    assert article.summary_en == "What sets off a back spasm, and what eases it."
    second.context.close()


def test_two_editors_changing_the_same_field_see_who_saved_and_both_texts(editor_page, article, browser):
    url = f"/admin/articles/article/{article.pk}/change/"
    second = browser.new_context().new_page()
    second.context.add_cookies(editor_page.context.cookies())
    second.base_url = editor_page.base_url
    open_admin(editor_page, url)
    open_admin(second, url)

    editor_page.fill("[name=intro_en]", "The first editor's new introduction.")
    submit(editor_page, "_continue")
    second.fill("[name=intro_en]", "A second editor's careful new introduction.")
    submit(second, "_continue")

    error = second.locator(".errorlist").filter(has_text="changed this field too")
    expect(error).to_contain_text("Their text: “The first editor's new introduction.”")
    assert second.locator("[name=intro_en]").input_value() == "A second editor's careful new introduction."
    article.refresh_from_db()
    assert article.intro_en == "The first editor's new introduction."
    second.context.close()


def test_reverting_in_the_history_brings_back_a_deleted_faq(editor_page, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    open_admin(editor_page, url)
    submit(editor_page, "_continue")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    editor_page.check("[name=faqs-2-DELETE]")
    submit(editor_page, "_continue")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert FAQ.objects.filter(article=article).count() == 2

    open_admin(editor_page, f"/admin/articles/article/{article.pk}/history/")
    editor_page.locator("#change-history tbody tr").first.locator("a").click()
    submit(editor_page, "_save")
    expect(editor_page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert FAQ.objects.filter(article=article).count() == 3
