"""Translation exchange: XLIFF out to a translator's tool (translate-toolkit here) and back in.

The round trip is exact: `export_article ID --lang L` after an import prints the translation's text
file byte for byte. Every refusal names the unit where there is one and saves nothing.
"""

import io
import json
import zipfile
from pathlib import Path

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from reversion.models import Revision
from translate.storage import factory
from translate.storage.xliff2 import Xliff2File

from articles import exchange, services, textformat, xliff
from articles.models import Article
from articles.publishing.models import ChangeEvent, Publication
from articles.tests.factories import translated
from conftest import CONTENT, read_content

XLIFF_12 = "{urn:oasis:names:tc:xliff:document:1.2}"
DEMO = [entry["name"] for entry in json.loads((CONTENT / "demo.json").read_text())["articles"]]
TRANSLATIONS = ("es", "fr", "de", "ar")
ROUND_TRIPS = [
    (name, language) for name in DEMO for language in TRANSLATIONS if (CONTENT / f"{name}.{language}.txt").exists()
]


def translator_targets(text: str) -> dict[str, str]:
    """What a translator types into each unit to produce `text`: its lines by segment id."""
    document = textformat.parse(text)
    targets = {"title": document.title}
    targets.update({f"intro.{n}": line for n, line in enumerate(document.intro, 1)})
    for number, section in enumerate(document.sections, 1):
        targets[f"s{number}.heading"] = section.heading
        targets.update({f"s{number}.body.{n}": line.removeprefix("- ") for n, line in enumerate(section.body, 1)})
        if section.table:
            for column, heading in enumerate(section.table.columns, 1):
                targets[f"s{number}.table.head.{column}"] = heading
            for row_number, row in enumerate(section.table.rows, 1):
                for column, cell in enumerate(row, 1):
                    targets[f"s{number}.table.r{row_number}.c{column}"] = cell
    for number, faq in enumerate(document.faqs, 1):
        targets[f"faq{number}.q"] = faq.question
        targets.update({f"faq{number}.a{n}": line for n, line in enumerate(faq.answer, 1)})
    targets.update({f"conclusion.{n}": line for n, line in enumerate(document.conclusion, 1)})
    return targets


def unit_id(unit) -> str:
    # translate-toolkit prefixes a 1.2 unit's id with its file's `original`.
    return unit.getid().split("\x04")[-1]


def translate_with_tool(data: bytes, version: str, targets: dict[str, str]) -> bytes:
    """The translator's tool opens the file, fills every target and saves it."""
    handle = io.BytesIO(data)
    store = factory.getobject(handle) if version == "1.2" else Xliff2File.parsefile(handle)
    for unit in store.units:
        if not unit.isheader():
            unit.target = targets[unit_id(unit)]
    return bytes(store)


def export(article: Article, language: str, version: str = "1.2") -> bytes:
    out = io.StringIO()
    call_command("export_xliff", str(article.pk), "--lang", language, "--xliff", version, stdout=out)
    return out.getvalue().encode()


def import_file(tmp_path: Path, data: bytes, *options: str) -> str:
    path = tmp_path / "translated.xlf"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_xliff", str(path), *options, stdout=out)
    return out.getvalue()


def export_text(article: Article, language: str) -> str:
    out = io.StringIO()
    call_command("export_article", str(article.pk), "--lang", language, stdout=out)
    return out.getvalue()


