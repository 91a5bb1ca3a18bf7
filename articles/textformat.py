"""The article text format: parse text into a plain document and render it back.

The grammar is the one in DESIGN.md ("The article text format"). This module knows nothing of the
database; `articles.services` maps documents onto models. `render(parse(text)) == normalize(text)`
for every text that `parse` accepts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext

HEADING_MAX = 120
QUESTION_HEADING_MAX = 80
SENTENCE_END = ".:!;…,،؛?؟"
QUESTION_END = "?؟"
CLOSING = "\"'”’»›)]}"
BULLET_PREFIX = "- "
ANSWER_PREFIX = "+"
TERM_SEPARATOR = ": "
CELL_SEPARATOR = " | "
ROW_END = " |"
TABLE_SEPARATOR = "---|---|"
COLUMNS = 2
# Every long text field (intro, conclusion, a section's body, an answer): room for any real one,
# not for a file pasted in by mistake.
TEXT_MAX = 20_000
ALLOWED_CONTROLS = "\t\n\r"
# Characters that reorder the text shown after them: a title or heading could read differently
# from what it says (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates).
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


class TextFormatError(ValueError):
    """A text the format cannot hold exactly; `line` is 1-based in the text as given."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass
class Bullet:
    term: str | None
    text: str


@dataclass
class Table:
    columns: tuple[str, str]
    rows: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    body: list[str]
    table: Table | None = None


@dataclass
class FAQ:
    question: str
    answer: list[str]


@dataclass
class Document:
    title: str
    intro: list[str]
    sections: list[Section]
    faqs: list[FAQ]
    conclusion: list[str]

    def line_kinds(self) -> list[str]:
        """The kind of every line of the rendered text, to compare a translation with its source."""
        kinds = ["title"] + ["paragraph"] * len(self.intro)
        for section in self.sections:
            kinds.append("heading")
            kinds += [body_line_kind(line) for line in section.body]
            if section.table:
                kinds += ["table-header", "table-separator"] + ["table-row"] * len(section.table.rows)
        for faq in self.faqs:
            kinds += ["question"] + ["answer"] * len(faq.answer)
        return kinds + ["paragraph"] * len(self.conclusion)


def decode(data: bytes) -> str:
    """Text from the bytes of a file; a file that is not UTF-8 is refused at its first bad line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TextFormatError(line, "the file is not UTF-8 text; save it as UTF-8") from None


def control_character(text: str) -> str | None:
    """The first control character other than tab and line breaks, or None.

    PostgreSQL cannot store NUL, and no other control character belongs in an article.
    """
    return next((c for c in text if unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS), None)


def control_character_message(character: str) -> str:
    return gettext("a control character (U+%(code)04X) is not allowed; only tabs and line breaks are") % {
        "code": ord(character)
    }


def bidi_control(text: str) -> str | None:
    return next((c for c in text if c in BIDI_CONTROLS), None)


def bidi_control_message(character: str) -> str:
    return gettext("a bidirectional control character (U+%(code)04X) is not allowed in titles, slugs and headings") % {
        "code": ord(character)
    }


def too_long_message(length: int) -> str:
    return gettext("this text has %(length)s characters; at most %(limit)s are allowed") % {
        "length": length,
        "limit": TEXT_MAX,
    }


def check_characters(text: str) -> None:
    """Refuse the first control character, naming its line in `text` as given."""
    character = control_character(text)
    if character is not None:
        line = text[: text.index(character)].count("\n") + 1
        raise TextFormatError(line, control_character_message(character))


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines of the normal form, each with its line number in `text`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = ((number, line.rstrip(" \t")) for number, line in enumerate(text.split("\n"), 1))
    return [(number, line) for number, line in lines if line]


def normal_lines(value: str) -> str:
    """A field's text as the format stores it: no blank lines, no spaces at line ends, `\n` only."""
    return "\n".join(line for _number, line in numbered_lines(value or ""))


def normalize(text: str) -> str:
    lines = [line for _, line in numbered_lines(text)]
    return "\n".join(lines) + "\n" if lines else ""


