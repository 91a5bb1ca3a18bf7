"""What an editor types is refused with a form error, the text kept, whenever it would not export."""

import pytest

from articles.models import Article, TriggerRow
from articles.tests.test_admin import change_url, edit, form_data, make_small_article, signed_in
from faq.models import FAQ

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_article(db):
    return make_small_article()


def assert_refused(response, message, kept):
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert kept in page


def test_a_body_line_that_reads_as_a_heading_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    body = "Muscles tighten suddenly.\nA line without a full stop"
    response = edit(editor_client, small_article, **{"sections-0-body_en": body})
    assert_refused(response, "would read as a heading", "A line without a full stop")


def test_a_heading_that_reads_as_a_paragraph_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, **{"sections-0-heading_en": "Causes of back spasms."})
    assert_refused(response, "would read as a paragraph", "Causes of back spasms.")


def test_a_table_cell_with_a_pipe_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, **{"sections-0-table-0-rows-0-trigger_en": "Strain | sprain"})
    assert_refused(response, "cannot contain “|”", "Strain | sprain")


@pytest.mark.parametrize("first_cell", ["- Lifting", "-", "+5 kg"])
def test_a_first_cell_that_would_start_a_bullet_or_an_answer_is_refused(client, small_article, first_cell):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, **{"sections-0-table-0-rows-0-trigger_en": first_cell})
    assert_refused(response, "first cell cannot start with", first_cell)


def test_an_intro_line_starting_like_an_answer_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, intro_en="+ An intro that looks like an answer.")
    assert_refused(response, "marks a FAQ answer", "+ An intro that looks like an answer.")


def test_a_bullet_in_the_conclusion_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, conclusion_en="- Rest: it helps.")
    assert_refused(response, "marks a bullet", "- Rest: it helps.")


def test_blank_lines_and_trailing_spaces_are_dropped_not_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, intro_en="First paragraph.  \r\n\r\nSecond paragraph.")
    assert response.status_code == 302
    small_article.refresh_from_db()
    assert small_article.intro_en == "First paragraph.\nSecond paragraph."


def test_a_summary_over_160_characters_is_a_form_error(client, small_article):
    editor_client = signed_in(client, "Editor")
    summary = "Back spasms explained. " * 8
    response = edit(editor_client, small_article, summary_es=summary)
    assert_refused(response, "at most 160 characters", summary.strip())


def test_a_slug_taken_in_the_same_language_is_a_form_error(client, small_article, draft_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, draft_article, slug_es=small_article.slug_es, title_es="Ciática")
    assert_refused(response, "already exists", "Ciática")