def set_target(data: bytes, segment_id: str, target: str | None, **attributes) -> bytes:
    """A 1.2 file with one unit's target changed (None: removed)."""
    root = etree.fromstring(data)
    unit = root.find(f".//{XLIFF_12}trans-unit[@id='{segment_id}']")
    element = unit.find(f"{XLIFF_12}target")
    if element is None:
        element = etree.SubElement(unit, f"{XLIFF_12}target")
    if target is None:
        unit.remove(element)
    else:
        element.text = target
        for name, value in attributes.items():
            element.set(name, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def english(db):
    """The seed article in English only: a translator starts from empty targets."""
    return services.article_import(text=read_content("back-spasms.en.txt"))


@pytest.fixture
def spanish(english):
    return services.article_import(text=read_content("back-spasms.es.txt"), language="es", article=english)


class Unchanged:
    """What a refused import must leave as it was: the Spanish text, the version, the history."""

    def __init__(self, article: Article, language: str = "es"):
        self.article, self.language = article, language
        self.before = self.state()

    def state(self):
        article = Article.objects.with_structure().get(pk=self.article.pk)
        return (
            services.article_export(article=article, language=self.language),
            article.version,
            article.translation_sources,
            Revision.objects.count(),
        )

    def check(self):
        assert self.state() == self.before


@pytest.mark.parametrize("version", xliff.VERSIONS)
@pytest.mark.parametrize("name", DEMO)
def test_round_trip_through_a_translation_tool_is_exact(db, tmp_path, name, version):
    english_text = read_content(f"{name}.en.txt")
    article = services.article_import(text=english_text)
    for language in [language for demo, language in ROUND_TRIPS if demo == name]:
        if version == "2.0":
            # Existing targets are replaced, not only empty ones filled.
            services.article_import(text=translated(english_text, language), language=language, article=article)
        expected = read_content(f"{name}.{language}.txt")
        filled = translate_with_tool(export(article, language, version), version, translator_targets(expected))
        output = import_file(tmp_path, filled)
        assert output.startswith(f"imported article {article.pk} ({language}): ")
        assert export_text(article, language) == expected
        assert Article.objects.get(pk=article.pk).is_complete_in(language)


def test_round_trips_cover_every_demo_translation():
    assert len(ROUND_TRIPS) == 15


def test_export_12_names_article_language_and_segments(spanish):
    root = etree.fromstring(export(spanish, "es"))
    assert root.tag == f"{XLIFF_12}xliff" and root.get("version") == "1.2"
    file = root.find(f"{XLIFF_12}file")
    assert (file.get("original"), file.get("source-language"), file.get("target-language")) == (
        f"article/{spanish.pk}",
        "en",
        "es",
    )
    assert file.get("datatype") == "plaintext"
    units = {unit.get("id"): unit for unit in file.iter(f"{XLIFF_12}trans-unit")}
    assert list(units)[:4] == ["title", "intro.1", "s1.heading", "s1.body.1"]
    bullet = units["s2.body.2"]
    assert bullet.findtext(f"{XLIFF_12}source").startswith("Lifting heavy objects: ")
    assert bullet.findtext(f"{XLIFF_12}target").startswith("Levantar objetos pesados: ")
    cell = units["s2.table.r2.c1"]
    assert cell.findtext(f"{XLIFF_12}source") == "Poor posture"
    assert cell.findtext(f"{XLIFF_12}note") == "table cell, column Trigger, row 2"
    assert cell.get("maxwidth") == "200" and cell.get("size-unit") == "char"
    assert units["title"].get("maxwidth") == "200"
    assert units["intro.1"].get("maxwidth") is None
    assert {"s2.table.head.1", "s2.table.head.2", "faq1.q", "faq1.a1", "conclusion.1"} <= set(units)
    assert all(unit.find(f"{XLIFF_12}target").get("state") == "translated" for unit in units.values())


def test_export_of_an_untranslated_language_has_sources_and_no_targets(english):
    root = etree.fromstring(export(english, "de", "2.0"))
    assert root.get("srcLang") == "en" and root.get("trgLang") == "de"
    segments = root.findall(".//{urn:oasis:names:tc:xliff:document:2.0}segment")
    assert segments and all(segment.get("state") == "initial" for segment in segments)
    assert root.find(".//{urn:oasis:names:tc:xliff:document:2.0}target") is None


def test_summary_and_caption_are_segments_where_the_english_has_them(tmp_path, spanish):
    spanish.summary_en = "Why back spasms happen and what helps."
    spanish.save()
    table = spanish.sections.get(order=1).table
    table.caption_en = "Common triggers"
    table.save()
    data = export(spanish, "es")
    ids = [unit.get("id") for unit in etree.fromstring(data).iter(f"{XLIFF_12}trans-unit")]
    assert ids[1] == "summary" and "s2.table.caption" in ids
    filled = set_target(set_target(data, "summary", "Por qué ocurren."), "s2.table.caption", "Desencadenantes")
    import_file(tmp_path, filled)
    assert Article.objects.get(pk=spanish.pk).summary_es == "Por qué ocurren."
    table.refresh_from_db()
    assert table.caption_es == "Desencadenantes"


def english_changed(article: Article, old: str, new: str) -> Article:
    """The English text edited and saved, as an editor's save in the admin makes a revision."""
    with reversion.create_revision():
        text = services.article_export(article=article, language="en").replace(old, new)
        return services.article_import(text=text, article=article)


def test_changed_english_marks_only_that_segment_for_review(tmp_path, spanish):
    # An import is a revision: the history then holds the English the translation was made from.
    import_file(tmp_path, export(spanish, "es"))
    english_changed(spanish, "Poor posture |", "Bad posture |")
    units = {unit.get("id"): unit for unit in etree.fromstring(export(spanish, "es")).iter(f"{XLIFF_12}trans-unit")}
    states = {segment_id: unit.find(f"{XLIFF_12}target").get("state") for segment_id, unit in units.items()}
    assert states.pop("s2.table.r2.c1") == "needs-review-translation"
    assert set(states.values()) == {"translated"}
    segments = etree.fromstring(export(spanish, "es", "2.0")).iter("{urn:oasis:names:tc:xliff:document:2.0}unit")
    initial = [unit.get("id") for unit in segments if unit[1].get("state") == "initial"]
    assert initial == ["s2.table.r2.c1"]


def test_without_history_every_target_of_an_outdated_translation_is_marked(spanish):
    english_changed(spanish, "Poor posture |", "Bad posture |")
    targets = etree.fromstring(export(spanish, "es")).iter(f"{XLIFF_12}target")
    assert {target.get("state") for target in targets} == {"needs-review-translation"}


def test_import_is_one_revision_of_the_working_copy_and_publishes_nothing(client, tmp_path, spanish):
    admin = get_user_model().objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(admin)
    filled = set_target(export(spanish, "es"), "s1.heading", "Por qué aparecen los espasmos")
    url = reverse("admin:articles_article_xliff_import", args=[spanish.pk])
    published = (Publication.objects.count(), ChangeEvent.objects.count())
    preview = client.post(url, {"file": io.BytesIO(filled)})
    assert preview.status_code == 200
    assert "Por qué aparecen los espasmos" in preview.content.decode()
    assert Revision.objects.count() == 0, "the preview writes nothing"
    assert "Por qué aparecen los espasmos" not in export_text(spanish, "es")
    content = preview.context["confirm"].initial["content"]
    answer = client.post(url, {"confirm": "1", "content": content, "accept_stale": ""})
    assert answer.status_code == 302
    assert "\nPor qué aparecen los espasmos\n" in export_text(spanish, "es")
    revision = Revision.objects.get()
    assert revision.user == admin
    assert {version.object_id for version in revision.version_set.filter(content_type__model="article")} == {
        str(spanish.pk)
    }
    assert (Publication.objects.count(), ChangeEvent.objects.count()) == published
    assert Article.objects.get(pk=spanish.pk).status == Article.Status.DRAFT


def test_admin_downloads_one_language_and_a_zip_of_a_selection(admin_client, spanish):
    answer = admin_client.get(reverse("admin:articles_article_xliff_export", args=[spanish.pk, "fr"]) + "?xliff=2.0")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="{spanish.slug_en}.fr.xliff"'
    assert etree.fromstring(answer.content).get("trgLang") == "fr"
    change = admin_client.get(reverse("admin:articles_article_change", args=[spanish.pk])).content.decode()
    assert reverse("admin:articles_article_xliff_export", args=[spanish.pk, "es"]) in change
    assert reverse("admin:articles_article_xliff_import", args=[spanish.pk]) in change
    answer = admin_client.post(
        reverse("admin:articles_article_changelist"), {"action": "download_xliff", "_selected_action": [spanish.pk]}
    )
    assert answer["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert names == [f"{spanish.slug_en}.{language}.xlf" for language in TRANSLATIONS]


# Refusals: each names the unit where there is one, and nothing is saved.


def refused(tmp_path, data: bytes, *options: str) -> str:
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data, *options)
    return str(error.value)


def test_not_xml_is_refused(tmp_path, spanish):
    unchanged = Unchanged(spanish)
    assert "The file is not XML" in refused(tmp_path, b"Title\nIntro.\n")
    unchanged.check()


def test_wrong_namespace_is_refused(tmp_path, spanish):
    unchanged = Unchanged(spanish)
    data = export(spanish, "es").replace(b"urn:oasis:names:tc:xliff:document:1.2", b"urn:example:other")
    assert "This is not an XLIFF 1.2 or 2.0 file" in refused(tmp_path, data)
    unchanged.check()


def test_an_xml_bomb_is_refused_unexpanded(tmp_path, spanish):
    unchanged = Unchanged(spanish)
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY lol0 "lol">{entities}]>'
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        f'<file original="article/{spanish.pk}" source-language="en" target-language="es" datatype="plaintext">'
        f'<body><trans-unit id="title"><source>a</source><target>&lol9;</target></trans-unit></body></file></xliff>'
    )
    assert "declares a DTD or entities" in refused(tmp_path, bomb.encode())
    unchanged.check()


