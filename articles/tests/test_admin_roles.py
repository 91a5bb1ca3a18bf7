"""Publishing and roles: Editors publish and schedule, Translators translate, nobody else manages users."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from articles.models import Article
from articles.tests.test_admin import change_url, edit, form_data, signed_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def run_action(client, action, article):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [article.pk]})


def test_the_migration_creates_the_editor_and_translator_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Translator"}


def test_an_editor_publishes_a_draft_from_the_list(client, draft_article):
    run_action(signed_in(client, "Editor"), "publish", draft_article)
    assert Article.objects.published().filter(pk=draft_article.pk).exists()


def test_publishing_from_the_list_is_a_revision_with_its_author(client, draft_article):
    run_action(signed_in(client, "Editor"), "publish", draft_article)
    [revision] = [version.revision for version in Version.objects.get_for_object(draft_article)]
    assert revision.comment == "Published"
    assert revision.user.groups.filter(name="Editor").exists()


def test_an_editor_unpublishes_from_the_list(client, article):
    run_action(signed_in(client, "Editor"), "unpublish", article)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_an_editor_schedules_an_article_that_stays_private_until_then(client, draft_article):
    later = timezone.now() + datetime.timedelta(days=2)
    response = edit(
        signed_in(client, "Editor"),
        draft_article,
        status="published",
        publish_at_0=later.strftime("%Y-%m-%d"),
        publish_at_1=later.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.status == "published"
    assert not Article.objects.published().filter(pk=draft_article.pk).exists()


def test_a_translator_has_no_publish_action(client, article):
    page = signed_in(client, "Translator").get(CHANGELIST).content.decode()
    assert 'value="publish"' not in page
    assert 'value="unpublish"' not in page


def test_a_translator_cannot_publish_by_posting_the_action(client, draft_article):
    run_action(signed_in(client, "Translator"), "publish", draft_article)
    draft_article.refresh_from_db()
    assert draft_article.status == "draft"


def test_a_translator_cannot_change_the_status_in_the_form(client, draft_article):
    translator = signed_in(client, "Translator")
    data = form_data(translator.get(change_url(draft_article)))
    assert "status" not in data
    response = translator.post(change_url(draft_article), {**data, "status": "published", "_continue": "1"})
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.status == "draft"


def test_a_translator_saves_a_spanish_translation(client, article):
    response = edit(signed_in(client, "Translator"), article, title_es="Espasmos de espalda: causas y alivio")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_es == "Espasmos de espalda: causas y alivio"


def test_a_translator_cannot_add_articles(client, db):
    assert signed_in(client, "Translator").get(reverse("admin:articles_article_add")).status_code == 403


def test_a_translator_cannot_delete_articles(client, article):
    response = signed_in(client, "Translator").get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert response.status_code == 403


def test_an_editor_cannot_manage_users(client, db):
    assert signed_in(client, "Editor").get(reverse("admin:auth_user_changelist")).status_code == 403


def test_an_editor_cannot_manage_groups(client, db):
    assert signed_in(client, "Editor").get(reverse("admin:auth_group_changelist")).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(client, article):
    assert client.get(change_url(article)).status_code == 302


def test_the_edit_screen_is_never_cached_publicly(client, article):
    response = signed_in(client, "Editor").get(change_url(article))
    assert "private" in response["Cache-Control"]


def test_the_edit_screen_links_to_the_preview_in_every_language(client, draft_article):
    page = signed_in(client, "Editor").get(change_url(draft_article)).content.decode()
    for language in ("en", "es", "fr", "de", "ar"):
        with translation.override(language):
            assert f'href="{reverse("articles:preview", args=[draft_article.pk])}"' in page


def test_the_preview_of_a_draft_is_private(client, draft_article):
    response = signed_in(client, "Editor").get(f"/en/preview/{draft_article.pk}/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_the_preview_shows_unsaved_changes_and_saves_nothing(client, article):
    editor = signed_in(client, "Editor")
    data = form_data(editor.get(change_url(article)))
    data["title_es"] = "Espasmos: un título sin guardar"
    url = reverse("admin:articles_article_preview", args=[article.pk, "es"])
    response = editor.post(url, data)
    assert "Espasmos: un título sin guardar" in response.content.decode()
    assert "private" in response["Cache-Control"]
    article.refresh_from_db()
    assert article.title_es != "Espasmos: un título sin guardar"


def test_the_preview_of_text_that_cannot_be_saved_lists_the_errors(client, article):
    editor = signed_in(client, "Editor")
    data = {**form_data(editor.get(change_url(article))), "intro_en": "A heading-shaped intro"}
    response = editor.post(reverse("admin:articles_article_preview", args=[article.pk, "en"]), data)
    assert response.status_code == 400
    assert "would read as a heading" in response.content.decode()


def test_the_preview_of_unsaved_changes_needs_a_post(client, article):
    response = signed_in(client, "Editor").get(reverse("admin:articles_article_preview", args=[article.pk, "en"]))
    assert response.status_code == 405


def test_a_translator_cannot_change_the_english_text(client, article):
    response = edit(signed_in(client, "Translator"), article, title_en="A Translator's Title", intro_es="Nueva intro.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "What Causes Back Spasms? Find Relief"
    assert article.intro_es == "Nueva intro."


def test_the_english_fields_are_read_only_for_a_translator(client, article):
    page = signed_in(client, "Translator").get(change_url(article)).content.decode()
    assert re.search(r'<input[^>]*name="title_en"[^>]*disabled', page)
    assert re.search(r'<textarea[^>]*name="sections-0-body_en"[^>]*disabled', page)


def test_the_list_shows_when_a_scheduled_article_goes_live(client, draft_article):
    Article.objects.filter(pk=draft_article.pk).update(
        status="published", publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    page = signed_in(client, "Editor").get(CHANGELIST).content.decode()
    assert "Scheduled for" in page


def test_the_preview_lists_an_error_in_a_table_row(client, article):
    editor = signed_in(client, "Editor")
    data = {**form_data(editor.get(change_url(article))), "sections-1-table-0-rows-0-trigger_en": "Strain | sprain"}
    response = editor.post(reverse("admin:articles_article_preview", args=[article.pk, "en"]), data)
    assert response.status_code == 400
    assert "cannot contain “|”" in response.content.decode()


def saved_once_in_the_admin(client, article) -> str:
    """Saves the article as an Editor (one revision) and gives the URL that reverts to it."""
    edit(signed_in(client, "Editor", "first-editor"), article)
    client.logout()
    [version] = Version.objects.get_for_object(article)
    return reverse("admin:articles_article_revision", args=[article.pk, version.pk])


def test_a_translator_sees_the_history_without_revert_links(client, article):
    revert_url = saved_once_in_the_admin(client, article)
    page = signed_in(client, "Translator").get(reverse("admin:articles_article_history", args=[article.pk]))
    history = page.content.decode().split('id="change-history"')[1]
    assert "first-editor" in history
    assert revert_url not in history


def test_an_editor_sees_revert_links_in_the_history(client, article):
    revert_url = saved_once_in_the_admin(client, article)
    page = signed_in(client, "Editor").get(reverse("admin:articles_article_history", args=[article.pk]))
    assert revert_url in page.content.decode()