def test_a_translated_row_with_an_empty_cell_is_a_form_error(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(
        editor_client,
        small_article,
        **{"sections-0-table-0-rows-0-trigger_es": "Tensión muscular", "sections-0-table-0-rows-0-description_es": ""},
    )
    assert_refused(response, "the English row has text", "Tensión muscular")


def test_a_refused_save_changes_nothing(client, small_article):
    editor_client = signed_in(client, "Editor")
    edit(editor_client, small_article, title_en="New title", **{"sections-0-heading_en": "Bad heading."})
    small_article.refresh_from_db()
    assert small_article.title_en == "Back Pain at Work"


def test_an_empty_title_gives_its_slug_from_the_title(client, draft_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, draft_article, title_es="Ciática: síntomas", slug_es="")
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.slug_es == "ciática-síntomas"


def test_two_saves_of_different_fields_merge(client, small_article):
    first_editor = signed_in(client, "Editor", "first-editor")
    first = form_data(first_editor.get(change_url(small_article)))
    second = dict(first)
    first.update(title_en="First editor's title", _continue="1")
    assert first_editor.post(change_url(small_article), first).status_code == 302
    second.update(intro_en="Second editor's intro, typed at length.", _continue="1")
    assert first_editor.post(change_url(small_article), second).status_code == 302
    small_article.refresh_from_db()
    assert small_article.title_en == "First editor's title"
    assert small_article.intro_en == "Second editor's intro, typed at length."


def test_two_saves_of_different_parts_of_a_section_merge(client, small_article):
    editor_client = signed_in(client, "Editor")
    first = form_data(editor_client.get(change_url(small_article)))
    second = dict(first)
    first.update({"sections-0-heading_en": "Lifting Without Strain", "_continue": "1"})
    assert editor_client.post(change_url(small_article), first).status_code == 302
    second.update({"sections-0-body_en": "Bend your knees when you lift anything.", "_continue": "1"})
    assert editor_client.post(change_url(small_article), second).status_code == 302
    section = small_article.sections.get()
    assert section.heading_en == "Lifting Without Strain"
    assert section.body_en == "Bend your knees when you lift anything."


def test_a_translator_saving_spanish_is_not_blocked_by_an_english_save(client, small_article):
    translator = signed_in(client, "Translator")
    spanish = form_data(translator.get(change_url(small_article)))
    client.logout()
    edit(signed_in(client, "Editor"), small_article, title_en="Back Pain in the Office")
    signed_in(client, "Translator", "translator-2")
    spanish.update(title_es="Dolor de espalda en la oficina", _continue="1")
    assert client.post(change_url(small_article), spanish).status_code == 302
    small_article.refresh_from_db()
    assert (small_article.title_en, small_article.title_es) == (
        "Back Pain in the Office",
        "Dolor de espalda en la oficina",
    )


def test_a_conflict_on_the_same_field_names_who_saved_and_when_and_shows_both_texts(client, small_article):
    first_editor = signed_in(client, "Editor", "first-editor")
    stale = form_data(first_editor.get(change_url(small_article)))
    edit(first_editor, small_article, intro_en="The first editor's intro.", title_en="First editor's title")
    client.logout()
    signed_in(client, "Editor", "second-editor")
    stale.update(intro_en="Second editor's intro.", summary_en="A summary only the second wrote.", _continue="1")
    response = client.post(change_url(small_article), stale)
    assert_refused(response, "first-editor changed this field too and saved on", "Second editor&#x27;s intro.")
    assert "Their text: “The first editor&#x27;s intro.”" in response.content.decode()
    small_article.refresh_from_db()
    assert small_article.intro_en == "The first editor's intro."
    assert not small_article.summary_en
    # The page now shows the first editor's title, which the second never touched.
    assert form_data(response)["title_en"] == "First editor's title"


def test_after_a_conflict_saving_again_is_a_deliberate_overwrite(client, small_article):
    editor_client = signed_in(client, "Editor")
    stale = form_data(editor_client.get(change_url(small_article)))
    edit(editor_client, small_article, intro_en="First editor's intro.", title_en="First editor's title")
    stale.update(intro_en="Second editor's intro.", _continue="1")
    refused = editor_client.post(change_url(small_article), stale)
    assert refused.status_code == 200
    again = form_data(refused)
    assert editor_client.post(change_url(small_article), {**again, "_continue": "1"}).status_code == 302
    article = Article.objects.get(pk=small_article.pk)
    assert (article.intro_en, article.title_en) == ("Second editor's intro.", "First editor's title")


def test_deleting_every_row_of_a_table_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    rows = {f"sections-0-table-0-rows-{number}-DELETE": "on" for number in range(2)}
    response = edit(editor_client, small_article, **rows)
    assert_refused(response, "Please submit at least 1 form.", "Awkward reach")
    assert TriggerRow.objects.filter(table__section__article=small_article).count() == 2


def test_deleting_every_faq_is_refused(client, small_article):
    editor_client = signed_in(client, "Editor")
    response = edit(editor_client, small_article, **{f"faqs-{number}-DELETE": "on" for number in range(1)})
    assert_refused(response, "Please submit at least 1 form.", "Is back pain at work common?")
    assert FAQ.objects.filter(article=small_article).count() == 1
