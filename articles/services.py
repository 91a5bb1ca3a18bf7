"""Writes that touch several models: importing, exporting and saving articles.

Views, the admin, the API and the management commands call these; they hold no content rules.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from articles import textformat
from articles.models import SOURCE_LANGUAGE, Article, Section, Topic, TriggerRow, TriggerTable
from articles.publishing.document import Part, WorkingCopy, build, render_text, text_document
from articles.publishing.services import PublishRefused, article_publish
from faq.models import FAQ


class ImportRefused(ValueError):
    """A text that cannot be imported; the message says why and, where it can, names the line."""


def _lines(text: str | None) -> list[str]:
    return (text or "").split("\n") if text else []


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def article_document(article: Article, language: str) -> textformat.Document:
    """The working copy in `language` as a text-format document, with no fallback to another language."""
    return text_document(build(WorkingCopy.of(article), language))


def article_export(*, article: Article, language: str) -> str:
    return render_text(build(WorkingCopy.of(article), language))


def english_fingerprint(article: Article) -> str:
    return copy_fingerprint(WorkingCopy.of(article))


def copy_fingerprint(copy: WorkingCopy) -> str:
    """The fingerprint of a working copy's English text (saved or not)."""
    return hashlib.sha256(render_text(build(copy, SOURCE_LANGUAGE)).encode()).hexdigest()


def translation_status(article: Article, language: str, english: str | None = None) -> str:
    """ "complete", "incomplete" or "outdated" (complete, but the English changed since it was saved)."""
    if not article.is_complete_in(language):
        return "incomplete"
    english = english or english_fingerprint(article)
    return "outdated" if article.is_translation_outdated(language, english) else "complete"


def article_slug(title: str) -> str:
    return slugify(title, allow_unicode=True)[: Article._meta.get_field("slug").max_length].strip("-")


def _check_slug(article: Article | None, language: str, slug: str, line: int = 1) -> None:
    if not slug:
        raise ImportRefused(f"line {line}: the title gives no address (slug); use letters or digits in it")
    taken = Article.objects.filter(**{f"slug_{language}": slug})
    if article is not None:
        taken = taken.exclude(pk=article.pk)
    other = taken.first()
    if other:
        raise ImportRefused(
            f"line {line}: the slug “{slug}” is already used in {language} by article {other.pk} (“{other}”)"
        )


def _save(instance) -> None:
    instance.full_clean()
    instance.save()


def _set(instance, language: str, **values) -> None:
    for name, value in values.items():
        setattr(instance, f"{name}_{language}", value)


@transaction.atomic
def article_import(
    *,
    text: str,
    language: str = SOURCE_LANGUAGE,
    article: Article | None = None,
    publish: bool = False,
    topics: tuple[Topic, ...] = (),
    user=None,
    skip_review: bool = False,
) -> Article:
    """Create an article from text, or add (replace) its translation in `language`. All or nothing."""
    if language not in dict(settings.LANGUAGES):
        raise ImportRefused(f"unknown language “{language}”; use one of {', '.join(dict(settings.LANGUAGES))}")
    try:
        document = textformat.parse(text)
    except textformat.TextFormatError as error:
        raise ImportRefused(str(error)) from None
    slug = article_slug(document.title)
    try:
        if article is None:
            if language != SOURCE_LANGUAGE:
                raise ImportRefused(f"a new article starts in English; import this {language} text with --article ID")
            _check_slug(None, language, slug)
            article = Article()
        else:
            article = Article.objects.with_structure().get(pk=article.pk)
            _check_slug(article, language, slug)
            mismatch = _kind_mismatch(
                text, article_document(article, SOURCE_LANGUAGE).line_kinds(), document.line_kinds()
            )
            if mismatch:
                raise ImportRefused(mismatch)
        before = _imported_state(article, language)
        _write(article, document, language, slug)
        if topics:
            article.topics.add(*topics)
        changed = before is None or _imported_state(article, language) != before
        article = article_saved(article=article, translated=(language,), changed=changed)
        if publish:
            article_publish(
                article=article, user=user, skip_review=skip_review, reason="import_article --publish --skip-review"
            )
            article.refresh_from_db()
        return article
    except ValidationError as error:
        raise ImportRefused("; ".join(error.messages)) from None
    except PublishRefused as error:
        raise ImportRefused(str(error)) from None


