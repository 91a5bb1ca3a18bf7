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
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree, html
from reversion.models import Revision
from translate.storage import factory
from translate.storage.xliff2 import Xliff2File

from articles import exchange, services, textformat, xliff
from articles.models import Article
from articles.publishing.models import ChangeEvent, Publication
from articles.tests.factories import translated
from conftest import CONTENT, read_content

XLIFF_12 = "{urn:oasis:names:tc:xliff:document:1.2}"
XLIFF_20 = "{urn:oasis:names:tc:xliff:document:2.0}"
DEMO = [entry["name"] for entry in json.loads((CONTENT / "demo.json").read_text())["articles"]]
TRANSLATIONS = ("es", "fr", "de", "ar")
# Every demo article in every language. Where the demo has no file for a language (posture in
# French), the translator types a made-up translation with the same lines.
ROUND_TRIPS = [(name, language) for name in DEMO for language in TRANSLATIONS]


def translation_file(name: str, language: str) -> bytes:
    path = CONTENT / f"{name}.{language}.txt"
    if path.exists():
        return path.read_bytes()
    return translated(read_content(f"{name}.en.txt"), language).encode()


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
    """A 1.2 or 2.0 file with one unit's target changed (None: removed)."""
    root = etree.fromstring(data)
    if root.tag == f"{XLIFF_12}xliff":
        unit = root.find(f".//{XLIFF_12}trans-unit[@id='{segment_id}']")
        target_tag = f"{XLIFF_12}target"
    else:
        unit = root.find(f".//{XLIFF_20}unit[@id='{segment_id}']").find(f"{XLIFF_20}segment")
        target_tag = f"{XLIFF_20}target"
    element = unit.find(target_tag)
    if element is None:
        element = etree.SubElement(unit, target_tag)
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
@pytest.mark.parametrize(("name", "language"), ROUND_TRIPS)
def test_round_trip_through_a_translation_tool_is_exact(db, tmp_path, name, language, version):
    english_text = read_content(f"{name}.en.txt")
    article = services.article_import(text=english_text)
    if version == "2.0":
        # Existing targets are replaced, not only empty ones filled.
        services.article_import(text=translated(english_text, f"old {language}"), language=language, article=article)
    expected = translation_file(name, language)
    targets = translator_targets(expected.decode())
    filled = translate_with_tool(export(article, language, version), version, targets)
    output = import_file(tmp_path, filled)
    assert output.startswith(f"imported article {article.pk} ({language}): {len(targets)} units")
    assert export_text(article, language).encode() == expected
    assert Article.objects.get(pk=article.pk).is_complete_in(language)


def test_round_trips_cover_every_demo_article_in_every_language_and_version():
    assert set(DEMO) == {entry["name"] for entry in json.loads((CONTENT / "demo.json").read_text())["articles"]}
    assert (len(DEMO), len(TRANSLATIONS), len(xliff.VERSIONS)) == (4, 4, 2)
    assert len(ROUND_TRIPS) * len(xliff.VERSIONS) == 32


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


def test_admin_downloads_one_language_in_either_version(admin_client, spanish):
    url = reverse("admin:articles_article_xliff_export", args=[spanish.pk, "fr"])
    answer = admin_client.get(url + "?xliff=2.0")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == f'attachment; filename="{spanish.slug_en}.fr.xliff"'
    assert etree.fromstring(answer.content).get("trgLang") == "fr"
    answer = admin_client.get(url)
    assert answer["Content-Disposition"] == f'attachment; filename="{spanish.slug_en}.fr.xlf"'
    assert etree.fromstring(answer.content).get("version") == "1.2"
    change = admin_client.get(reverse("admin:articles_article_change", args=[spanish.pk])).content.decode()
    assert reverse("admin:articles_article_xliff_export", args=[spanish.pk, "es"]) in change
    assert reverse("admin:articles_article_xliff_import", args=[spanish.pk]) in change


def zip_action(admin_client, articles, **choices):
    data = {"action": "download_xliff", "_selected_action": [article.pk for article in articles], **choices}
    if choices:
        data["download"] = "1"
    else:
        data["index"] = "0"  # sent from the change list's action bar
    return admin_client.post(reverse("admin:articles_article_changelist"), data)


