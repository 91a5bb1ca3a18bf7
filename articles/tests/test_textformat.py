from pathlib import Path

import pytest
from django.conf import settings

from articles import textformat
from articles.textformat import TextFormatError, normalize, parse, render

CONTENT = Path(settings.BASE_DIR) / "content"
SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "back-spasms.en.txt"
ARTICLE_FILES = sorted(path for path in CONTENT.glob("*.txt") if not path.name.startswith("site-faqs."))

MINIMAL = "Title\nIntro.\nHeading\nBody.\nQuestion?\n+Answer.\nConclusion.\n"


def error_for(text: str) -> TextFormatError:
    with pytest.raises(TextFormatError) as caught:
        parse(text)
    return caught.value


@pytest.fixture
def seed():
    return parse((CONTENT / "back-spasms.en.txt").read_text(encoding="utf-8"))


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed file is not beside this checkout")
def test_demo_copy_of_the_seed_is_unchanged():
    assert (CONTENT / "back-spasms.en.txt").read_bytes() == SEED.read_bytes()


def test_seed_title(seed):
    assert seed.title == "What Causes Back Spasms? Find Relief"


def test_seed_has_four_sections(seed):
    assert [section.heading for section in seed.sections] == [
        "Causes of Back Spasms",
        "Common Triggers of Back Spasms",
        "Treatment Options for Back Spasms",
        "Self-Care Measures for Back Spasms",
    ]


def test_seed_second_section_has_four_bullets_and_the_trigger_table(seed):
    section = seed.sections[1]
    assert [line.startswith("- ") for line in section.body] == [False, True, True, True, True]
    assert section.table.columns == ("Trigger", "Description")
    assert [row[0] for row in section.table.rows] == ["Muscle strain", "Poor posture", "Underlying medical conditions"]


def test_seed_fourth_section_has_three_bullets_and_no_table(seed):
    section = seed.sections[3]
    assert sum(line.startswith("- ") for line in section.body) == 3
    assert section.table is None


def test_seed_faqs_and_conclusion(seed):
    assert [faq.question for faq in seed.faqs] == [
        "What are the most common causes of back spasms?",
        "How can I prevent back spasms?",
        "What are the best treatment options for back spasms?",
    ]
    assert seed.conclusion[0].startswith("In conclusion,")


def test_bullet_term_is_the_text_before_the_first_colon_space():
    [block] = textformat.blocks(["- Poor posture: sitting: badly", "- No term here"])
    assert block[0] == "list"
    assert [(bullet.term, bullet.text) for bullet in block[1]] == [
        ("Poor posture", "sitting: badly"),
        (None, "No term here"),
    ]


def test_consecutive_bullets_form_one_list_between_paragraphs():
    kinds = [kind for kind, _ in textformat.blocks(["Para.", "- a", "- b", "Para.", "- c"])]
    assert kinds == ["paragraph", "list", "paragraph", "list"]


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda path: path.name)
def test_every_demo_file_renders_back_to_its_normal_form(path):
    text = path.read_text(encoding="utf-8")
    assert render(parse(text)) == normalize(text)


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda path: path.name)
def test_every_demo_translation_has_the_line_kinds_of_its_english_text(path):
    english = CONTENT / f"{path.name.split('.')[0]}.en.txt"
    assert parse(path.read_text(encoding="utf-8")).line_kinds() == parse(english.read_text()).line_kinds()


def test_normal_form_drops_crlf_bom_blank_lines_and_trailing_spaces():
    messy = "\ufeffTitle  \r\n\r\nIntro.\t\nHeading\n\n\nBody.   \nQuestion?\n+Answer.\nConclusion."
    assert render(parse(messy)) == MINIMAL == normalize(messy)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Causes of Back Spasms", "heading"),
        ("What Is the Sciatic Nerve?", "heading"),
        ("ما هو العصب الوركي؟", "heading"),
        ("A sentence that ends with a full stop.", "paragraph"),
        ("Several triggers, including:", "paragraph"),
        ("He said “stop.”", "paragraph"),
        ("Ends with an Arabic comma،", "paragraph"),
        ("Ends with an ellipsis…", "paragraph"),
        ("A long question " + "x" * 70 + "?", "paragraph"),
        ("A long line without punctuation " + "y" * 100, "paragraph"),
    ],
)
def test_heading_rule(line, expected):
    assert textformat.line_kind(line, "Next line.") == expected