def is_heading_shaped(line: str) -> bool:
    """The heading rule for a line that is not a bullet, table or answer line, nor a question."""
    if len(line) > HEADING_MAX:
        return False
    end = line.rstrip(CLOSING)[-1:]
    if end in QUESTION_END:
        return len(line) <= QUESTION_HEADING_MAX
    return end not in SENTENCE_END


def is_table_line(line: str) -> bool:
    return line.endswith("|") or line.startswith("|")


def body_line_kind(line: str) -> str:
    return "bullet" if line.startswith(BULLET_PREFIX) else "paragraph"


def line_kind(line: str, next_line: str | None) -> str:
    if line.startswith(ANSWER_PREFIX):
        return "answer"
    if line.startswith(BULLET_PREFIX):
        return "bullet"
    if is_table_line(line):
        return "table"
    if next_line is not None and next_line.startswith(ANSWER_PREFIX):
        return "question"
    return "heading" if is_heading_shaped(line) else "paragraph"


def split_bullet(line: str) -> Bullet:
    text = line.removeprefix(BULLET_PREFIX)
    term, separator, rest = text.partition(TERM_SEPARATOR)
    return Bullet(term, rest) if separator else Bullet(None, text)


def join_bullet(bullet: Bullet) -> str:
    if bullet.term is None:
        return BULLET_PREFIX + bullet.text
    return f"{BULLET_PREFIX}{bullet.term}{TERM_SEPARATOR}{bullet.text}"


def blocks(body: list[str]) -> list[tuple[str, object]]:
    """Body lines as blocks: ("paragraph", text) or ("list", [Bullet, ...]) for consecutive bullets."""
    result: list[tuple[str, object]] = []
    for line in body:
        if body_line_kind(line) == "paragraph":
            result.append(("paragraph", line))
        elif result and result[-1][0] == "list":
            result[-1][1].append(split_bullet(line))
        else:
            result.append(("list", [split_bullet(line)]))
    return result


def split_cells(number: int, line: str) -> tuple[str, str]:
    if line.startswith("|"):
        raise TextFormatError(number, "a table line starts with its first cell, like `Trigger | Description |`")
    if not line.endswith(ROW_END):
        raise TextFormatError(number, "a table line ends with ` |`, like `Trigger | Description |`")
    cells = line[: -len(ROW_END)].split(CELL_SEPARATOR)
    if any("|" in cell for cell in cells):
        raise TextFormatError(number, "table cells are separated by ` | ` (a space on each side of `|`)")
    if len(cells) != COLUMNS:
        raise TextFormatError(number, f"a table row has {COLUMNS} cells, like its header; this one has {len(cells)}")
    if not all(cell.strip() for cell in cells):
        raise TextFormatError(number, "a table cell is empty")
    return cells[0], cells[1]


def check_no_bidi(number: int, line: str) -> None:
    character = bidi_control(line)
    if character is not None:
        raise TextFormatError(number, bidi_control_message(character))


def join_cells(cells: tuple[str, str]) -> str:
    return CELL_SEPARATOR.join(cells) + ROW_END