def test_the_zip_action_first_asks_for_the_version_and_languages(admin_client, spanish):
    other = services.article_import(text=read_content("sciatica.en.txt"))
    answer = zip_action(admin_client, [spanish, other])
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    page = html.fromstring(answer.content.decode())
    form = page.get_element_by_id("xliff-zip")
    assert [item.text_content() for item in page.get_element_by_id("xliff-zip-articles")] == [
        str(spanish),
        str(other),
    ]
    assert form.xpath(".//input[@name='version'][@checked]/@value") == ["1.2"]
    assert form.xpath(".//input[@name='version']/@value") == ["1.2", "2.0"]
    assert form.xpath(".//input[@name='languages'][@checked]/@value") == list(TRANSLATIONS)
    assert sorted(form.xpath(".//input[@name='_selected_action']/@value")) == sorted([str(spanish.pk), str(other.pk)])


def test_the_zip_action_downloads_xliff_12_by_default_choice(admin_client, spanish):
    answer = zip_action(admin_client, [spanish], version="1.2", languages=list(TRANSLATIONS))
    assert answer["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.namelist() == [f"{spanish.slug_en}.{language}.xlf" for language in TRANSLATIONS]
    root = etree.fromstring(archive.read(f"{spanish.slug_en}.es.xlf"))
    assert root.get("version") == "1.2" and root.find(f"{XLIFF_12}file").get("target-language") == "es"


def test_the_zip_action_downloads_xliff_20_for_the_chosen_languages(admin_client, spanish):
    other = services.article_import(text=read_content("sciatica.en.txt"))
    answer = zip_action(admin_client, [other, spanish], version="2.0", languages=["de", "ar"])
    assert answer["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.namelist() == [
        f"{article.slug_en}.{language}.xliff" for article in (spanish, other) for language in ("de", "ar")
    ]
    for name in archive.namelist():
        root = etree.fromstring(archive.read(name))
        assert root.tag == f"{XLIFF_20}xliff" and root.get("trgLang") == name.split(".")[-2]
    assert archive.read(f"{spanish.slug_en}.ar.xliff") == exchange.xliff_export(
        article=spanish, language="ar", version="2.0"
    )


def test_the_zip_action_without_a_language_asks_again(admin_client, spanish):
    answer = zip_action(admin_client, [spanish], version="2.0", languages=[])
    assert answer.status_code == 400 and answer["Content-Type"].startswith("text/html")
    assert "This field is required." in answer.content.decode()


# Refusals: each names the unit where there is one, and nothing is saved.


def refused(tmp_path, data: bytes, *options: str) -> str:
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data, *options)
    return str(error.value)


@pytest.fixture(params=["command", "admin upload"])
def refuse(request, tmp_path, spanish):
    """A file that must be refused, imported by `manage.py import_xliff` or the admin upload; the
    messages as the user reads them. `article` is the one the user imports into: the admin page
    (default: the Spanish article's) or the command's --article (default: none, the file says)."""

    if request.param == "command":

        def run(data, *, article=None, name="translated.xlf", language=None, accept_stale=False):
            path = tmp_path / name
            path.write_bytes(data)
            options = ["--article", str(article.pk)] if article else []
            options += ["--lang", language] if language else []
            options += ["--accept-stale"] if accept_stale else []
            with pytest.raises(CommandError) as error:
                call_command("import_xliff", str(path), *options, stdout=io.StringIO())
            message = str(error.value)
            assert message.startswith(f"{path}: ")
            return message

        return run

    admin_client = request.getfixturevalue("admin_client")

    def run(data, *, article=None, name="translated.xlf", language=None, accept_stale=False):
        url = reverse("admin:articles_article_xliff_import", args=[(article or spanish).pk])
        fields = {"file": SimpleUploadedFile(name, data), "language": language or ""}
        if accept_stale:
            fields["accept_stale"] = "on"
        answer = admin_client.post(url, fields)
        assert answer.status_code == 400
        page = html.fromstring(answer.content.decode())
        assert not page.get_element_by_id("xliff-preview", None), "a refused file has no preview"
        items = page.xpath("//*[@id='xliff-problems']//li | //ul[contains(@class, 'errorlist')]/li")
        return "\n".join(item.text_content() for item in items)

    return run