def test_a_line_followed_by_an_answer_is_a_question_not_a_heading():
    assert textformat.line_kind("How can I prevent back spasms?", "+By moving.") == "question"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty"),
        ("\n\n  \n", None, "empty"),
        ("Title\nIntro.\n", 3, "section heading"),
        ("Title\nIntro.\nQuestion?\n+Answer.\nConclusion.\n", 3, "section heading"),
        ("Title\nIntro.\nHeading\nBody.\nConclusion.\n", 6, "FAQ"),
        ("Title\nIntro.\nHeading\nBody.\nQuestion?\n+Answer.\n", 7, "conclusion"),
        ("Title\n+Answer.\nHeading\nBody.\n", 2, "answer line without a question"),
        ("Title\nIntro.\nHeading\n- a bullet\n+Answer.\n", 5, "answer line without a question"),
        ("Title\nIntro.\nHeading\nBody.\nA | B |\n---|---|\nx | y | z |\nQ?\n+A.\nC.\n", 7, "2 cells"),
        ("Title\nIntro.\nHeading\nBody.\nA | B |\nx | y |\nQ?\n+A.\nC.\n", 6, "without its separator"),
        ("Title\nIntro.\nHeading\nBody.\nA | B |\n|---|---|\nx | y |\nQ?\n+A.\nC.\n", 6, "without its separator"),
        (
            "Title\nIntro.\nHeading\nBody.\nA | B |\n---|---|\nx | y |\nMore text.\nQ?\n+A.\nC.\n",
            8,
            "text after a table",
        ),
        ("Title\nIntro.\nHeading\nBody.\nA | B |\n---|---|\nx |y |\nQ?\n+A.\nC.\n", 7, "separated by ` | `"),
        ("Title\nIntro.\nHeading\nBody.\n| A | B |\n---|---|\nx | y |\nQ?\n+A.\nC.\n", 5, "starts with its first cell"),
        ("Title\nIntro.\nHeading\nBody.\nA | B |\n---|---|\nQ?\n+A.\nC.\n", 7, "table row"),
        ("Title\nIntro.\nHeading\nSub heading\nBody.\nQ?\n+A.\nC.\n", 4, "text of the section"),
        ("Title\nIntro.\nHeading\nBody.\nQ?\n+A.\nC.\nAnother heading\n", 8, "end of the file"),
    ],
)
def test_errors_name_the_line_and_what_was_expected(text, line, words):
    error = error_for(text)
    assert error.line == line
    assert words in error.message


def test_error_line_numbers_count_the_blank_lines_of_the_file():
    assert error_for("Title\n\n\nIntro.\n\nHeading\n- a bullet\n\n+Answer\n").line == 9


def test_a_file_that_is_not_utf8_is_refused_naming_its_line():
    with pytest.raises(TextFormatError) as caught:
        textformat.decode(b"Title\nIntro.\n" + "Caf\xe9\n".encode("latin-1"))
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.message


def test_site_faqs_parse_and_render_back():
    text = "Q one?\n+A.\n+B.\nQ two?\n+C.\n"
    faqs = textformat.parse_faqs(text)
    assert [(faq.question, faq.answer) for faq in faqs] == [("Q one?", ["A.", "B."]), ("Q two?", ["C."])]
    assert textformat.render_faqs(faqs) == text


def test_site_faqs_refuse_anything_but_questions_and_answers():
    with pytest.raises(TextFormatError) as caught:
        textformat.parse_faqs("Q one?\n+A.\nA stray paragraph.\n")
    assert caught.value.line == 3
