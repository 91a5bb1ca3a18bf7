"""XLIFF files of an article's segments: written for translators' tools, read back with care.

DESIGN.md "Translation exchange". XLIFF 1.2 (every tool reads it) is the default, 2.0 on request.
A file names its article in `original` (`article/<id>`); each unit is one segment (articles.segments)
with its English source, the current target and its state, a note with the context and, where the
field has one, a length limit. Reading refuses anything but a plain XLIFF document: no DTD (so no
entity expansion), no network, no huge trees, nothing over MAX_BYTES.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from lxml import etree

from articles.models import SOURCE_LANGUAGE, Article
from articles.segments import Segment

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
SIZE_RESTRICTION = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
VERSIONS = ("1.2", "2.0")
# An article's file is tens of kilobytes; this leaves room for the longest one and no more.
MAX_BYTES = 1024 * 1024
ORIGINAL = re.compile(r"article/(\d+)")
# `back-spasms.es.xlf`, as `filename` names it: the part before the extension names the language.
FILE_LANGUAGE = re.compile(r"\.([A-Za-z]{2})\.(?:xlf|xliff|xml)$", re.IGNORECASE)
# XML may be written in UTF-16 or UTF-32 too; a declaration is looked for in each.
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")


class XliffRefused(ValueError):
    """A file that cannot be imported; `problems` lists each reason, naming the unit where there is one."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def original(article: Article) -> str:
    return f"article/{article.pk}"


def filename(article: Article, language: str, version: str = "1.2") -> str:
    suffix = ".xlf" if version == "1.2" else ".xliff"
    return f"{article.slug_en or article.pk}.{language}{suffix}"


def language_from_filename(name: str) -> str | None:
    """The site language a file's name gives, if it gives one."""
    found = FILE_LANGUAGE.search(name or "")
    return site_language(found.group(1)) if found else None


def _sub(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, tag, {name.replace("_", "-"): value for name, value in attributes.items()})
    element.text = text
    return element


def write(article: Article, language: str, segments: list[Segment], version: str = "1.2") -> bytes:
    """The XLIFF file of `segments` for translating `article` into `language`."""
    root = _write_12(article, language, segments) if version == "1.2" else _write_20(article, language, segments)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _write_12(article, language, segments):
    root = etree.Element(f"{{{XLIFF_12}}}xliff", version="1.2", nsmap={None: XLIFF_12})
    file = _sub(
        root,
        f"{{{XLIFF_12}}}file",
        original=original(article),
        source_language=SOURCE_LANGUAGE,
        target_language=language,
        datatype="plaintext",
    )
    body = _sub(file, f"{{{XLIFF_12}}}body")
    for segment in segments:
        unit = _sub(body, f"{{{XLIFF_12}}}trans-unit", id=segment.id)
        unit.set(XML_SPACE, "preserve")
        if segment.max_length:
            unit.set("maxwidth", str(segment.max_length))
            unit.set("size-unit", "char")
        _sub(unit, f"{{{XLIFF_12}}}source", segment.source)
        if segment.target is not None:
            state = "needs-review-translation" if segment.outdated else "translated"
            _sub(unit, f"{{{XLIFF_12}}}target", segment.target, state=state)
        _sub(unit, f"{{{XLIFF_12}}}note", segment.context)
    return root


def _write_20(article, language, segments):
    root = etree.Element(
        f"{{{XLIFF_20}}}xliff",
        version="2.0",
        srcLang=SOURCE_LANGUAGE,
        trgLang=language,
        nsmap={None: XLIFF_20, "slr": SIZE_RESTRICTION},
    )
    file = _sub(root, f"{{{XLIFF_20}}}file", id="f1", original=original(article))
    file.set(XML_SPACE, "preserve")
    _sub(file, f"{{{SIZE_RESTRICTION}}}profiles", generalProfile="xliff:codepoints")
    for segment in segments:
        unit = _sub(file, f"{{{XLIFF_20}}}unit", id=segment.id)
        if segment.max_length:
            unit.set(f"{{{SIZE_RESTRICTION}}}sizeRestriction", str(segment.max_length))
        notes = _sub(unit, f"{{{XLIFF_20}}}notes")
        _sub(notes, f"{{{XLIFF_20}}}note", segment.context, category="context")
        state = "translated" if segment.target is not None and not segment.outdated else "initial"
        part = _sub(unit, f"{{{XLIFF_20}}}segment", state=state)
        _sub(part, f"{{{XLIFF_20}}}source", segment.source)
        if segment.target is not None:
            _sub(part, f"{{{XLIFF_20}}}target", segment.target)
    return root


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str | None
    target_language: str | None  # the target's own xml:lang, where it has one


