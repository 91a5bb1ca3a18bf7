"""Translators change only translated text, and an editor can restrict one to some languages:
never topics, review dates, aspects, status or which parts exist; never another language."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles import exchange
from articles.models import Article, Section, Topic, TriggerTable
from articles.roles import TranslatorLanguages
from articles.tests.test_admin import change_url, edit, form_data, signed_in
from faq.models import FAQ

pytestmark = pytest.mark.django_db
CONTENT = Path(settings.BASE_DIR) / "content"
SPANISH_TITLE = "Espasmos de espalda: causas y alivio"


def translate_url(article, language):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def import_url(article):
    return reverse("admin:articles_article_import_translation", args=[article.pk])


def spanish_only(client):
    """A translator an editor restricted to Spanish."""
    translator = signed_in(client, "Translator", "spanish-translator")
    TranslatorLanguages.objects.create(user=User.objects.get(username="spanish-translator"), languages=["es"])
    return translator


def is_disabled(page: str, tag: str, name: str) -> bool:
    return bool(re.search(rf'<{tag}[^>]*name="{re.escape(name)}"[^>]*disabled', page))


def test_a_translators_save_keeps_topics_review_dates_and_aspects_and_writes_the_spanish(client, article):
    topic = Topic.objects.create(name="Pain", slug="pain")
    before = Article.objects.get(pk=article.pk)
    response = edit(
        signed_in(client, "Translator"),
        article,
        title_es=SPANISH_TITLE,
        topics=[str(topic.pk)],
        last_reviewed="2020-01-01",
        next_review_due="2020-06-01",
        **{"sections-0-aspect": "treatment", "status": "published"},
    )
    assert response.status_code == 302
    after = Article.objects.get(pk=article.pk)
    assert after.title_es == SPANISH_TITLE
    assert list(after.topics.all()) == list(before.topics.all())
    assert (after.last_reviewed, after.next_review_due) == (before.last_reviewed, before.next_review_due)
    assert after.status == before.status
    assert Section.objects.filter(article=article).order_by("order")[0].aspect == ""


def test_an_editor_still_changes_topics_review_dates_and_aspects(client, article):
    topic = Topic.objects.create(name="Pain", slug="pain")
    response = edit(
        signed_in(client, "Editor"),
        article,
        topics=[str(topic.pk)],
        next_review_due="2031-06-01",
        **{"sections-0-aspect": "treatment"},
    )
    assert response.status_code == 302
    after = Article.objects.get(pk=article.pk)
    assert list(after.topics.all()) == [topic]
    assert after.next_review_due == datetime.date(2031, 6, 1)
    assert Section.objects.filter(article=article).order_by("order")[0].aspect == "treatment"


def test_a_translator_sees_topics_review_dates_aspects_and_order_read_only(client, article):
    page = signed_in(client, "Translator").get(change_url(article)).content.decode()
    assert is_disabled(page, "select", "topics")
    assert is_disabled(page, "input", "next_review_due")
    assert is_disabled(page, "select", "sections-0-aspect")
    assert is_disabled(page, "input", "sections-0-order")
    assert not is_disabled(page, "input", "title_es")


def test_a_translator_can_neither_add_nor_delete_sections_tables_or_questions(client, article):
    translator = signed_in(client, "Translator")
    data = form_data(translator.get(change_url(article)))
    sections = int(data["sections-TOTAL_FORMS"])
    data.update(
        {
            "sections-TOTAL_FORMS": str(sections + 1),
            f"sections-{sections}-heading_en": "A New Section",
            f"sections-{sections}-body_en": "A new paragraph.",
            f"sections-{sections}-order": str(sections),
            "sections-1-table-0-DELETE": "on",
            "faqs-0-DELETE": "on",
            "_continue": "1",
        }
    )
    translator.post(change_url(article), data)
    assert Section.objects.filter(article=article).count() == sections
    assert TriggerTable.objects.filter(section__article=article).count() == 1
    assert FAQ.objects.filter(article=article).count() == 3


def test_a_translator_may_not_import_an_english_file(client, article):
    english = (CONTENT / "back-spasms.en.txt").read_bytes().replace(b"Find Relief", b"A Translator's Title")
    response = signed_in(client, "Translator").post(
        import_url(article), {"file": SimpleUploadedFile("back-spasms.en.txt", english)}
    )
    assert response.status_code == 200
    assert "You may not change the English text" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "What Causes Back Spasms? Find Relief"


def test_an_editor_restricts_a_translator_to_spanish_in_the_admin(client, db):
    translator = User.objects.create_user("maria", is_staff=True)
    translator.groups.add(Group.objects.get(name="Translator"))
    editor = signed_in(client, "Editor")
    add_url = reverse("admin:articles_translatorlanguages_add")
    assert editor.get(add_url).status_code == 200
    response = editor.post(add_url, {"user": translator.pk, "languages": ["es"]})
    assert response.status_code == 302
    assert TranslatorLanguages.objects.get(user=translator).languages == ["es"]


def test_a_translator_cannot_restrict_translators(client, db):
    response = signed_in(client, "Translator").get(reverse("admin:articles_translatorlanguages_changelist"))
    assert response.status_code == 403


def test_a_restricted_translator_cannot_open_or_save_the_screen_of_another_language(client, article):
    translator = spanish_only(client)
    assert translator.get(translate_url(article, "es")).status_code == 200
    assert translator.get(translate_url(article, "fr")).status_code == 403
    assert translator.post(translate_url(article, "fr"), {"segment-title": "Un titre"}).status_code == 403
    assert Article.objects.get(pk=article.pk).title_fr != "Un titre"


def test_a_restricted_translator_edits_only_their_language_on_the_change_page(client, article):
    translator = spanish_only(client)
    page = translator.get(change_url(article)).content.decode()
    assert not is_disabled(page, "input", "title_es")
    for language in ("fr", "de", "ar"):
        assert is_disabled(page, "input", f"title_{language}")
        assert is_disabled(page, "textarea", f"sections-0-body_{language}")
    response = edit(translator, article, title_es=SPANISH_TITLE, title_fr="Un titre de traducteur")
    assert response.status_code == 302
    after = Article.objects.get(pk=article.pk)
    assert after.title_es == SPANISH_TITLE
    assert after.title_fr == article.title_fr


def test_a_restricted_translator_cannot_import_a_french_file(client, article):
    french = (CONTENT / "back-spasms.fr.txt").read_bytes()
    upload = SimpleUploadedFile("back-spasms.fr.txt", french)
    response = spanish_only(client).post(import_url(article), {"file": upload})
    assert response.status_code == 200
    assert "You translate into Spanish only" in response.content.decode()


def test_a_restricted_translator_cannot_upload_a_french_xliff_file(client, article):
    data = exchange.xliff_export(article=article, language="fr").replace(b"spasmes du dos", b"crampes du dos")
    url = reverse("admin:articles_article_xliff_import", args=[article.pk])
    response = spanish_only(client).post(url, {"file": SimpleUploadedFile("back-spasms.fr.xlf", data)})
    assert "You translate into Spanish only" in response.content.decode()
    assert "crampes" not in Article.objects.get(pk=article.pk).title_fr


def test_the_editorial_home_shows_a_restricted_translator_only_their_languages(client, article):
    page = spanish_only(client).get(reverse("admin:index")).content.decode()
    translations = page.split('id="home-translations"')[1].split("</table>")[0]
    assert "Spanish" in translations
    assert not any(name in translations for name in ("French", "German", "Arabic"))


def test_an_unrestricted_translator_translates_every_language(client, article):
    translator = signed_in(client, "Translator")
    for language in ("es", "fr", "de", "ar"):
        assert translator.get(translate_url(article, language)).status_code == 200
    translations = translator.get(reverse("admin:index")).content.decode().split('id="home-translations"')[1]
    assert all(name in translations.split("</table>")[0] for name in ("Spanish", "French", "German", "Arabic"))