@pytest.mark.parametrize(
    "data",
    [b"Back spasms\nIntro.\n", b"", b"PK\x03\x04\x14\x00\x00\x00binary", b"<xliff version='1.2'><file>"],
    ids=["text", "empty", "zip", "cut short"],
)
def test_not_xml_is_refused(refuse, spanish, data):
    unchanged = Unchanged(spanish)
    message = refuse(data)
    if data:
        assert "The file is not XML: " in message
    else:
        assert "The file is empty." in message or "The submitted file is empty." in message
    unchanged.check()


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_wrong_namespace_is_refused(refuse, spanish, version):
    unchanged = Unchanged(spanish)
    namespace = (XLIFF_12 if version == "1.2" else XLIFF_20).strip("{}").encode()
    data = export(spanish, "es", version).replace(namespace, b"urn:example:other")
    message = refuse(data)
    assert "This is not an XLIFF 1.2 or 2.0 file: its root element is “xliff”, namespace “urn:example:other”" in message
    unchanged.check()


def bomb(article: Article) -> str:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return (
        f'<!DOCTYPE xliff [<!ENTITY lol0 "lol">{entities}]>'
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        f'<file original="article/{article.pk}" source-language="en" target-language="es" datatype="plaintext">'
        f'<body><trans-unit id="title"><source>a</source><target>&lol9;</target></trans-unit></body></file></xliff>'
    )


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_an_xml_bomb_is_refused_unexpanded(refuse, spanish, encoding):
    unchanged = Unchanged(spanish)
    data = f'<?xml version="1.0" encoding="{encoding}"?>{bomb(spanish)}'.encode(encoding.lower())
    assert "The file declares a DTD or entities; an XLIFF file has none, so it is refused." in refuse(data)
    unchanged.check()


def test_an_external_entity_is_not_read(refuse, tmp_path, spanish):
    unchanged = Unchanged(spanish)
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    data = export(spanish, "es").replace(
        b"<xliff ", f'<!DOCTYPE xliff [<!ENTITY x SYSTEM "file://{secret}">]><xliff '.encode(), 1
    )
    message = refuse(data.replace(b"<target state", b"<target>&x;</target><target state", 1))
    assert "declares a DTD or entities" in message and "top secret" not in message
    unchanged.check()


def test_a_50_mb_file_is_refused(refuse, spanish):
    unchanged = Unchanged(spanish)
    big = export(spanish, "es").replace(b"</body>", b"<!--" + b"x" * (50 * 1024 * 1024) + b"--></body>")
    assert f"The file has {len(big)} bytes; an XLIFF file of an article has at most 1048576." in refuse(big)
    with pytest.raises(xliff.XliffRefused, match="at most 1048576"):
        exchange.xliff_import(data=big)
    unchanged.check()


def test_another_articles_file_is_refused(refuse, spanish):
    other = services.article_import(text=read_content("sciatica.en.txt"))
    unchanged, also_unchanged = Unchanged(other), Unchanged(spanish)
    message = refuse(export(spanish, "es"), article=other)
    assert f"This file belongs to article {spanish.pk}, not to “{other}” (article {other.pk})." in message
    unchanged.check()
    also_unchanged.check()


@pytest.mark.parametrize("accept_stale", [False, True], ids=["", "stale accepted"])
def test_another_articles_units_under_this_articles_name_are_refused(refuse, spanish, accept_stale):
    """A file whose `original` names this article but whose units are another's (edited by hand, or
    exported from another site where that id is another article): refused as a whole."""
    other = services.article_import(text=read_content("sciatica.en.txt"))
    unchanged, also_unchanged = Unchanged(other), Unchanged(spanish)
    data = export(spanish, "es").replace(
        f'original="article/{spanish.pk}"'.encode(), f'original="article/{other.pk}"'.encode()
    )
    message = refuse(data, article=other, accept_stale=accept_stale)
    assert f"This file does not fit article {other.pk} (“{other}”): " in message
    assert "It is another article's file" in message
    assert "unit " not in message, "one message, not one per unit"
    unchanged.check()
    also_unchanged.check()


