"""The article edit screen through the test client: what an editor submits is what a browser submits."""

import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from articles import services
from articles.models import Article
from articles.publishing.services import publication_at
from articles.tests.factories import publish_now

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's article form, with their current values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.textarea = None
        self.select = None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "article_form":
            self.in_form = True
        if not self.in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "file", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.add(attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data.removeprefix("\n") if not self.data[self.textarea][-1] else data


def form_data(response) -> dict:
    parser = FormFields()
    parser.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


SMALL_EN = """Back Pain at Work
Back pain at work is common.
Lifting Safely
Bend your knees when you lift.
- Keep close: hold the load close to your body.
Trigger | Description |
---|---|
Heavy boxes | Lifting without bending the knees |
Awkward reach | Twisting while reaching for a shelf |
Is back pain at work common?
+Yes, it is very common.
Most back pain at work gets better with simple care.
"""
SMALL_ES = """Dolor de espalda en el trabajo
El dolor de espalda en el trabajo es frecuente.
Levantar con seguridad
Doble las rodillas al levantar peso.
- Cerca del cuerpo: sujete la carga cerca del cuerpo.
Desencadenante | Descripción |
---|---|
Cajas pesadas | Levantar sin doblar las rodillas |
Alcance incómodo | Girar al alcanzar un estante |
¿Es frecuente el dolor de espalda en el trabajo?
+Sí, es muy frecuente.
La mayoría de los dolores de espalda en el trabajo mejoran con cuidados sencillos.
"""


def make_small_article() -> Article:
    """A short article in English and Spanish (one section with a table, one FAQ): a quick edit screen."""
    article = services.article_import(text=SMALL_EN)
    return services.article_import(text=SMALL_ES, language="es", article=article)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def signed_in(client, group: str, username: str | None = None):
    """The test client signed in as a staff member of the "Editor", "Translator" or "Clinical reviewer" group."""
    if not Group.objects.filter(name=group).exists():
        # A test with a live server empties the database, groups included; make them as the migration does.
        import_module("backhealth.migrations.0002_editorial_groups").create_groups(apps, None)
        import_module("articles.migrations.0005_review").create_reviewer_group(apps, None)
    user = User.objects.create_user(username or group.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def edit(client, article, **changes):
    """Open the article's edit screen, change some fields as an editor would, and save."""
    data = form_data(client.get(change_url(article)))
    data.update(changes)
    data["_continue"] = "1"
    return client.post(change_url(article), data)


def saved(response):
    return response.status_code == 302


def errors(response) -> str:
    return response.content.decode() if response.status_code == 200 else ""


def test_saving_the_unchanged_form_keeps_the_article_exported_byte_for_byte(client, article):
    editor_client = signed_in(client, "Editor")
    before = {language: services.article_export(article=article, language=language) for language in ("en", "es", "ar")}
    response = edit(editor_client, article)
    assert saved(response), errors(response)
    article = Article.objects.with_structure().get(pk=article.pk)
    assert {language: services.article_export(article=article, language=language) for language in before} == before


def live_search_text(article, language="en") -> str:
    return publication_at(article=article, language=language).search_text


def test_a_save_raises_the_version_and_the_search_text_follows_at_the_next_publish(client, article):
    editor_client = signed_in(client, "Editor")
    version = article.version
    response = edit(editor_client, article, title_en="Back Spasms Explained")
    assert saved(response), errors(response)
    article.refresh_from_db()
    assert article.version > version
    assert article.has_unpublished_changes
    assert not live_search_text(article).startswith("Back Spasms Explained")

    article = publish_now(article)
    assert not article.has_unpublished_changes
    assert live_search_text(article).startswith("Back Spasms Explained")


def test_an_english_change_makes_the_translations_outdated(client, article):
    editor_client = signed_in(client, "Editor")
    edit(editor_client, article, intro_en="Back spasms are sudden, painful contractions of the back muscles.")
    article = Article.objects.with_structure().get(pk=article.pk)
    assert services.translation_status(article, "es") == "outdated"


def test_saving_a_translation_makes_it_up_to_date_again(client, article):
    editor_client = signed_in(client, "Editor")
    edit(editor_client, article, intro_en="Back spasms are sudden, painful contractions of the back muscles.")
    edit(editor_client, article, intro_es="Los espasmos de espalda son contracciones súbitas y dolorosas.")
    article = Article.objects.with_structure().get(pk=article.pk)
    assert services.translation_status(article, "es") == "complete"
    assert services.translation_status(article, "fr") == "outdated"


def test_arabic_inputs_are_right_to_left(client, article):
    page = signed_in(client, "Editor").get(change_url(article)).content.decode()
    title = re.search(r'<input[^>]*name="title_ar"[^>]*>', page).group()
    body = re.search(r'<textarea[^>]*name="sections-0-body_ar"[^>]*>', page).group()
    assert 'dir="rtl"' in title
    assert 'dir="rtl"' in body


def test_the_edit_screen_holds_sections_table_rows_and_faqs(client, article):
    editor_client = signed_in(client, "Editor")
    data = form_data(editor_client.get(change_url(article)))
    assert data["sections-0-heading_en"] == "Causes of Back Spasms"
    assert data["sections-1-table-0-rows-2-trigger_en"] == "Underlying medical conditions"
    assert data["faqs-0-question_en"] == "What are the most common causes of back spasms?"


def test_the_edit_screen_opens_in_the_editors_language(client, article):
    editor_client = signed_in(client, "Editor")
    response = editor_client.get(change_url(article), headers={"accept-language": "es"})
    assert '<html lang="es"' in response.content.decode()


def test_the_edit_screen_makes_the_same_number_of_queries_for_a_larger_article(
    client, article, draft_article, django_assert_num_queries
):
    editor_client = signed_in(client, "Editor")
    editor_client.get(change_url(article))
    with django_assert_num_queries(QUERIES_EDIT_SCREEN):
        editor_client.get(change_url(article))
    with django_assert_num_queries(QUERIES_EDIT_SCREEN):
        editor_client.get(change_url(draft_article))


# 16 with the review panel's latest decision.
QUERIES_EDIT_SCREEN = 16


def test_line_ends_sent_by_a_browser_do_not_count_as_a_translation(client, article):
    """Browsers send textareas with CRLF line ends: that alone must not mark a translation as saved."""
    editor_client = signed_in(client, "Editor")
    data = form_data(editor_client.get(change_url(article)))
    data = {name: value.replace("\n", "\r\n") if isinstance(value, str) else value for name, value in data.items()}
    data.update(intro_en="Back spasms are sudden, painful contractions of the back muscles.", _continue="1")
    assert editor_client.post(change_url(article), data).status_code == 302
    article = Article.objects.with_structure().get(pk=article.pk)
    assert services.translation_status(article, "es") == "outdated"
