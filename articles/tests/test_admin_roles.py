"""Publishing and roles: Editors publish and schedule, Translators translate, nobody else manages users."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from articles.models import Article
from articles.publishing.models import Publication
from articles.publishing.services import article_publish
from articles.tests.factories import approve
from articles.tests.test_admin import change_url, edit, form_data, signed_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")


def run_action(client, action, article):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [article.pk]})


def publish_url(article):
    return reverse("admin:articles_article_publish", args=[article.pk])


def is_live(article, at=None) -> bool:
    return Publication.objects.live(at).filter(article=article).exists()


def public_page(client, article, language="en"):
    with translation.override(language):
        return client.get(Article.objects.get(pk=article.pk).get_absolute_url())


def test_the_migration_creates_the_editor_and_translator_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editor", "Translator"}


def test_an_editor_publishes_a_draft_from_the_list(client, draft_article):
    approve(draft_article)
    assert public_page(client, draft_article).status_code == 404
    run_action(signed_in(client, "Editor"), "publish", draft_article)
    assert is_live(draft_article)
    client.logout()
    assert public_page(client, draft_article).status_code == 200


def test_publishing_from_the_list_is_a_revision_with_its_author(client, draft_article):
    approve(draft_article)
    run_action(signed_in(client, "Editor"), "publish", draft_article)
    [revision] = [version.revision for version in Version.objects.get_for_object(draft_article)]
    assert revision.comment == "Published"
    assert revision.user.groups.filter(name="Editor").exists()


def test_an_editor_unpublishes_from_the_list(client, article):
    run_action(signed_in(client, "Editor"), "unpublish", article)
    assert not is_live(article)
    client.logout()
    assert public_page(client, article).status_code == 404


def test_an_editor_schedules_an_article_that_stays_private_until_then(client, draft_article):
    approve(draft_article)
    later = timezone.localtime() + datetime.timedelta(days=2)
    response = signed_in(client, "Editor").post(publish_url(draft_article), {"at": later.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    draft_article.refresh_from_db()
    assert draft_article.status == "published"
    assert not is_live(draft_article)
    assert is_live(draft_article, at=later + datetime.timedelta(minutes=1))
    client.logout()
    assert public_page(client, draft_article).status_code == 404


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
    article_publish(article=draft_article, at=timezone.now() + datetime.timedelta(days=3), skip_review=True)
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


def unpublish_url(article):
    return reverse("admin:articles_article_unpublish", args=[article.pk])


def publishing_panel(page: str) -> str:
    return page.split('id="publishing"')[1].split('id="translation-status"')[0]


def test_an_editor_publishes_now_from_the_edit_screen(client, draft_article):
    approve(draft_article)
    editor = signed_in(client, "Editor", "publishing-editor")
    response = editor.post(publish_url(draft_article))
    assert response.status_code == 302
    assert response["Location"] == change_url(draft_article)
    live = Publication.objects.live().filter(article=draft_article)
    assert set(live.values_list("language", flat=True)) == {"en", "es", "fr", "de", "ar"}
    assert {publication.published_by.username for publication in live} == {"publishing-editor"}
    page = editor.get(change_url(draft_article)).content.decode()
    assert "Published in every language." in page
    assert "publishing-editor" in publishing_panel(page)


def test_publishing_at_a_time_that_has_passed_or_cannot_be_read_is_refused(client, draft_article):
    editor = signed_in(client, "Editor")
    earlier = timezone.localtime() - datetime.timedelta(hours=1)
    editor.post(publish_url(draft_article), {"at": earlier.strftime("%Y-%m-%dT%H:%M")})
    assert "That time has passed" in editor.get(change_url(draft_article)).content.decode()
    editor.post(publish_url(draft_article), {"at": "next tuesday"})
    assert "Give the date and time to publish at" in editor.get(change_url(draft_article)).content.decode()
    assert not Publication.objects.filter(article=draft_article).exists()
    draft_article.refresh_from_db()
    assert draft_article.status == "draft"


def test_an_editor_unpublishes_from_the_edit_screen(client, article):
    editor = signed_in(client, "Editor")
    assert editor.post(unpublish_url(article)).status_code == 302
    assert not is_live(article)
    article.refresh_from_db()
    assert article.status == "draft"
    editor.post(unpublish_url(article))
    assert "is not published" in editor.get(change_url(article)).content.decode()


def test_publish_and_unpublish_need_a_post(client, article):
    editor = signed_in(client, "Editor")
    assert editor.get(publish_url(article)).status_code == 405
    assert editor.get(unpublish_url(article)).status_code == 405
    assert is_live(article)


def test_a_translator_may_neither_publish_nor_unpublish(client, article, draft_article):
    translator = signed_in(client, "Translator")
    assert translator.post(publish_url(draft_article)).status_code == 403
    assert translator.post(unpublish_url(article)).status_code == 403
    assert not is_live(draft_article)
    assert is_live(article)


def test_a_translator_sees_no_publish_buttons(client, article):
    panel = publishing_panel(signed_in(client, "Translator").get(change_url(article)).content.decode())
    assert "Publish now" not in panel
    assert "Unpublish" not in panel


def test_the_panel_says_when_a_save_left_unpublished_changes(client, article):
    editor = signed_in(client, "Editor")
    assert "unpublished changes" not in publishing_panel(editor.get(change_url(article)).content.decode())
    edit(editor, article, title_en="Back Spasms Explained")
    panel = publishing_panel(editor.get(change_url(article)).content.decode())
    assert "unpublished changes" in panel
    assert reverse("admin:articles_article_compare_live", args=[article.pk]) in panel
    approve(article)
    editor.post(publish_url(article))
    assert "unpublished changes" not in publishing_panel(editor.get(change_url(article)).content.decode())


def test_the_panel_of_a_draft_says_draft_and_offers_no_unpublish(client, draft_article):
    panel = publishing_panel(signed_in(client, "Editor").get(change_url(draft_article)).content.decode())
    assert "Draft" in panel
    assert "Publish now" in panel
    assert 'form="unpublish"' not in panel


def compare_live(client, article, language="en") -> str:
    url = reverse("admin:articles_article_compare_live", args=[article.pk])
    response = client.get(url, {"language": language})
    assert response.status_code == 200
    return response.content.decode()


def test_compare_live_shows_the_line_a_save_changed(client, article):
    editor = signed_in(client, "Editor")
    assert "nothing to publish" in compare_live(editor, article)
    edit(editor, article, title_en="Back Spasms Explained")
    page = compare_live(editor, article)
    assert '<div class="removed">What Causes Back Spasms? Find Relief</div>' in page
    assert '<div class="added">Back Spasms Explained</div>' in page
    assert "nothing to publish" not in page
    # The Spanish text did not change: its live publication is what the working copy would make.
    assert "nothing to publish" in compare_live(editor, article, "es")


def test_compare_live_of_a_draft_shows_every_line_as_new(client, draft_article):
    page = compare_live(signed_in(client, "Editor"), draft_article)
    assert "Nothing is live in this language" in page
    assert '<div class="added">Sciatica: Symptoms, Causes and When to Get Help</div>' in page


def publications(client, article, **query) -> str:
    response = client.get(reverse("admin:articles_article_publications", args=[article.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_publications_list_who_published_and_who_removed(client, draft_article):
    editor = signed_in(client, "Editor", "publishing-editor")
    assert "has never been published" in publications(editor, draft_article)
    approve(draft_article)
    editor.post(publish_url(draft_article))
    editor.post(unpublish_url(draft_article))
    events = publications(editor, draft_article).split('id="publication-events"')[1].split("</table>")[0]
    assert events.count("publishing-editor") == 10
    assert events.count("<td>published</td>") == 5
    assert events.count("<td>removed</td>") == 5
    assert "Sciatica: Symptoms, Causes and When to Get Help" in events
    assert "(in English)" in events


def test_the_publications_show_what_readers_saw_on_a_date(client, article):
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Publication.objects.filter(article=article).update(live_from=long_ago, first_published_at=long_ago)
    editor = signed_in(client, "Editor")
    edit(editor, article, title_en="Back Spasms Explained")
    approve(article)
    editor.post(publish_url(article))

    then = publications(editor, article, at="2020-06-01", language="en").split('id="seen-text"')[1]
    assert "What Causes Back Spasms? Find Relief" in then
    assert "Back Spasms Explained" not in then
    now = publications(editor, article, at=timezone.localdate().isoformat(), language="en").split('id="seen-text"')[1]
    assert "Back Spasms Explained" in now
    before = publications(editor, article, at="2019-06-01", language="en").split('id="seen-text"')[1]
    assert "Readers saw nothing of this article in this language then." in before