@dataclass(frozen=True)
class Exchange:
    """What an XLIFF file says: which article, which language, and its units in order."""

    version: str
    article_id: int
    language: str
    units: list[Unit]


def _parser():
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def _text(element) -> str | None:
    """All text of an element, inline markers (such as a tool's <mrk>) left out but their text kept."""
    return None if element is None else "".join(element.itertext())


def site_language(code: str | None) -> str | None:
    """A site language from a file's code: `es` and `es-ES` are Spanish."""
    primary = (code or "").split("-")[0].split("_")[0].lower()
    return primary if primary in dict(settings.LANGUAGES) else None


def _declares_dtd(data: bytes) -> bool:
    for encoding in ENCODINGS:
        text = data.decode(encoding, errors="ignore")
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            return True
    return False


def size_problem(size: int) -> str | None:
    """Why a file of `size` bytes is refused before it is read, if it is."""
    if size > MAX_BYTES:
        return gettext("The file has %(size)s bytes; an XLIFF file of an article has at most %(limit)s.") % {
            "size": size,
            "limit": MAX_BYTES,
        }
    if size == 0:
        return gettext("The file is empty.")
    return None


def read(data: bytes) -> Exchange:
    problem = size_problem(len(data))
    if problem:
        raise XliffRefused([problem])
    # Refused before parsing, so an entity bomb is named as such (the parser would stop it too).
    if _declares_dtd(data):
        raise XliffRefused([gettext("The file declares a DTD or entities; an XLIFF file has none, so it is refused.")])
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise XliffRefused([gettext("The file is not XML: %(error)s") % {"error": error.msg}]) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or next(root.iter(etree.Entity), None) is not None:
        raise XliffRefused([gettext("The file declares a DTD or entities; an XLIFF file has none, so it is refused.")])
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (XLIFF_12, XLIFF_20):
        message = gettext("This is not an XLIFF 1.2 or 2.0 file: its root element is “%(tag)s”, namespace “%(ns)s”.")
        raise XliffRefused([message % {"tag": etree.QName(root).localname, "ns": namespace or ""}])
    files = root.findall(f"{{{namespace}}}file")
    if len(files) != 1:
        message = gettext("An XLIFF file of an article holds exactly one <file>; this one has %(count)s.")
        raise XliffRefused([message % {"count": len(files)}])
    file = files[0]
    if namespace == XLIFF_12:
        version, source, target = "1.2", file.get("source-language"), file.get("target-language")
    else:
        version, source, target = "2.0", root.get("srcLang"), root.get("trgLang")
    match = ORIGINAL.fullmatch(file.get("original") or "")
    if match is None:
        raise XliffRefused(
            [
                gettext("The file does not name a Backhealth article (original=“%(original)s”, expected “article/ID”).")
                % {"original": file.get("original") or ""}
            ]
        )
    if site_language(source) != SOURCE_LANGUAGE:
        message = gettext("The source language is “%(code)s”; articles are translated from English (en).")
        raise XliffRefused([message % {"code": source or ""}])
    language = site_language(target)
    if language is None or language == SOURCE_LANGUAGE:
        choices = ", ".join(code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE)
        raise XliffRefused(
            [
                gettext("The target language is “%(code)s”; use one of %(choices)s.")
                % {"code": target or "", "choices": choices}
            ]
        )
    units = _units_12(file) if version == "1.2" else _units_20(file)
    return Exchange(version, int(match.group(1)), language, units)


def _units_12(file) -> list[Unit]:
    units = []
    for unit in file.iter(f"{{{XLIFF_12}}}trans-unit"):
        target = unit.find(f"{{{XLIFF_12}}}target")
        units.append(
            Unit(
                unit.get("id") or "",
                _text(unit.find(f"{{{XLIFF_12}}}source")) or "",
                _text(target),
                target.get(XML_LANG) if target is not None else None,
            )
        )
    return units


def _units_20(file) -> list[Unit]:
    units = []
    for unit in file.iter(f"{{{XLIFF_20}}}unit"):
        # A tool may split a unit into several segments; the unit is the segment here.
        parts = unit.findall(f"{{{XLIFF_20}}}segment")
        sources = [_text(part.find(f"{{{XLIFF_20}}}source")) or "" for part in parts]
        targets = [part.find(f"{{{XLIFF_20}}}target") for part in parts]
        languages = [target.get(XML_LANG) for target in targets if target is not None and target.get(XML_LANG)]
        present = [target for target in targets if target is not None]
        units.append(
            Unit(
                unit.get("id") or "",
                "".join(sources),
                "".join(_text(target) for target in present) if present else None,
                languages[0] if languages else None,
            )
        )
    return units
