"""History: every admin save is a revision; an editor compares two and reverts the whole structure."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import services
from articles.models import Article, TriggerRow
from articles.publishing.document import render_text
from articles.publishing.services import publication_at
from articles.tests.factories import publish_now
from articles.tests.test_admin import edit, form_data, signed_in
from faq.models import FAQ

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited(client, article):
    """The seed article saved once unchanged, then with a table row and a FAQ deleted and a heading changed."""
    editor = signed_in(client, "Editor")
    edit(editor, article)
    original = services.article_export(article=Article.objects.with_structure().get(pk=article.pk), language="en")
    response = edit(
        editor,
        article,
        **{
            "sections-1-table-0-rows-2-DELETE": "on",
            "faqs-2-DELETE": "on",
            "sections-0-heading_en": "Why Back Spasms Happen",
        },
    )
    assert response.status_code == 302
    return editor, article, original


def revision_urls(article):
    versions = Version.objects.get_for_object(article).order_by("pk")
    return [reverse("admin:articles_article_revision", args=[article.pk, version.pk]) for version in versions]


def test_every_save_is_a_revision_with_its_author(edited):
    editor, article, _original = edited
    page = editor.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert len(revision_urls(article)) == 2
    history = page.split('id="change-history"')[1].split("</table>")[0]
    assert history.count("editor") == 2


def test_reverting_restores_sections_table_rows_and_faqs(edited):
    editor, article, original = edited
    first = revision_urls(article)[0]
    response = editor.post(first, {**form_data(editor.get(first)), "_continue": "1"})
    assert response.status_code == 302
    article = Article.objects.with_structure().get(pk=article.pk)
    assert services.article_export(article=article, language="en") == original
    assert TriggerRow.objects.filter(table__section__article=article).count() == 3
    assert FAQ.objects.filter(article=article).count() == 3


def test_a_revert_keeps_the_translations(edited):
    editor, article, _original = edited
    first = revision_urls(article)[0]
    editor.post(first, {**form_data(editor.get(first)), "_continue": "1"})
    article = Article.objects.with_structure().get(pk=article.pk)
    assert article.is_complete_in("ar")


def test_a_revert_counts_as_a_new_save_for_optimistic_locking(edited):
    editor, article, _original = edited
    before = Article.objects.get(pk=article.pk).version
    first = revision_urls(article)[0]
    editor.post(first, {**form_data(editor.get(first)), "_continue": "1"})
    assert Article.objects.get(pk=article.pk).version > before


def test_a_revert_over_a_newer_save_is_refused(edited, client):
    editor, article, _original = edited
    first = revision_urls(article)[0]
    revert_form = form_data(editor.get(first))
    edit(editor, article, title_en="A Newer Title")
    response = editor.post(first, {**revert_form, "_continue": "1"})
    assert "Someone else saved this article" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title_en == "A Newer Title"


def test_viewing_an_old_revision_changes_nothing(edited):
    editor, article, _original = edited
    editor.get(revision_urls(article)[0])
    assert FAQ.objects.filter(article=article).count() == 2


def test_compare_shows_what_changed_between_two_revisions(edited):
    editor, article, _original = edited
    page = editor.get(reverse("admin:articles_article_compare", args=[article.pk])).content.decode()
    assert '<div class="removed">Causes of Back Spasms</div>' in page
    assert '<div class="added">Why Back Spasms Happen</div>' in page
    assert '<div class="removed">How can I prevent back spasms?</div>' not in page
    assert '<div class="removed">What are the best treatment options for back spasms?</div>' in page


def test_compare_with_unknown_revisions_shows_the_latest_two(edited):
    editor, article, _original = edited
    url = reverse("admin:articles_article_compare", args=[article.pk])
    response = editor.get(url, {"old": "not-a-number", "new": "999999", "language": "xx"})
    assert response.status_code == 200
    assert '<div class="added">Why Back Spasms Happen</div>' in response.content.decode()


def test_a_translator_cannot_revert(edited, client):
    _editor, article, _original = edited
    translator = signed_in(client, "Translator")
    first = revision_urls(article)[0]
    assert translator.get(first).status_code == 403
    assert translator.post(first, {}).status_code == 403
    assert FAQ.objects.filter(article=article).count() == 2


def bookkeeping(article) -> dict:
    return Article.objects.filter(pk=article.pk).values("status", "publish_at", "published_version").get()


def test_a_revert_changes_the_working_copy_only_until_published(edited):
    editor, article, original = edited
    publish_now(article)
    live = render_text(publication_at(article=article, language="en").document)
    assert live != original
    before = bookkeeping(article)
    first = revision_urls(article)[0]
    editor.post(first, {**form_data(editor.get(first)), "_continue": "1"})
    assert render_text(publication_at(article=article, language="en").document) == live
    assert bookkeeping(article) == before
    assert Article.objects.get(pk=article.pk).has_unpublished_changes

    publish_now(article)
    assert render_text(publication_at(article=article, language="en").document) == original
