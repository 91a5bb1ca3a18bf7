"""The segments of a working copy: one translatable piece each, with an id taken from the structure.

DESIGN.md "Segments": the title, each intro line, each section heading, each body line (a paragraph,
or a bullet as `Term: text` without its `- `), a table's two column headings, each table cell, each
question, each answer line (without `+`), each conclusion line; plus the summary and caption where
present. Ids such as `s2.body.3` or `s2.table.r3.c2` survive a revert, unlike database ids.

A segment list can also be turned back into article text (`translation_text`), so a translation
exchanged segment by segment is written through the text importer and keeps all its rules.
"""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext

from articles import textformat
from articles.models import SOURCE_LANGUAGE, Article, TriggerRow, TriggerTable
from articles.publishing.document import WorkingCopy
from articles.revisions import revision_copy
from articles.services import english_fingerprint
from faq.models import FAQ

# How far back the history is searched for the English text a translation was made from.
HISTORY_DEPTH = 50


@dataclass(frozen=True)
class Piece:
    """One segment's place in the structure and its text in one language."""

    id: str
    kind: str  # title, summary, paragraph, heading, bullet, caption, column, cell, question, answer
    text: str
    context: str
    max_length: int | None = None


@dataclass(frozen=True)
class Segment:
    id: str
    kind: str
    source: str
    target: str | None
    outdated: bool
    context: str
    max_length: int | None