def test_an_external_entity_is_not_read(tmp_path, spanish):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    data = export(spanish, "es").replace(
        b"<xliff ", f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]><xliff '.encode(), 1
    )
    message = refused(tmp_path, data.replace(b"<target state", b"<target>&x;</target><target state", 1))
    assert "declares a DTD or entities" in message and "secret" not in message.replace(str(secret), "")


def test_a_50_mb_file_is_refused_by_the_command_and_the_admin(admin_client, tmp_path, spanish):
    unchanged = Unchanged(spanish)
    big = export(spanish, "es").replace(b"</body>", b"<!--" + b"x" * (50 * 1024 * 1024) + b"--></body>")
    assert "at most 1048576" in refused(tmp_path, big)
    url = reverse("admin:articles_article_xliff_import", args=[spanish.pk])
    answer = admin_client.post(url, {"file": io.BytesIO(big)})
    assert "at most 1048576" in answer.content.decode()
    with pytest.raises(xliff.XliffRefused, match="at most 1048576"):
        exchange.xliff_import(data=big)
    unchanged.check()


def test_another_articles_file_is_refused_in_the_admin(admin_client, spanish):
    other = services.article_import(text=read_content("sciatica.en.txt"))
    unchanged = Unchanged(other)
    url = reverse("admin:articles_article_xliff_import", args=[other.pk])
    answer = admin_client.post(url, {"file": io.BytesIO(export(spanish, "es"))})
    assert answer.status_code == 400
    assert f"This file belongs to article {spanish.pk}, not to" in answer.content.decode()
    unchanged.check()