class _Parser:
    def __init__(self, text: str):
        check_characters(text)
        self.lines = numbered_lines(text)
        self.position = 0

    def peek(self) -> tuple[int, str, str] | None:
        if self.position >= len(self.lines):
            return None
        number, line = self.lines[self.position]
        following = self.lines[self.position + 1][1] if self.position + 1 < len(self.lines) else None
        return number, line, line_kind(line, following)

    def take(self) -> tuple[int, str, str]:
        current = self.peek()
        self.position += 1
        return current

    def end_line(self) -> int:
        return self.lines[-1][0] + 1

    def parse(self) -> Document:
        if not self.lines:
            raise TextFormatError(None, "the file is empty; expected the title on line 1")
        number, title, kind = self.take()
        if kind in ("answer", "bullet", "table"):
            raise TextFormatError(number, f"expected the title, found a {kind} line")
        check_no_bidi(number, title)
        intro = self.paragraphs()
        if not intro:
            raise self.unexpected("the intro (a paragraph line after the title)")
        self.check_length(self.position - len(intro), intro)
        sections = self.sections()
        faqs = self.faqs()
        conclusion = self.paragraphs()
        self.check_length(self.position - len(conclusion), conclusion)
        if not conclusion:
            raise self.unexpected("the conclusion (a paragraph line after the last answer)")
        if self.peek():
            raise self.unexpected("the end of the file after the conclusion")
        return Document(title, intro, sections, faqs, conclusion)

    def check_length(self, first: int, lines: list[str]) -> None:
        """`lines`, starting at position `first`, make one stored field: refuse it over TEXT_MAX."""
        length = len("\n".join(lines))
        if length > TEXT_MAX:
            raise TextFormatError(self.lines[first][0], too_long_message(length))

    def unexpected(self, expected: str) -> TextFormatError:
        current = self.peek()
        if current is None:
            return TextFormatError(self.end_line(), f"expected {expected}, found the end of the file")
        number, _line, kind = current
        if kind == "answer":
            return TextFormatError(number, f"an answer line without a question; expected {expected}")
        found = "a heading (a line without closing punctuation)" if kind == "heading" else f"a {kind} line"
        return TextFormatError(number, f"expected {expected}, found {found}")

    def paragraphs(self) -> list[str]:
        found = []
        while (current := self.peek()) and current[2] == "paragraph":
            found.append(self.take()[1])
        return found

    def sections(self) -> list[Section]:
        sections = []
        while (current := self.peek()) and current[2] == "heading":
            number, heading, _kind = self.take()
            check_no_bidi(number, heading)
            body = []
            while (current := self.peek()) and current[2] in ("paragraph", "bullet"):
                body.append(self.take()[1])
            self.check_length(self.position - len(body), body)
            if not body:
                raise self.unexpected(f"the text of the section “{heading}” (a paragraph or bullet line)")
            table = self.table() if current and current[2] == "table" else None
            if table and (current := self.peek()) and current[2] in ("paragraph", "bullet", "table"):
                raise TextFormatError(
                    current[0], "text after a table; a table closes its section, so start a new section with a heading"
                )
            sections.append(Section(heading, body, table))
        if not sections:
            raise self.unexpected("a section heading")
        return sections

    def table(self) -> Table:
        number, header, _ = self.take()
        columns = split_cells(number, header)
        check_no_bidi(number, header)
        current = self.peek()
        if current is None or current[1] != TABLE_SEPARATOR:
            raise TextFormatError(
                current[0] if current else self.end_line(),
                f"a table without its separator; expected `{TABLE_SEPARATOR}` after the header line {number}",
            )
        self.take()
        table = Table(columns)
        while (current := self.peek()) and current[2] == "table":
            number, line, _ = self.take()
            table.rows.append(split_cells(number, line))
        if not table.rows:
            raise self.unexpected("a table row such as `Muscle strain | Overuse of the back muscles |`")
        return table

    def faqs(self) -> list[FAQ]:
        faqs = []
        while (current := self.peek()) and current[2] == "question":
            question = self.take()[1]
            answer = []
            while (current := self.peek()) and current[2] == "answer":
                answer.append(self.take()[1].removeprefix(ANSWER_PREFIX))
            self.check_length(self.position - len(answer), answer)
            faqs.append(FAQ(question, answer))
        if not faqs:
            raise self.unexpected("a FAQ (a question line followed by an answer line starting with `+`)")
        return faqs


def parse(text: str) -> Document:
    return _Parser(text).parse()


def render(document: Document) -> str:
    lines = [document.title, *document.intro]
    for section in document.sections:
        lines += [section.heading, *section.body]
        if section.table:
            lines += [join_cells(section.table.columns), TABLE_SEPARATOR]
            lines += [join_cells(row) for row in section.table.rows]
    for faq in document.faqs:
        lines += [faq.question, *(ANSWER_PREFIX + line for line in faq.answer)]
    lines += document.conclusion
    return "\n".join(lines) + "\n"


def parse_faqs(text: str) -> list[FAQ]:
    """A list of FAQs alone (site-wide questions): question lines, each followed by answer lines."""
    parser = _Parser(text)
    if not parser.lines:
        raise TextFormatError(None, "the file is empty; expected a question on line 1")
    faqs = parser.faqs()
    if parser.peek():
        raise parser.unexpected("a question line followed by an answer line starting with `+`")
    return faqs


def render_faqs(faqs: list[FAQ]) -> str:
    return "".join(f"{faq.question}\n" + "".join(f"{ANSWER_PREFIX}{line}\n" for line in faq.answer) for faq in faqs)