def test_a_target_in_the_wrong_language_is_refused(refuse, spanish):
    unchanged = Unchanged(spanish)
    data = set_target(export(spanish, "es"), "faq1.q", "Quelles sont les causes ?", **{xliff.XML_LANG: "fr"})
    assert "unit faq1.q: the target is in “fr”, but the file is a translation into es" in refuse(data)
    data = set_target(export(spanish, "es", "2.0"), "s1.heading", "Pourquoi", **{xliff.XML_LANG: "fr-FR"})
    assert "unit s1.heading: the target is in “fr-FR”, but the file is a translation into es" in refuse(data)
    unchanged.check()


@pytest.mark.parametrize("code", ["en", "en-GB", "xx", ""])
def test_a_file_into_english_or_an_unknown_language_is_refused(refuse, spanish, code):
    unchanged = Unchanged(spanish)
    data = export(spanish, "es").replace(b'target-language="es"', f'target-language="{code}"'.encode())
    assert f"The target language is “{code}”; use one of es, fr, de, ar." in refuse(data)
    unchanged.check()


def test_a_file_into_another_language_than_the_chosen_one_is_refused(refuse, spanish):
    unchanged = Unchanged(spanish, "fr")
    assert "This file is a translation into es, not into fr." in refuse(export(spanish, "es"), language="fr")
    unchanged.check()


def test_a_file_named_for_another_language_is_refused(refuse, spanish):
    unchanged = Unchanged(spanish)
    name = f"{spanish.slug_en}.fr.xlf"
    message = refuse(export(spanish, "es"), name=name)
    assert f"The file name “{name}” says fr, but the file is a translation into es" in message
    unchanged.check()


def test_unknown_twice_given_and_missing_units_are_refused(refuse, spanish):
    unchanged = Unchanged(spanish)
    data = export(spanish, "es").replace(b'id="s3.heading"', b'id="s9.heading"')
    message = refuse(data)
    assert "unit s9.heading: this article has no such segment" in message
    assert "unit s3.heading: missing from the file" in message
    root = etree.fromstring(export(spanish, "es"))
    unit = root.find(f".//{XLIFF_12}trans-unit[@id='conclusion.1']")
    unit.getparent().remove(unit)
    assert "unit conclusion.1: missing from the file" in refuse(etree.tostring(root))
    root = etree.fromstring(export(spanish, "es"))
    unit = root.find(f".//{XLIFF_12}trans-unit[@id='faq2.q']")
    unit.addnext(etree.fromstring(etree.tostring(unit)))
    assert "unit faq2.q: appears twice in the file" in refuse(etree.tostring(root))
    unchanged.check()


def test_an_empty_target_is_refused(refuse, tmp_path, spanish):
    english = services.article_import(text=read_content("sciatica.en.txt"))
    unchanged = Unchanged(english)
    targets = translator_targets(read_content("sciatica.es.txt"))
    data = translate_with_tool(export(english, "es"), "1.2", {**targets, "s2.body.3": "  "})
    assert "unit s2.body.3: the target is empty; translate the English text" in refuse(data, article=english)
    missing = set_target(translate_with_tool(export(english, "es"), "1.2", targets), "title", None)
    assert "unit title: the target is empty" in refuse(missing, article=english)
    empty_20 = translate_with_tool(export(english, "es", "2.0"), "2.0", {**targets, "faq1.a1": ""})
    assert "unit faq1.a1: the target is empty" in refuse(empty_20, article=english)
    unchanged.check()


