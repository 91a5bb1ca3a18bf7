"""The one builder of an article's document in one language, and the served-language rule.

A document is the article in the API's block shape (DESIGN.md "API"):

    {"title", "intro": [paragraph, ...],
     "sections": [{"heading", "aspect", "blocks": [block, ...]}, ...],
     "faqs": [{"id", "question", "answer": [paragraph, ...]}, ...],
     "conclusion": [paragraph, ...]}

where a block is a paragraph, a list of `{term, text}` items or the section's table. Publishing
stores it; the article page, the API, the staff preview, the text export and the revision
compare all print it. Each field is read in exactly one language, so a document never mixes two.
"""

from dataclasses import dataclass, field

from articles import textformat
from articles.models import SOURCE_LANGUAGE, Article, Section, TriggerRow, TriggerTable
from faq.models import FAQ

DESCRIPTION_LENGTH = 160


@dataclass
class Part:
    section: Section
    table: TriggerTable | None = None
    rows: list[TriggerRow] = field(default_factory=list)


@dataclass
class WorkingCopy:
    """An article and its parts, from the database or from a stored revision."""

    article: Article
    parts: list[Part]
    faqs: list[FAQ]

    @classmethod
    def of(cls, article: Article) -> "WorkingCopy":
        """From an article with its structure prefetched (`with_structure()`): no queries."""
        parts = []
        for section in article.sections.all():
            table = getattr(section, "table", None)
            parts.append(Part(section, table, list(table.rows.all()) if table else []))
        return cls(article, parts, list(article.faqs.all()))


def served_language(article: Article, language: str) -> str:
    """The language a publication in `language` is written in: its own when the working copy is
    complete in it, else English. The only place this rule is written."""
    return language if language == SOURCE_LANGUAGE or article.is_complete_in(language) else SOURCE_LANGUAGE


def _lines(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def body_blocks(lines: list[str]) -> list[dict]:
    blocks = []
    for kind, content in textformat.blocks(lines):
        if kind == "paragraph":
            blocks.append({"type": "paragraph", "text": content})
        else:
            blocks.append({"type": "list", "items": [{"term": item.term, "text": item.text} for item in content]})
    return blocks


def build(copy: WorkingCopy, language: str) -> dict:
    """The working copy in `language`, with no fallback to another language."""

    def text(instance, name) -> str:
        return getattr(instance, f"{name}_{language}", None) or ""

    sections = []
    for part in copy.parts:
        blocks = body_blocks(_lines(text(part.section, "body")))
        if part.table is not None:
            blocks.append(
                {
                    "type": "table",
                    "caption": text(part.table, "caption") or None,
                    "columns": [text(part.table, "trigger_heading"), text(part.table, "description_heading")],
                    "rows": [[text(row, "trigger"), text(row, "description")] for row in part.rows],
                }
            )
        sections.append(
            {"heading": text(part.section, "heading"), "aspect": part.section.aspect or None, "blocks": blocks}
        )
    return {
        "title": text(copy.article, "title"),
        "intro": _lines(text(copy.article, "intro")),
        "sections": sections,
        "faqs": [
            {"id": faq.pk, "question": text(faq, "question"), "answer": _lines(text(faq, "answer"))}
            for faq in copy.faqs
        ],
        "conclusion": _lines(text(copy.article, "conclusion")),
    }


def text_document(document: dict) -> textformat.Document:
    """A document in the article text format (what the format cannot hold, such as captions, is left out)."""
    sections = []
    for section in document["sections"]:
        body, table = [], None
        for block in section["blocks"]:
            if block["type"] == "paragraph":
                body.append(block["text"])
            elif block["type"] == "list":
                body += [
                    textformat.join_bullet(textformat.Bullet(item["term"], item["text"])) for item in block["items"]
                ]
            else:
                table = textformat.Table(columns=tuple(block["columns"]), rows=[tuple(row) for row in block["rows"]])
        sections.append(textformat.Section(heading=section["heading"], body=body, table=table))
    return textformat.Document(
        title=document["title"],
        intro=list(document["intro"]),
        sections=sections,
        faqs=[textformat.FAQ(faq["question"], list(faq["answer"])) for faq in document["faqs"]],
        conclusion=list(document["conclusion"]),
    )


def render_text(document: dict) -> str:
    return textformat.render(text_document(document))


def meta_description(document: dict, summary: str) -> str:
    """The summary, or the intro's first sentence cut at a word to fit 160 characters."""
    if summary:
        return summary
    first_line = document["intro"][0] if document["intro"] else ""
    sentence = first_line.split(". ", 1)[0].rstrip(".") + "."
    if len(sentence) <= DESCRIPTION_LENGTH:
        return sentence
    return sentence[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def search_text(document: dict, summary: str) -> str:
    """Every searchable text: title, summary, intro, sections, table cells, FAQs, conclusion."""
    parts = [document["title"], summary, *document["intro"]]
    for section in document["sections"]:
        parts.append(section["heading"])
        for block in section["blocks"]:
            if block["type"] == "paragraph":
                parts.append(block["text"])
            elif block["type"] == "list":
                parts += [" ".join(filter(None, (item["term"], item["text"]))) for item in block["items"]]
            else:
                parts += [block["caption"] or "", *block["columns"], *(cell for row in block["rows"] for cell in row)]
    for faq in document["faqs"]:
        parts += [faq["question"], *faq["answer"]]
    parts += document["conclusion"]
    return "\n".join(part for part in parts if part)