def _limit(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _lines(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def pieces(copy: WorkingCopy, language: str) -> dict[str, Piece]:
    """The working copy's text in `language`, by segment id, in the English structure. A field not
    written in `language`, or written with other lines than the English, gives no pieces."""
    found: dict[str, Piece] = {}

    def text(instance, name: str, lang: str = language) -> str:
        return getattr(instance, f"{name}_{lang}", None) or ""

    def add(segment_id, kind, value, context, max_length=None):
        if value:
            found[segment_id] = Piece(segment_id, kind, value, context, max_length)

    def lines(id_prefix, english_lines, lines_there, describe, kind_of=lambda line: "paragraph"):
        # A translation whose field has another number of lines cannot be matched line by line.
        if len(lines_there) != len(english_lines):
            return
        for number, (english, line) in enumerate(zip(english_lines, lines_there, strict=True), 1):
            kind = kind_of(english)
            if kind == "bullet":
                if not line.startswith(textformat.BULLET_PREFIX):
                    continue
                line = line.removeprefix(textformat.BULLET_PREFIX)
            add(f"{id_prefix}{number}", kind, line, describe(number, kind))

    article = copy.article
    add("title", "title", text(article, "title"), gettext("article title"), _limit(Article, "title"))
    if text(article, "summary", SOURCE_LANGUAGE):
        add(
            "summary",
            "summary",
            text(article, "summary"),
            gettext("summary shown to search engines"),
            _limit(Article, "summary"),
        )
    lines(
        "intro.",
        _lines(text(article, "intro", SOURCE_LANGUAGE)),
        _lines(text(article, "intro")),
        lambda number, kind: gettext("introduction, paragraph %(number)s") % {"number": number},
    )
    for number, part in enumerate(copy.parts, 1):
        prefix = f"s{number}."
        add(
            f"{prefix}heading",
            "heading",
            text(part.section, "heading"),
            gettext("heading of section %(number)s") % {"number": number},
            _limit(type(part.section), "heading"),
        )
        lines(
            f"{prefix}body.",
            _lines(text(part.section, "body", SOURCE_LANGUAGE)),
            _lines(text(part.section, "body")),
            lambda line, kind, section=number: (
                (
                    gettext("section %(section)s, list item %(line)s (keep a term before “: ”)")
                    if kind == "bullet"
                    else gettext("section %(section)s, paragraph %(line)s")
                )
                % {"section": section, "line": line}
            ),
            kind_of=textformat.body_line_kind,
        )
        if part.table is None:
            continue
        table = part.table
        if text(table, "caption", SOURCE_LANGUAGE):
            add(
                f"{prefix}table.caption",
                "caption",
                text(table, "caption"),
                gettext("caption of the table in section %(number)s") % {"number": number},
                _limit(TriggerTable, "caption"),
            )
        headings = ("trigger_heading", "description_heading")
        english_columns = [text(table, name, SOURCE_LANGUAGE) for name in headings]
        for column, name in enumerate(headings, 1):
            add(
                f"{prefix}table.head.{column}",
                "column",
                text(table, name),
                gettext("table column heading %(column)s, section %(section)s") % {"column": column, "section": number},
                _limit(TriggerTable, name),
            )
        for row_number, row in enumerate(part.rows, 1):
            for column, name in enumerate(("trigger", "description"), 1):
                add(
                    f"{prefix}table.r{row_number}.c{column}",
                    "cell",
                    text(row, name),
                    gettext("table cell, column %(column)s, row %(row)s")
                    % {"column": english_columns[column - 1], "row": row_number},
                    _limit(TriggerRow, name),
                )
    for number, faq in enumerate(copy.faqs, 1):
        add(
            f"faq{number}.q",
            "question",
            text(faq, "question"),
            gettext("question %(number)s") % {"number": number},
            _limit(FAQ, "question"),
        )
        lines(
            f"faq{number}.a",
            _lines(text(faq, "answer", SOURCE_LANGUAGE)),
            _lines(text(faq, "answer")),
            lambda line, kind, question=number: (
                gettext("answer to question %(question)s, paragraph %(line)s") % {"question": question, "line": line}
            ),
            kind_of=lambda line: "answer",
        )
    lines(
        "conclusion.",
        _lines(text(article, "conclusion", SOURCE_LANGUAGE)),
        _lines(text(article, "conclusion")),
        lambda number, kind: gettext("conclusion, paragraph %(number)s") % {"number": number},
    )
    return found


def english_when_translated(article: Article, language: str) -> dict[str, Piece] | None:
    """The English pieces as they stood when the translation into `language` was last saved,
    found in the history by their fingerprint; None when the history does not hold them."""
    from reversion.models import Version

    from articles.publishing.document import build, render_text

    wanted = article.translation_sources.get(language)
    if not wanted:
        return None
    versions = Version.objects.get_for_object(article).select_related("revision").order_by("-pk")[:HISTORY_DEPTH]
    for version in versions:
        copy = revision_copy(version.revision, str(article.pk))
        if copy is None or len(copy.parts) != article.sections.count() or len(copy.faqs) != article.faqs.count():
            continue
        text = render_text(build(copy, SOURCE_LANGUAGE))
        if hashlib.sha256(text.encode()).hexdigest() == wanted:
            return pieces(copy, SOURCE_LANGUAGE)
    return None


def article_segments(article: Article, language: str) -> list[Segment]:
    """Every segment of the working copy, with its English source and its target in `language`.

    A target is outdated when the English changed after the translation was last saved: where the
    history holds the English of that moment, only the segments whose English differs; else all.
    """
    copy = WorkingCopy.of(article)
    english = pieces(copy, SOURCE_LANGUAGE)
    targets = pieces(copy, language) if language != SOURCE_LANGUAGE else {}
    then = None
    translation_outdated = language != SOURCE_LANGUAGE and article.is_translation_outdated(
        language, english_fingerprint(article)
    )
    if translation_outdated:
        then = english_when_translated(article, language)
    segments = []
    for segment_id, piece in english.items():
        target = targets.get(segment_id)
        outdated = translation_outdated and target is not None
        if outdated and then is not None:
            outdated = then.get(segment_id) is None or then[segment_id].text != piece.text
        segments.append(
            Segment(
                segment_id,
                piece.kind,
                piece.text,
                target.text if target else None,
                outdated,
                piece.context,
                piece.max_length,
            )
        )
    return segments


@dataclass(frozen=True)
class Text:
    """Article text made from segments, with the segment ids of each of its lines."""

    text: str
    line_ids: list[tuple[str, ...]]

    def ids_at(self, line: int | None) -> tuple[str, ...]:
        return self.line_ids[line - 1] if line and 0 < line <= len(self.line_ids) else ()


def translation_text(segments: list[Segment], texts: dict[str, str]) -> Text:
    """The article text whose lines are `texts` (by segment id) in the segments' structure.

    Summary and captions are not part of the text format; they are left out here.
    """
    lines: list[tuple[str, tuple[str, ...]]] = []
    for segment in segments:
        value = texts[segment.id]
        if segment.kind in ("summary", "caption"):
            continue
        if segment.kind == "column":
            if segment.id.endswith(".1"):
                table = segment.id.removesuffix("head.1")
                second = f"{table}head.2"
                lines.append((textformat.join_cells((value, texts[second])), (segment.id, second)))
                lines.append((textformat.TABLE_SEPARATOR, (segment.id, second)))
        elif segment.kind == "cell":
            if segment.id.endswith(".c1"):
                second = segment.id.removesuffix("c1") + "c2"
                lines.append((textformat.join_cells((value, texts[second])), (segment.id, second)))
        elif segment.kind == "bullet":
            lines.append((textformat.BULLET_PREFIX + value, (segment.id,)))
        elif segment.kind == "answer":
            lines.append((textformat.ANSWER_PREFIX + value, (segment.id,)))
        else:
            lines.append((value, (segment.id,)))
    return Text("".join(line + "\n" for line, _ids in lines), [ids for _line, ids in lines])


def english_text_fingerprint(segments: list[Segment], sources: dict[str, str]) -> str:
    """The fingerprint the English text would have with these sources: the one a file was made from."""
    return hashlib.sha256(translation_text(segments, sources).text.encode()).hexdigest()
