"""Import a text file and download any language from the admin, with the importer's own messages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.publishing.models import Publication
from articles.publishing.services import publication_at
from articles.tests.test_admin import signed_in
from conftest import read_content

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:articles_article_import")


def upload(text: str | bytes, name="article.txt"):
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/plain")


def test_an_editor_imports_a_new_article(client, seed_text):
    response = signed_in(client, "Editor").post(IMPORT, {"file": upload(seed_text), "language": "en"})
    article = Article.objects.with_structure().get()
    assert response.status_code == 302
    assert services.article_export(article=article, language="en") == seed_text.rstrip("\n") + "\n"


def test_an_import_without_publish_stays_private(client, seed_text):
    signed_in(client, "Editor").post(IMPORT, {"file": upload(seed_text), "language": "en"})
    assert Article.objects.get().status == "draft"
    assert not Publication.objects.exists()


@override_settings(REVIEW_REQUIRED=False)
def test_without_review_required_an_import_can_publish_at_once(client, seed_text):
    signed_in(client, "Editor").post(IMPORT, {"file": upload(seed_text), "language": "en", "publish": "on"})
    article = Article.objects.get()
    assert article.status == "published"
    assert set(Publication.objects.live().filter(article=article).values_list("language", flat=True)) == {
        "en",
        "es",
        "fr",
        "de",
        "ar",
    }


def test_a_translator_cannot_publish_with_an_import(client, draft_article):
    url = reverse("admin:articles_article_import_translation", args=[draft_article.pk])
    signed_in(client, "Translator").post(
        url, {"file": upload(read_content("sciatica.es.txt")), "language": "es", "publish": "on"}
    )
    assert Article.objects.get(pk=draft_article.pk).is_complete_in("es")
    assert not Publication.objects.exists()


def test_importing_a_translation_of_a_published_article_changes_nothing_public(client, article):
    url = reverse("admin:articles_article_import_translation", args=[article.pk])
    text = read_content("back-spasms.es.txt").replace("espasmos", "calambres", 1)
    assert text != read_content("back-spasms.es.txt")
    live = publication_at(article=article, language="es").document
    assert signed_in(client, "Editor").post(url, {"file": upload(text), "language": "es"}).status_code == 302
    assert publication_at(article=article, language="es").document == live
    assert Article.objects.get(pk=article.pk).has_unpublished_changes


def test_a_translator_cannot_import_a_new_article(client, seed_text):
    response = signed_in(client, "Translator").post(IMPORT, {"file": upload(seed_text), "language": "en"})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_a_refused_file_shows_the_importers_message_and_saves_nothing(client, seed_text):
    broken = seed_text.replace("---|---|", "|---|---|")
    response = signed_in(client, "Editor").post(IMPORT, {"file": upload(broken), "language": "en"})
    with pytest.raises(services.ImportRefused) as refused:
        services.article_import(text=broken)
    assert response.status_code == 200
    assert str(refused.value) in response.content.decode()
    assert not Article.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_with_its_line(client):
    response = signed_in(client, "Editor").post(IMPORT, {"file": upload("Title\nCafé.\n".encode("latin-1"))})
    assert "line 2: the file is not UTF-8 text" in response.content.decode()


def test_a_translation_is_imported_into_this_article(client, draft_article):
    url = reverse("admin:articles_article_import_translation", args=[draft_article.pk])
    response = signed_in(client, "Translator").post(
        url, {"file": upload(read_content("sciatica.es.txt")), "language": "es"}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=draft_article.pk).is_complete_in("es")


def test_a_translation_with_another_shape_is_refused_with_the_line(client, draft_article):
    url = reverse("admin:articles_article_import_translation", args=[draft_article.pk])
    text = read_content("sciatica.es.txt").replace("\n+", "\n+Respuesta.\n+", 1)
    response = signed_in(client, "Editor").post(url, {"file": upload(text), "language": "es"})
    with pytest.raises(services.ImportRefused) as refused:
        services.article_import(text=text, language="es", article=draft_article)
    assert str(refused.value) in response.content.decode()
    assert not Article.objects.get(pk=draft_article.pk).title_es


def test_every_language_downloads_as_the_exporter_prints_it(client, article):
    editor = signed_in(client, "Editor")
    for language in ("en", "es", "fr", "de", "ar"):
        response = editor.get(reverse("admin:articles_article_export", args=[article.pk, language]))
        assert response.content.decode() == services.article_export(article=article, language=language)
        assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_download_is_a_named_attachment(client, article):
    response = signed_in(client, "Editor").get(reverse("admin:articles_article_export", args=[article.pk, "ar"]))
    assert response["Content-Disposition"] == f'attachment; filename="{article.slug_en}.ar.txt"'


def test_an_incomplete_language_is_not_downloaded(client, draft_article):
    response = signed_in(client, "Editor").get(reverse("admin:articles_article_export", args=[draft_article.pk, "fr"]))
    assert response.status_code == 302


def test_an_unknown_language_is_not_found(client, article):
    response = signed_in(client, "Editor").get(reverse("admin:articles_article_export", args=[article.pk, "xx"]))
    assert response.status_code == 404


def test_an_unknown_article_is_not_found(client, db):
    response = signed_in(client, "Editor").get(reverse("admin:articles_article_export", args=[999, "en"]))
    assert response.status_code == 404
