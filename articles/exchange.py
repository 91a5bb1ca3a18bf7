"""Translation exchange: an article's segments out as XLIFF, and a translated file back in.

An import checks the whole file before it writes anything, then writes the translation through
the text importer (`services.article_import`), so every rule of the text format holds and the
import is all or nothing. It is one revision of the working copy with its author, and publishes
nothing.
"""

import io
import re
import zipfile
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from articles import services, textformat, xliff
from articles.models import SOURCE_LANGUAGE, Article
from articles.publishing.document import WorkingCopy
from articles.segments import Segment, article_segments, english_text_fingerprint, translation_text

LINE_BREAKS = "\n\r\u2028\u2029\x85\x0b\x0c"
LINE_PREFIX = re.compile(r"line (\d+): ")


def translation_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def xliff_export(*, article: Article, language: str, version: str = "1.2") -> bytes:
    article = Article.objects.with_structure().get(pk=article.pk)
    return xliff.write(article, language, article_segments(article, language), version)


def xliff_zip(*, articles, version: str = "1.2", languages: list[str] | None = None) -> bytes:
    """One file per article and translation language (all of them unless `languages`), in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for article in articles:
            for language in languages or translation_languages():
                archive.writestr(
                    xliff.filename(article, language, version),
                    xliff_export(article=article, language=language, version=version),
                )
    return buffer.getvalue()


@dataclass(frozen=True)
class Change:
    id: str
    context: str
    source: str
    old: str | None
    new: str
    stale: bool


@dataclass(frozen=True)
class Imported:
    article: Article
    language: str
    version: str
    changes: list[Change]  # the segments whose target this import changes
    stale: list[str]  # ids of units accepted with an English source that changed since the export
    units: int


def _belongs_problems(exchange, article: Article | None, language: str | None, filename: str) -> list[str]:
    """The file is for the article and language the import is meant for, and its name says so too."""
    if article is not None and exchange.article_id != article.pk:
        return [
            gettext("This file belongs to article %(other)s, not to “%(title)s” (article %(id)s).")
            % {"other": exchange.article_id, "title": article, "id": article.pk}
        ]
    if language is not None and exchange.language != language:
        return [
            gettext("This file is a translation into %(file)s, not into %(language)s.")
            % {"file": exchange.language, "language": language}
        ]
    named = xliff.language_from_filename(filename)
    if named is not None and named != exchange.language:
        return [
            gettext(
                "The file name “%(name)s” says %(named)s, but the file is a translation into %(language)s: "
                "rename the file or export the %(named)s file again."
            )
            % {"name": filename, "named": named, "language": exchange.language}
        ]
    return []


def _foreign_problems(units, segments: list[Segment], article: Article) -> list[str]:
    """Refuse a file most of whose units are not this article's English: another article's file, or
    one from another site whose article has the same id. Accepting stale units must not import it."""
    sources = {segment.id: segment.source for segment in segments}
    foreign = sum(1 for unit in units if sources.get(unit.id) != unit.source)
    if not units or foreign * 2 <= len(units):
        return []
    return [
        gettext(
            "This file does not fit article %(id)s (“%(title)s”): %(foreign)s of its %(count)s units are not "
            "segments of it or have other English text. It is another article's file, or it was exported "
            "before the article changed this much; export it again."
        )
        % {"id": article.pk, "title": article, "foreign": foreign, "count": len(units)}
    ]


def _unit_problems(units, segments: list[Segment], language: str, accept_stale: bool) -> list[str]:
    problems = []
    by_id = {segment.id: segment for segment in segments}
    seen = set()
    for unit in units:
        name = {"id": unit.id}
        segment = by_id.get(unit.id)
        if unit.id in seen:
            problems.append(gettext("unit %(id)s: appears twice in the file") % name)
            continue
        seen.add(unit.id)
        if segment is None:
            problems.append(gettext("unit %(id)s: this article has no such segment") % name)
            continue
        problems += _target_problems(unit, segment, language, accept_stale)
    missing = [segment.id for segment in segments if segment.id not in seen]
    problems += [gettext("unit %(id)s: missing from the file") % {"id": segment_id} for segment_id in missing]
    return problems


def _target_problems(unit, segment: Segment, language: str, accept_stale: bool) -> list[str]:
    name = {"id": unit.id}
    problems = []
    if unit.source != segment.source and not accept_stale:
        problems.append(
            gettext(
                "unit %(id)s: the English text changed since this file was exported; it is now “%(source)s”. "
                "Export the file again, or accept stale units."
            )
            % {**name, "source": segment.source}
        )
    if unit.target_language and xliff.site_language(unit.target_language) != language:
        problems.append(
            gettext("unit %(id)s: the target is in “%(code)s”, but the file is a translation into %(language)s")
            % {**name, "code": unit.target_language, "language": language}
        )
    target = unit.target or ""
    if not target.strip():
        problems.append(gettext("unit %(id)s: the target is empty; translate the English text") % name)
        return problems
    if any(character in target for character in LINE_BREAKS):
        problems.append(gettext("unit %(id)s: a line break is not allowed; this segment is one line") % name)
    character = textformat.control_character(target)
    if character is not None:
        problems.append(f"unit {unit.id}: {textformat.control_character_message(character)}")
    if segment.max_length and len(target) > segment.max_length:
        problems.append(
            gettext("unit %(id)s: the target has %(length)s characters; at most %(limit)s are allowed")
            % {**name, "length": len(target), "limit": segment.max_length}
        )
    if segment.kind == "cell" or segment.kind == "column":
        if "|" in target:
            problems.append(gettext("unit %(id)s: a table cell cannot contain “|”") % name)
        if segment.id.endswith((".c1", ".head.1")) and target.startswith(
            (textformat.BULLET_PREFIX, textformat.ANSWER_PREFIX)
        ):
            problems.append(
                gettext("unit %(id)s: a table cell cannot start like a bullet (“- ”) or an answer (“+”)") % name
            )
    return problems


def _units(ids: tuple[str, ...]) -> str:
    return ", ".join(ids) or gettext("the file")


def _format_problems(text, segments: list[Segment], article: Article) -> list[str]:
    """The text-format rules, each refusal named by the units of its line."""
    try:
        document = textformat.parse(text.text)
    except textformat.TextFormatError as error:
        return [gettext("unit %(id)s: %(problem)s") % {"id": _units(text.ids_at(error.line)), "problem": error.message}]
    expected = services.article_document(article, SOURCE_LANGUAGE).line_kinds()
    found = document.line_kinds()
    for index, (wanted, got) in enumerate(zip(expected, found, strict=False)):
        if wanted != got:
            return [
                gettext("unit %(id)s: reads as a %(found)s, but the English is a %(expected)s")
                % {
                    "id": _units(text.ids_at(index + 1)),
                    "found": got.replace("-", " ") + " line",
                    "expected": wanted.replace("-", " ") + " line",
                }
            ]
    if len(expected) != len(found):
        return [gettext("the translation has another structure than the English text")]
    return []


def _refused(error: services.ImportRefused, text) -> xliff.XliffRefused:
    message = str(error)
    match = LINE_PREFIX.match(message)
    if match:
        ids = text.ids_at(int(match.group(1)))
        message = gettext("unit %(id)s: %(problem)s") % {"id": _units(ids), "problem": message[match.end() :]}
    return xliff.XliffRefused([message])


def _write_extras(article: Article, language: str, targets: dict[str, str], segments: list[Segment]) -> bool:
    """The summary and table captions, which the text format does not hold; whether any changed."""
    article = Article.objects.with_structure().get(pk=article.pk)
    ids = {segment.id for segment in segments}
    owners = [(article, "summary", "summary")]
    for number, part in enumerate(WorkingCopy.of(article).parts, 1):
        if part.table is not None:
            owners.append((part.table, "caption", f"s{number}.table.caption"))
    changed = False
    for instance, field, segment_id in owners:
        name = f"{field}_{language}"
        if segment_id not in ids or getattr(instance, name) == targets[segment_id]:
            continue
        setattr(instance, name, targets[segment_id])
        try:
            instance.full_clean()
        except ValidationError as error:
            raise xliff.XliffRefused([f"unit {segment_id}: {message}" for message in error.messages]) from None
        instance.save(update_fields=[name])
        changed = True
    return changed


def xliff_import(
    *,
    data: bytes,
    article: Article | None = None,
    language: str | None = None,
    filename: str = "",
    accept_stale: bool = False,
    user=None,
    dry_run: bool = False,
) -> Imported:
    """Write a translated XLIFF file into the working copy, or (`dry_run`) say what it would change.

    With `article` or `language`, the file must be that article's or that language's; a `filename`
    like `back-spasms.es.xlf` must name the file's language. Raises XliffRefused with every problem found.
    """
    exchange = xliff.read(data)
    problems = _belongs_problems(exchange, article, language, filename)
    if problems:
        raise xliff.XliffRefused(problems)
    target = Article.objects.with_structure().filter(pk=exchange.article_id).first()
    if target is None:
        raise xliff.XliffRefused([gettext("There is no article %(id)s.") % {"id": exchange.article_id}])
    language = exchange.language
    segments = article_segments(target, language)
    problems = _foreign_problems(exchange.units, segments, target) or _unit_problems(
        exchange.units, segments, language, accept_stale
    )
    if problems:
        raise xliff.XliffRefused(problems)
    units = {unit.id: unit for unit in exchange.units}
    targets = {segment_id: unit.target for segment_id, unit in units.items()}
    text = translation_text(segments, targets)
    problems = _format_problems(text, segments, target)
    if problems:
        raise xliff.XliffRefused(problems)
    stale = [segment.id for segment in segments if units[segment.id].source != segment.source]
    changes = [
        Change(segment.id, segment.context, segment.source, segment.target, targets[segment.id], segment.id in stale)
        for segment in segments
        if segment.target != targets[segment.id]
    ]
    with transaction.atomic():
        with reversion.create_revision():
            try:
                written = services.article_import(text=text.text, language=language, article=target)
            except services.ImportRefused as error:
                raise _refused(error, text) from None
            if _write_extras(written, language, targets, segments):
                # The text importer saw only the text: a new summary or caption is a change too.
                written = services.article_saved(article=written, translated=(language,))
            if stale:
                # Accepted stale units stay outdated: the translation is marked as made from the
                # English the file was exported from, not from the current one.
                sources = {segment.id: segment.source for segment in segments}
                sources.update({segment_id: units[segment_id].source for segment_id in stale})
                written.translation_sources = {
                    **written.translation_sources,
                    language: english_text_fingerprint(segments, sources),
                }
                written.save(update_fields=["translation_sources"])
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(
                gettext("Imported an XLIFF %(version)s translation (%(language)s)")
                % {"version": exchange.version, "language": language}
            )
        if dry_run:
            transaction.set_rollback(True)
    written = Article.objects.get(pk=target.pk)
    return Imported(written, language, exchange.version, changes, stale, len(exchange.units))