def test_a_target_in_the_wrong_language_is_refused(tmp_path, spanish):
    unchanged = Unchanged(spanish)
    data = set_target(export(spanish, "es"), "faq1.q", "Quelles sont les causes ?", **{xliff.XML_LANG: "fr"})
    message = refused(tmp_path, data)
    assert "unit faq1.q: the target is in “fr”, but the file is a translation into es" in message
    english_target = export(spanish, "es").replace(b'target-language="es"', b'target-language="en"')
    assert "The target language is “en”" in refused(tmp_path, english_target)
    unchanged.check()


def test_unknown_and_missing_units_are_refused(tmp_path, spanish):
    unchanged = Unchanged(spanish)
    data = export(spanish, "es").replace(b'id="s3.heading"', b'id="s9.heading"')
    message = refused(tmp_path, data)
    assert "unit s9.heading: this article has no such segment" in message
    assert "unit s3.heading: missing from the file" in message
    root = etree.fromstring(export(spanish, "es"))
    unit = root.find(f".//{XLIFF_12}trans-unit[@id='conclusion.1']")
    unit.getparent().remove(unit)
    assert "unit conclusion.1: missing from the file" in refused(tmp_path, etree.tostring(root))
    unchanged.check()


def test_an_empty_target_is_refused(tmp_path, english):
    unchanged = Unchanged(english)
    targets = translator_targets(read_content("back-spasms.es.txt"))
    data = translate_with_tool(export(english, "es"), "1.2", {**targets, "s2.body.3": "  "})
    assert "unit s2.body.3: the target is empty" in refused(tmp_path, data)
    missing = set_target(translate_with_tool(export(english, "es"), "1.2", targets), "title", None)
    assert "unit title: the target is empty" in refused(tmp_path, missing)
    unchanged.check()


