"""Safe imports: the language from the file name or a matching choice, a preview that writes
nothing, and every import a revision with its author."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article
from articles.tests.test_admin import signed_in
from conftest import CONTENT, read_content

pytestmark = pytest.mark.django_db
SPANISH = read_content("sciatica.es.txt")


def import_url(article):
    return reverse("admin:articles_article_import_translation", args=[article.pk])


def upload(text: str, name: str):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def texts(article) -> dict[str, str]:
    article = Article.objects.with_structure().get(pk=article.pk)
    return {
        language: services.article_export(article=article, language=language)
        for language in ("en", "es", "fr")
        if article.is_complete_in(language)
    }


def test_the_language_comes_from_the_file_name(client, draft_article):
    editor = signed_in(client, "Editor")
    response = editor.post(import_url(draft_article), {"file": upload(SPANISH, "sciatica.es.txt"), "language": ""})
    assert response.status_code == 302
    assert Article.objects.get(pk=draft_article.pk).is_complete_in("es")


def test_a_choice_that_contradicts_the_file_name_is_refused_and_writes_nothing(client, draft_article):
    before = texts(draft_article)
    editor = signed_in(client, "Editor")
    response = editor.post(import_url(draft_article), {"file": upload(SPANISH, "sciatica.es.txt"), "language": "fr"})
    assert response.status_code == 200
    assert "says es, but fr was chosen" in response.content.decode()
    assert texts(draft_article) == before


def test_the_preview_shows_the_changes_line_by_line_and_writes_nothing(client, article):
    before = texts(article)
    changed = read_content("back-spasms.es.txt").replace("espasmos", "calambres", 1)
    editor = signed_in(client, "Editor")
    response = editor.post(
        import_url(article), {"file": upload(changed, "back-spasms.es.txt"), "language": "", "preview": "1"}
    )
    page = response.content.decode()
    preview = page.split('id="import-preview"')[1]
    assert preview.count('<div class="removed">') == 1
    assert preview.count('<div class="added">') == 1
    assert "calambres" in preview.split('<div class="added">')[1].split("</div>")[0]
    assert texts(article) == before
    assert not Version.objects.get_for_object(article).exists()

    confirm = {"content": changed, "filename": "back-spasms.es.txt", "language": "es", "confirm": "1"}
    assert editor.post(import_url(article), confirm).status_code == 302
    assert "calambres" in texts(article)["es"]
    assert texts(article)["en"] == before["en"]


def test_an_admin_import_is_a_revision_with_its_author(client, draft_article):
    editor = signed_in(client, "Editor", "importing-editor")
    editor.post(import_url(draft_article), {"file": upload(SPANISH, "sciatica.es.txt"), "language": "es"})
    [version] = Version.objects.get_for_object(draft_article)
    assert version.revision.user.username == "importing-editor"
    assert version.revision.comment == "Imported es from sciatica.es.txt"
    history = editor.get(reverse("admin:articles_article_history", args=[draft_article.pk])).content.decode()
    assert "Imported es from sciatica.es.txt" in history


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_takes_the_language_from_the_file_name_and_makes_a_revision(draft_article):
    run("import_article", str(CONTENT / "sciatica.es.txt"), "--article", str(draft_article.pk))
    assert Article.objects.get(pk=draft_article.pk).is_complete_in("es")
    [version] = Version.objects.get_for_object(draft_article)
    assert version.revision.comment == "Imported es from sciatica.es.txt"


def test_the_command_refuses_a_language_the_file_name_contradicts(draft_article):
    with pytest.raises(CommandError, match="says es, but de was chosen"):
        run("import_article", str(CONTENT / "sciatica.es.txt"), "--lang", "de", "--article", str(draft_article.pk))
    assert not Article.objects.get(pk=draft_article.pk).is_complete_in("de")


def test_the_command_preview_prints_the_changes_and_writes_nothing(article, tmp_path):
    before = texts(article)
    path = tmp_path / "back-spasms.es.txt"
    path.write_text(read_content("back-spasms.es.txt").replace("espasmos", "calambres", 1), encoding="utf-8")
    output = run("import_article", str(path), "--article", str(article.pk), "--preview")
    changed = [line for line in output.splitlines() if line.startswith(("+ ", "- "))]
    assert len(changed) == 2 and "calambres" in changed[1]
    assert texts(article) == before
