"""Clinical review before publishing: the group, submit, approve, return, and the publishing rule
in the service, the admin and the commands."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles import exchange, services
from articles.models import Article
from articles.publishing.models import Publication
from articles.publishing.services import ReviewRequired, article_publish
from articles.review.models import ReviewEvent
from articles.review.services import (
    ReviewRefused,
    article_approve,
    article_return,
    article_submit,
    review_state,
)
from articles.tests.factories import approve, reviewer
from articles.tests.test_admin import change_url, edit, signed_in

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:articles_article_changelist")
SEED = Path(settings.BASE_DIR) / "content" / "back-spasms.en.txt"


def review_url(article, step=""):
    name = f"admin:articles_article_review{'_' + step if step else ''}"
    return reverse(name, args=[article.pk])


def publish_url(article):
    return reverse("admin:articles_article_publish", args=[article.pk])


def is_live(article) -> bool:
    return Publication.objects.live().filter(article=article).exists()


def current(article) -> Article:
    return Article.objects.get(pk=article.pk)


def test_the_migration_makes_the_clinical_reviewer_group_with_approve_article_only_for_it():
    group = Group.objects.get(name="Clinical reviewer")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "approve_article" in codenames
    assert not any(name.startswith(("change_", "add_", "delete_")) for name in codenames)
    assert "publish_article" not in codenames
    editor = Group.objects.get(name="Editor")
    assert not editor.permissions.filter(codename="approve_article").exists()


def test_an_unapproved_working_copy_is_refused_by_the_service_and_nothing_is_public(draft_article):
    with pytest.raises(ReviewRequired, match="needs a clinical approval"):
        article_publish(article=draft_article)
    assert not Publication.objects.exists()
    assert current(draft_article).status == "draft"


@override_settings(REVIEW_INTERVAL_DAYS=30)
def test_approval_records_the_review_and_lets_it_be_published(draft_article):
    doctor = reviewer("doctor")
    article_submit(article=draft_article, user=None)
    assert review_state(draft_article) == "waiting"
    article_approve(article=draft_article, user=doctor, version=current(draft_article).version)
    article = current(draft_article)
    today = timezone.localdate()
    assert (article.reviewed_by, article.last_reviewed) == (doctor, today)
    assert article.next_review_due == today + datetime.timedelta(days=30)
    assert review_state(article) == "approved"
    article_publish(article=article)
    english = Publication.objects.live().get(article=article, language="en")
    assert (english.reviewed_by, english.last_reviewed) == ("doctor", today)


def test_the_default_review_interval_is_a_year(draft_article):
    approve(draft_article)
    assert current(draft_article).next_review_due == timezone.localdate() + datetime.timedelta(days=365)


def test_any_change_after_the_approval_voids_it(client, draft_article):
    approve(draft_article)
    editor = signed_in(client, "Editor")
    assert edit(editor, draft_article, summary_en="A new summary after the approval.").status_code == 302
    assert review_state(draft_article) == "changed"
    editor.post(publish_url(draft_article))
    assert not is_live(draft_article)
    assert "needs a clinical approval" in editor.get(change_url(draft_article)).content.decode()


def test_a_save_that_changes_nothing_keeps_the_approval(client, draft_article):
    approve(draft_article)
    editor = signed_in(client, "Editor")
    assert edit(editor, draft_article).status_code == 302
    assert review_state(draft_article) == "approved"
    editor.post(publish_url(draft_article))
    assert is_live(draft_article)


def test_importing_the_same_text_again_keeps_the_approval(draft_article):
    approve(draft_article)
    services.article_import(text=SEED.with_name("sciatica.en.txt").read_text(encoding="utf-8"), article=draft_article)
    assert review_state(draft_article) == "approved"


@pytest.fixture
def approved_with_summary(article):
    Article.objects.filter(pk=article.pk).update(summary_en="Why spasms happen.", summary_es="Por qué ocurren.")
    return approve(article)


def test_an_xliff_import_that_changes_nothing_keeps_the_approval(approved_with_summary):
    exchange.xliff_import(data=exchange.xliff_export(article=approved_with_summary, language="es"))
    assert review_state(approved_with_summary) == "approved"


def test_an_xliff_import_that_changes_only_the_summary_voids_the_approval(approved_with_summary):
    data = exchange.xliff_export(article=approved_with_summary, language="es")
    exchange.xliff_import(data=data.replace("Por qué ocurren.".encode(), "Por qué aparecen.".encode()))
    assert current(approved_with_summary).summary_es == "Por qué aparecen."
    assert review_state(approved_with_summary) == "changed"


def test_an_import_after_the_approval_voids_it(draft_article):
    approve(draft_article)
    services.article_import(
        text=(Path(settings.BASE_DIR) / "content" / "sciatica.es.txt").read_text(encoding="utf-8"),
        language="es",
        article=draft_article,
    )
    with pytest.raises(ReviewRequired):
        article_publish(article=draft_article)


def test_an_approval_of_a_version_that_changed_since_the_reviewer_looked_is_refused(draft_article):
    article_submit(article=draft_article, user=None)
    seen = current(draft_article).version
    services.article_saved(article=draft_article)
    with pytest.raises(ReviewRefused, match="changed while you were reviewing"):
        article_approve(article=draft_article, user=reviewer(), version=seen)
    assert review_state(draft_article) == "waiting"


def test_a_return_needs_a_comment_and_is_kept_with_it(draft_article):
    article_submit(article=draft_article, user=None)
    version = current(draft_article).version
    with pytest.raises(ReviewRefused, match="needs a comment"):
        article_return(article=draft_article, user=reviewer(), version=version, comment="  ")
    article_return(article=draft_article, user=reviewer(), version=version, comment="Cite the NICE guideline.")
    assert review_state(draft_article) == "returned"
    assert ReviewEvent.objects.filter(article=draft_article, kind="returned").get().comment == (
        "Cite the NICE guideline."
    )


def test_only_a_waiting_article_can_be_approved_and_an_approved_one_not_submitted_again(draft_article):
    with pytest.raises(ReviewRefused, match="not waiting"):
        article_approve(article=draft_article, user=reviewer(), version=None)
    approve(draft_article)
    with pytest.raises(ReviewRefused, match="already approved"):
        article_submit(article=draft_article, user=None)


@override_settings(REVIEW_REQUIRED=False)
def test_without_review_required_an_unreviewed_copy_publishes_and_nothing_is_recorded(draft_article):
    article_publish(article=draft_article)
    assert is_live(draft_article)
    assert not ReviewEvent.objects.exists()


def test_in_the_admin_an_editor_submits_a_reviewer_approves_and_the_editor_publishes(client, draft_article):
    editor = signed_in(client, "Editor", "writer")
    response = editor.post(review_url(draft_article, "submit"), {"comment": "Ready for a look."})
    assert response.status_code == 302
    assert (
        editor.post(review_url(draft_article, "approve"), {"version": current(draft_article).version}).status_code
        == 403
    )
    client.logout()

    doctor = signed_in(client, "Clinical reviewer", "doctor")
    page = doctor.get(review_url(draft_article)).content.decode()
    assert "Nothing is live in this language: every line below is new." in page
    assert '<div class="added">Sciatica: Symptoms, Causes and When to Get Help</div>' in page
    assert "Ready for a look." in page
    doctor.post(review_url(draft_article, "approve"), {"version": current(draft_article).version})
    assert review_state(draft_article) == "approved"
    client.logout()

    editor = signed_in(client, "Editor", "writer-again")
    editor.post(publish_url(draft_article))
    assert is_live(draft_article)
    history = editor.get(reverse("admin:articles_article_history", args=[draft_article.pk])).content.decode()
    assert "Submitted for review" in history and "Approved" in history and "doctor" in history


def test_the_review_screen_shows_what_changed_since_the_last_publication(client, article):
    editor = signed_in(client, "Editor")
    edit(editor, article, title_en="Back Spasms Explained")
    editor.post(review_url(article, "submit"))
    page = editor.get(review_url(article)).content.decode()
    assert '<div class="removed">What Causes Back Spasms? Find Relief</div>' in page
    assert '<div class="added">Back Spasms Explained</div>' in page


def test_a_reviewer_returns_it_with_a_comment_the_editor_sees(client, draft_article):
    article_submit(article=draft_article, user=None)
    doctor = signed_in(client, "Clinical reviewer", "doctor")
    version = current(draft_article).version
    doctor.post(review_url(draft_article, "return"), {"version": version, "comment": ""})
    assert "a return needs a comment" in doctor.get(review_url(draft_article)).content.decode()
    doctor.post(review_url(draft_article, "return"), {"version": version, "comment": "Check the dosage."})
    client.logout()
    page = signed_in(client, "Editor").get(change_url(draft_article)).content.decode()
    panel = page.split('id="review-panel"')[1].split("</p>")[0]
    assert "returned for changes" in panel and "Check the dosage." in panel


def test_a_reviewer_cannot_change_the_article(client, article):
    doctor = signed_in(client, "Clinical reviewer")
    response = edit(doctor, article, title_en="A reviewer's title")
    assert response.status_code == 403
    assert current(article).title_en == "What Causes Back Spasms? Find Relief"


def test_the_list_has_a_review_column_and_filter(client, draft_article, article):
    article_submit(article=draft_article, user=None)
    editor = signed_in(client, "Editor")
    page = editor.get(CHANGELIST).content.decode()
    assert '<span class="review-waiting">waiting for review</span>' in page
    waiting = editor.get(CHANGELIST, {"review_state": "waiting"}).content.decode()
    assert draft_article.title_en in waiting and article.title_en not in waiting
    approve(article)
    approved = editor.get(CHANGELIST, {"review_state": "approved"}).content.decode()
    assert article.title_en in approved and draft_article.title_en not in approved
    services.article_saved(article=article)
    changed = editor.get(CHANGELIST, {"review_state": "changed"}).content.decode()
    assert article.title_en in changed


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_publish_article_refuses_an_unapproved_copy_and_names_skip_review(draft_article):
    with pytest.raises(CommandError) as refusal:
        run("publish_article", str(draft_article.pk))
    assert "needs a clinical approval" in str(refusal.value)
    assert "--skip-review" in str(refusal.value)
    assert not is_live(draft_article)


def test_publish_article_with_skip_review_publishes_and_the_history_says_so(draft_article):
    run("publish_article", str(draft_article.pk), "--skip-review")
    assert is_live(draft_article)
    event = ReviewEvent.objects.get(article=draft_article)
    assert (event.kind, event.comment) == ("skipped", "manage.py publish_article --skip-review")


def test_publish_article_of_an_approved_copy_needs_no_flag(draft_article):
    approve(draft_article)
    run("publish_article", str(draft_article.pk))
    assert is_live(draft_article)
    assert not ReviewEvent.objects.filter(kind="skipped").exists()


def test_import_article_publish_refuses_without_review_and_writes_nothing(db):
    with pytest.raises(CommandError, match="needs a clinical approval"):
        run("import_article", str(SEED), "--publish")
    assert not Article.objects.exists()


def test_import_article_publish_with_skip_review_publishes_and_records_it(db):
    run("import_article", str(SEED), "--publish", "--skip-review")
    article = Article.objects.get()
    assert is_live(article)
    assert ReviewEvent.objects.get(article=article).kind == "skipped"


def test_skip_review_without_publish_is_refused(db):
    with pytest.raises(CommandError, match="--skip-review goes with --publish"):
        run("import_article", str(SEED), "--skip-review")


def test_load_demo_publishes_without_review_and_says_so_in_the_history(demo):
    articles = list(Article.objects.all())
    assert articles and all(is_live(article) for article in articles)
    assert set(ReviewEvent.objects.values_list("kind", flat=True)) == {"skipped"}
