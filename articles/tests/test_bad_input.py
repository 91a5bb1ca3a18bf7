"""Control characters, reordering characters and oversized text: refused with a message, nothing saved."""

import pytest
from django.core.management import CommandError, call_command

from articles import services, textformat
from articles.models import Article
from articles.tests.test_admin import SMALL_EN, edit, make_small_article, signed_in
from articles.tests.test_admin_import import IMPORT, upload

LINES = SMALL_EN.splitlines()
LONG = "Rest helps. " * 1700  # 20,400 characters


def with_line(number: int, line: str) -> str:
    """SMALL_EN with its line `number` (1-based) replaced."""
    lines = list(LINES)
    lines[number - 1] = line
    return "\n".join(lines) + "\n"


def refusal(text: str) -> textformat.TextFormatError:
    with pytest.raises(textformat.TextFormatError) as refused:
        textformat.parse(text)
    return refused.value


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"])
def test_a_control_character_is_refused_with_its_line(character):
    error = refusal(with_line(4, f"Bend your knees{character} when you lift."))

    assert error.line == 4
    assert f"U+{ord(character):04X}" in error.message


def test_tabs_and_windows_line_breaks_are_accepted():
    text = with_line(2, "Back pain\tat work is common.").replace("\n", "\r\n")

    assert textformat.parse(text).intro == ["Back pain\tat work is common."]


@pytest.mark.parametrize("character", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"])
@pytest.mark.parametrize(
    ("number", "line"),
    [(1, "Back Pain at {} Work"), (3, "Lifting {}Safely"), (6, "Trigger{} | Description |")],
)
def test_a_bidirectional_control_is_refused_in_titles_and_headings(character, number, line):
    error = refusal(with_line(number, line.format(character)))

    assert error.line == number
    assert "bidirectional" in error.message


def test_a_bidirectional_control_in_a_paragraph_is_kept():
    text = with_line(2, "Back pain at work is \u2067common\u2069.")

    assert textformat.parse(text).intro == ["Back pain at work is \u2067common\u2069."]


@pytest.mark.parametrize(("number", "prefix"), [(2, ""), (4, ""), (11, "+"), (12, "")])
def test_a_long_text_field_over_the_limit_is_refused_with_its_line(number, prefix):
    error = refusal(with_line(number, prefix + LONG))

    assert error.line == number
    assert "at most 20000" in error.message


def test_a_long_text_field_at_the_limit_is_accepted():
    line = ("x" * (textformat.TEXT_MAX - 1)) + "."

    assert textformat.parse(with_line(2, line)).intro == [line]


def test_the_importer_saves_nothing_from_a_file_with_a_nul(db):
    with pytest.raises(services.ImportRefused, match="line 4"):
        services.article_import(text=with_line(4, "Bend your knees\x00 when you lift."))

    assert not Article.objects.exists()


def test_the_import_command_names_the_line_of_a_nul_and_saves_nothing(db, tmp_path):
    path = tmp_path / "article.txt"
    path.write_bytes(with_line(4, "Bend\x00.").encode())

    with pytest.raises(CommandError, match="line 4: a control character"):
        call_command("import_article", str(path))

    assert not Article.objects.exists()


def test_the_admin_import_refuses_a_nul_with_its_line(client, db):
    response = signed_in(client, "Editor").post(IMPORT, {"file": upload(with_line(4, "Bend\x00.")), "language": "en"})

    assert response.status_code == 200
    assert "line 4: a control character (U+0000)" in response.content.decode()
    assert not Article.objects.exists()


@pytest.fixture
def editor_client(client, db):
    return signed_in(client, "Editor")


@pytest.fixture
def small_article(db):
    return make_small_article()


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "field", ["title_en", "intro_en", "conclusion_es", "sections-0-heading_en", "sections-0-body_en"]
)
def test_the_admin_refuses_a_control_character(editor_client, small_article, field):
    response = edit(editor_client, small_article, **{field: "Back pain\x1b is common."})

    assert_refused(response, "contains a control character (U+001B)")


def test_the_admin_refuses_a_nul(editor_client, small_article):
    response = edit(editor_client, small_article, intro_en="Back pain\x00 is common.")

    assert_refused(response, "Null characters are not allowed.")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_en", "Back Pain \u202eat Work", "bidirectional control character"),
        # Django's slug validator comes first: letters, digits, underscores and hyphens only.
        ("slug_en", "back-pain-\u2066at-work", "Enter a valid “slug”"),
        ("sections-0-heading_es", "Levantar \u202dcon seguridad", "bidirectional control character"),
        ("sections-0-table-0-trigger_heading_en", "Trigger\u2068", "bidirectional control character"),
    ],
)
def test_the_admin_refuses_a_bidirectional_control_in_titles_slugs_and_headings(
    editor_client, small_article, field, value, message
):
    response = edit(editor_client, small_article, **{field: value})

    assert_refused(response, message)


@pytest.mark.parametrize("field", ["intro_en", "conclusion_en", "sections-0-body_en", "faqs-0-answer_en"])
def test_the_admin_refuses_a_long_text_over_the_limit(editor_client, small_article, field):
    response = edit(editor_client, small_article, **{field: LONG.strip()})

    assert_refused(response, "at most 20000 are allowed")