def _imported_state(article: Article, language: str) -> tuple | None:
    """What an import into `language` can change: that language's text and slug, and the topics,
    read from the article's prefetched structure. None for an article not saved yet."""
    if article.pk is None:
        return None
    return (
        article_export(article=article, language=language),
        getattr(article, f"slug_{language}"),
        sorted(topic.pk for topic in article.topics.all()),
    )


def _kind_mismatch(text: str, expected: list[str], found: list[str]) -> str | None:
    """Where a translation's line kinds first differ from the English ones, named by file line."""
    if expected == found:
        return None
    index = next((i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b), None)
    numbers = [number for number, _line in textformat.numbered_lines(text)]
    if index is None:
        if len(found) < len(expected):
            return f"the text ends at line {numbers[-1]}; the English text goes on with a {_kind(expected[len(found)])}"
        index = len(expected)
        return f"line {numbers[index]}: the English text ends here; found another {_kind(found[index])}"
    wanted, got = _kind(expected[index]), _kind(found[index])
    return f"line {numbers[index]}: expected a {wanted} as in the English text, found a {got}"


def _kind(kind: str) -> str:
    return kind.replace("-", " ") + " line"


def _write(article: Article, document: textformat.Document, language: str, slug: str) -> None:
    """Write the document's text in `language` onto the article's parts, making the parts it lacks.

    `article` is new (unsaved) or has its structure prefetched (`with_structure()`).
    """
    copy = WorkingCopy.of(article) if article.pk else WorkingCopy(article, [], [])
    write_document(copy, document, language, slug)
    _save(article)
    # A part made before its parent was saved takes the parent's id when linked again.
    for part in copy.parts:
        part.section.article = article
        _save(part.section)
        if part.table is not None:
            part.table.section = part.section
            _save(part.table)
            for row in part.rows:
                row.table = part.table
                _save(row)
    for faq in copy.faqs:
        faq.article = article
        _save(faq)


def write_document(copy: WorkingCopy, document: textformat.Document, language: str, slug: str) -> None:
    """Write the document's text in `language` onto the working copy's objects, adding the parts it
    lacks (unsaved); saves nothing. A new article gets all its parts; a translation finds them all,
    since its line kinds match."""
    article = copy.article
    _set(article, language, title=document.title, slug=slug, intro=_text(document.intro))
    _set(article, language, conclusion=_text(document.conclusion))
    for order, part in enumerate(document.sections):
        if order == len(copy.parts):
            copy.parts.append(Part(Section(article=article, order=order)))
        held = copy.parts[order]
        _set(held.section, language, heading=part.heading, body=_text(part.body))
        if part.table:
            held.table = held.table or TriggerTable(section=held.section)
            trigger_heading, description_heading = part.table.columns
            _set(held.table, language, trigger_heading=trigger_heading, description_heading=description_heading)
            for row_order, (trigger, description) in enumerate(part.table.rows):
                if row_order == len(held.rows):
                    held.rows.append(TriggerRow(table=held.table, order=row_order))
                _set(held.rows[row_order], language, trigger=trigger, description=description)
    for order, part in enumerate(document.faqs):
        if order == len(copy.faqs):
            copy.faqs.append(FAQ(article=article, order=order))
        _set(copy.faqs[order], language, question=part.question, answer=_text(part.answer))


@transaction.atomic
def article_saved(*, article: Article, translated: tuple[str, ...] = (), changed: bool = True) -> Article:
    """After any save of the working copy: translation fingerprints and the version.

    `translated` names the languages whose text this save wrote, so their translations count as
    up to date with the current English text. A save that changed nothing (`changed=False`) keeps
    the version: the copy a reviewer approved is still the current one.
    """
    article = Article.objects.with_structure().get(pk=article.pk)
    fingerprint = english_fingerprint(article)
    sources = dict(article.translation_sources)
    for language in translated:
        if language != SOURCE_LANGUAGE:
            sources[language] = fingerprint
    if not changed:
        if sources != article.translation_sources:
            article.translation_sources = sources
            article.save(update_fields=["translation_sources"])
        return article
    article.translation_sources = sources
    article.version += 1
    article.save()
    return article