@pytest.mark.parametrize(
    ("segment_id", "target", "message"),
    [
        ("s2.table.r1.c1", "- Levantar", "unit s2.table.r1.c1: a table cell cannot start like a bullet"),
        ("s2.table.r1.c1", "+Levantar", "unit s2.table.r1.c1: a table cell cannot start like a bullet"),
        ("s2.table.r1.c2", "Tensión | muscular", "unit s2.table.r1.c2: a table cell cannot contain “|”"),
        ("intro.1", "Una línea.\nOtra línea.", "unit intro.1: a line break is not allowed"),
        ("s1.heading", "Causas de los espasmos.", "unit s1.heading: reads as a paragraph line"),
        ("conclusion.1", "En conclusión", "unit conclusion.1: "),
        ("s1.body.1", "- Una viñeta.", "unit s1.body.1: reads as a bullet line, but the English is a paragraph"),
        ("title", "T" * 201, "unit title: the target has 201 characters; at most 200"),
        ("s1.heading", "Causas\u202ede", "unit s1.heading: a bidirectional control character"),
    ],
)
def test_a_target_breaking_the_text_format_is_refused(tmp_path, spanish, segment_id, target, message):
    unchanged = Unchanged(spanish)
    data = set_target(export(spanish, "es"), segment_id, target)
    assert message in refused(tmp_path, data)
    unchanged.check()


def test_a_slug_taken_by_another_article_names_the_title_unit(tmp_path, spanish):
    other = services.article_import(text=read_content("sciatica.en.txt"))
    data = set_target(export(other, "es"), "title", spanish.title_es)
    targets = translator_targets(read_content("sciatica.es.txt"))
    filled = translate_with_tool(data, "1.2", {**targets, "title": spanish.title_es})
    unchanged = Unchanged(other)
    assert f"unit title: the slug “{spanish.slug_es}” is already used in es by article {spanish.pk}" in refused(
        tmp_path, filled
    )
    unchanged.check()


def test_a_stale_source_is_refused_by_id_unless_accepted(tmp_path, spanish):
    data = set_target(export(spanish, "es"), "s2.table.r2.c1", "Mala postura corporal")
    english_changed(spanish, "Poor posture |", "Bad posture |")
    unchanged = Unchanged(spanish)
    message = refused(tmp_path, data)
    assert "unit s2.table.r2.c1: the English text changed since this file was exported" in message
    assert message.count("unit ") == 1
    unchanged.check()
    output = import_file(tmp_path, data, "--accept-stale")
    assert "accepted stale units, kept outdated: s2.table.r2.c1" in output
    article = Article.objects.with_structure().get(pk=spanish.pk)
    assert "Mala postura corporal | " in export_text(article, "es")
    assert services.translation_status(article, "es") == "outdated"
    units = etree.fromstring(export(article, "es")).iter(f"{XLIFF_12}trans-unit")
    states = {unit.get("id"): unit.find(f"{XLIFF_12}target").get("state") for unit in units}
    assert states["s2.table.r2.c1"] == "needs-review-translation"


def test_an_admin_upload_shows_every_problem_and_saves_nothing(admin_client, spanish):
    unchanged = Unchanged(spanish)
    data = set_target(set_target(export(spanish, "es"), "faq1.q", ""), "s1.heading", "Dos\nlíneas")
    answer = admin_client.post(
        reverse("admin:articles_article_xliff_import", args=[spanish.pk]), {"file": io.BytesIO(data)}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "unit faq1.q: the target is empty" in page
    assert "unit s1.heading: a line break is not allowed" in page
    unchanged.check()
