"""Property-based round trips: every document renders to a text that parses back to it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from articles import textformat
from articles.textformat import FAQ, Document, Section, Table, TextFormatError, normalize, parse, render

LETTERS = st.characters(
    codec="utf-8", categories=("L", "N", "Zs", "P", "S"), exclude_characters="|\ufeff\u2028\u2029\x85"
)
RESERVED_STARTS = ("+", "- ", "|")


def is_free_text(text: str) -> bool:
    return bool(text) and not text.startswith(RESERVED_STARTS)


words = st.text(LETTERS, min_size=1, max_size=60).map(str.strip).filter(is_free_text)
paragraphs = st.builds(lambda text, end: text + end, words, st.sampled_from(".:!;…,،؛")).filter(is_free_text)
headings = words.filter(lambda text: textformat.is_heading_shaped(text))
bullets = st.one_of(
    st.builds(lambda term, text: f"- {term}: {text}", words, words),
    words.filter(lambda text: ": " not in text).map(lambda text: f"- {text}"),
)
cells = st.text(LETTERS, min_size=1, max_size=30).map(str.strip).filter(bool)
# A row's first cell starts its line, so the line cannot start like a bullet or an answer.
rows = st.tuples(cells, cells).filter(lambda row: is_free_text(textformat.join_cells(row)))
tables = st.builds(Table, rows, st.lists(rows, min_size=1, max_size=4))
sections = st.builds(
    Section,
    heading=headings,
    body=st.lists(st.one_of(paragraphs, bullets), min_size=1, max_size=5),
    table=st.none() | tables,
)
faqs = st.builds(
    FAQ,
    question=words,
    answer=st.lists(st.text(LETTERS, min_size=1, max_size=60).map(str.rstrip).filter(bool), min_size=1, max_size=3),
)
documents = st.builds(
    Document,
    title=words,
    intro=st.lists(paragraphs, min_size=1, max_size=3),
    sections=st.lists(sections, min_size=1, max_size=4),
    faqs=st.lists(faqs, min_size=1, max_size=3),
    conclusion=st.lists(paragraphs, min_size=1, max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_a_rendered_document_parses_back_to_itself(document):
    text = render(document)
    assert parse(text) == document
    assert render(parse(text)) == text


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            paragraphs,
            headings,
            bullets,
            words.map(lambda text: f"+{text}"),
            st.just("---|---|"),
            st.builds(lambda a, b: f"{a} | {b} |", cells, cells),
            st.sampled_from(["", "   ", "\t"]),
        ),
        min_size=1,
        max_size=25,
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    trailing=st.sampled_from(["", " ", "  \t"]),
)
def test_whatever_the_parser_accepts_renders_to_its_normal_form(lines, newline, bom, trailing):
    text = ("\ufeff" if bom else "") + newline.join(line + trailing for line in lines)
    try:
        document = parse(text)
    except TextFormatError as error:
        assert error.message
        return
    assert render(document) == normalize(text)
