"""The editorial home page: each staff member's review work, overdue reviews, translations to do
per language and scheduled publications, instead of the stock admin index."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article
from articles.publishing.services import article_publish
from articles.review.services import article_return, article_submit
from articles.tests.factories import make_article, reviewer
from articles.tests.test_admin import signed_in

pytestmark = pytest.mark.django_db
HOME = reverse("admin:index")


def section(page: str, name: str) -> str:
    return page.split(f'id="home-{name}"')[1].split('<div class="module"')[0]


def home(client) -> str:
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_a_reviewer_sees_what_waits_for_review_with_the_note(client, draft_article):
    article_submit(article=draft_article, user=None, comment="New dosage table.")
    page = home(signed_in(client, "Clinical reviewer"))
    waiting = section(page, "waiting")
    assert draft_article.title_en in waiting and "New dosage table." in waiting
    assert reverse("admin:articles_article_review", args=[draft_article.pk]) in waiting


def test_an_editor_has_no_review_queue_but_sees_what_was_returned_to_them(client, draft_article, article):
    editor = signed_in(client, "Editor", "writer")
    editor.post(reverse("admin:articles_article_review_submit", args=[draft_article.pk]))
    article_submit(article=article, user=None)
    for submitted in (draft_article, article):
        version = Article.objects.get(pk=submitted.pk).version
        article_return(article=submitted, user=reviewer(), version=version, comment=f"Fix {submitted.pk}.")
    page = home(editor)
    assert 'id="home-waiting"' not in page
    returned = section(page, "returned")
    assert draft_article.title_en in returned and f"Fix {draft_article.pk}." in returned
    # Returned, but somebody else submitted it.
    assert article.title_en not in returned


def test_overdue_reviews_and_scheduled_publications_are_listed(client, draft_article, article):
    Article.objects.filter(pk=article.pk).update(next_review_due=timezone.localdate() - datetime.timedelta(days=1))
    article_publish(article=draft_article, at=timezone.now() + datetime.timedelta(days=2), skip_review=True)
    page = home(signed_in(client, "Editor"))
    assert article.title_en in section(page, "overdue")
    assert draft_article.title_en not in section(page, "overdue")
    assert draft_article.title_en in section(page, "scheduled")


def test_translations_to_do_count_outdated_and_missing_per_language(client, db):
    outdated = make_article("Outdated everywhere", languages=("es", "fr", "de", "ar"))
    outdated.conclusion_en = "A new English conclusion."
    outdated.save()
    services.article_saved(article=outdated)
    make_article("Spanish only", languages=("es",))
    translations = section(home(signed_in(client, "Translator")), "translations")
    spanish = translations.split('data-language="es"')[1].split("</tr>")[0]
    french = translations.split('data-language="fr"')[1].split("</tr>")[0]
    assert '?translation_es=outdated">1</a>' in spanish and "Outdated everywhere" in spanish
    assert '?translation_es=incomplete">0</a>' in spanish
    assert '?translation_fr=incomplete">1</a>' in french and "Spanish only" in french


def test_the_home_page_keeps_the_list_of_models(client, db):
    page = home(signed_in(client, "Editor"))
    assert reverse("admin:articles_article_changelist") in page
    assert "Nothing is waiting" not in page