@pytest.mark.parametrize(
    ("segment_id", "target", "message"),
    [
        ("s2.table.r1.c1", "- Levantar", "unit s2.table.r1.c1: a table cell cannot start like a bullet"),
        ("s2.table.r1.c1", "+Levantar", "unit s2.table.r1.c1: a table cell cannot start like a bullet"),
        ("s2.table.head.1", "- Causa", "unit s2.table.head.1: a table cell cannot start like a bullet"),
        ("s2.table.r1.c2", "Tensión | muscular", "unit s2.table.r1.c2: a table cell cannot contain “|”"),
        ("intro.1", "Una línea.\nOtra línea.", "unit intro.1: a line break is not allowed"),
        ("s2.table.r2.c2", "Una celda\u2028partida", "unit s2.table.r2.c2: a line break is not allowed"),
        ("faq1.a1", "Respuesta\r\npartida.", "unit faq1.a1: a line break is not allowed"),
        ("s1.heading", "Causas de los espasmos.", "unit s1.heading: reads as a paragraph line"),
        ("conclusion.1", "En conclusión", "unit conclusion.1: "),
        ("s1.body.1", "- Una viñeta.", "unit s1.body.1: reads as a bullet line, but the English is a paragraph"),
        ("title", "T" * 201, "unit title: the target has 201 characters; at most 200"),
        ("s1.heading", "Causas\u202ede", "unit s1.heading: a bidirectional control character"),
    ],
)
def test_a_target_breaking_the_text_format_is_refused(refuse, spanish, segment_id, target, message):
    unchanged = Unchanged(spanish)
    data = set_target(export(spanish, "es"), segment_id, target)
    assert message in refuse(data)
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


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_a_stale_source_is_refused_by_id(refuse, spanish, version):
    data = set_target(export(spanish, "es", version), "s2.table.r2.c1", "Mala postura corporal")
    english_changed(spanish, "Poor posture |", "Bad posture |")
    unchanged = Unchanged(spanish)
    message = refuse(data)
    assert (
        "unit s2.table.r2.c1: the English text changed since this file was exported; it is now “Bad posture”. "
        "Export the file again, or accept stale units." in message
    )
    assert message.count("unit ") == 1
    unchanged.check()


def test_a_stale_source_accepted_by_the_command_stays_outdated(tmp_path, spanish):
    data = set_target(export(spanish, "es"), "s2.table.r2.c1", "Mala postura corporal")
    english_changed(spanish, "Poor posture |", "Bad posture |")
    output = import_file(tmp_path, data, "--accept-stale")
    assert "accepted stale units, kept outdated: s2.table.r2.c1" in output
    article = Article.objects.with_structure().get(pk=spanish.pk)
    assert "Mala postura corporal | " in export_text(article, "es")
    assert services.translation_status(article, "es") == "outdated"
    units = etree.fromstring(export(article, "es")).iter(f"{XLIFF_12}trans-unit")
    states = {unit.get("id"): unit.find(f"{XLIFF_12}target").get("state") for unit in units}
    assert states["s2.table.r2.c1"] == "needs-review-translation"


def test_a_stale_source_accepted_in_the_admin_is_previewed_and_stays_outdated(admin_client, spanish):
    data = set_target(export(spanish, "es", "2.0"), "s2.table.r2.c1", "Mala postura corporal")
    english_changed(spanish, "Poor posture |", "Bad posture |")
    url = reverse("admin:articles_article_xliff_import", args=[spanish.pk])
    name = f"{spanish.slug_en}.es.xliff"
    preview = admin_client.post(url, {"file": SimpleUploadedFile(name, data), "language": "es", "accept_stale": "on"})
    assert preview.status_code == 200
    shown = html.fromstring(preview.content.decode()).get_element_by_id("xliff-preview").text_content()
    assert "Stale units" in shown and "s2.table.r2.c1" in shown
    confirm = preview.context["confirm"].initial
    assert (confirm["filename"], confirm["language"], confirm["accept_stale"]) == (name, "es", True)
    answer = admin_client.post(url, {"confirm": "1", **confirm, "accept_stale": "on"})
    assert answer.status_code == 302
    article = Article.objects.with_structure().get(pk=spanish.pk)
    assert "Mala postura corporal | " in export_text(article, "es")
    assert services.translation_status(article, "es") == "outdated"


def test_a_confirmed_preview_is_checked_again(admin_client, spanish):
    """The write checks the previewed file once more: a language changed on the way is refused."""
    unchanged = Unchanged(spanish)
    data = set_target(export(spanish, "es"), "s1.heading", "Por qué aparecen")
    url = reverse("admin:articles_article_xliff_import", args=[spanish.pk])
    preview = admin_client.post(url, {"file": SimpleUploadedFile("spasms.es.xlf", data)})
    confirm = {**preview.context["confirm"].initial, "language": "fr"}
    answer = admin_client.post(url, {"confirm": "1", **confirm, "accept_stale": ""})
    assert answer.status_code == 400
    assert "This file is a translation into es, not into fr." in answer.content.decode()
    unchanged.check()


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
