"""FAQs edited on their own screen follow the same text rules and change their article's working copy."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.publishing.services import publication_at
from articles.review.services import APPROVED, CHANGED, review_state
from articles.tests.factories import approve, publish_now
from articles.tests.test_admin import signed_in
from faq.models import FAQ

pytestmark = pytest.mark.django_db


def faq_form(faq, **changes):
    data = {"question_en": faq.question_en, "answer_en": faq.answer_en, "article": faq.article_id or "", "order": 0}
    return {**data, **changes}


def test_a_site_wide_question_starting_like_a_bullet_is_refused(client, db):
    response = signed_in(client, "Editor").post(
        reverse("admin:faq_faq_add"), {"question_en": "- Is rest good?", "answer_en": "Short rest helps.", "order": 0}
    )
    assert response.status_code == 200
    assert "marks a bullet" in response.content.decode()
    assert not FAQ.objects.exists()


def test_editing_an_articles_faq_changes_its_working_copy_and_shows_once_published(client, article):
    faq = FAQ.objects.filter(article=article).first()
    version = Article.objects.get(pk=article.pk).version
    response = signed_in(client, "Editor").post(
        reverse("admin:faq_faq_change", args=[faq.pk]), faq_form(faq, answer_en="Muscle strain, mostly.")
    )
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.version == version + 1
    assert article.has_unpublished_changes
    assert "Muscle strain, mostly." not in publication_at(article=article, language="en").search_text

    publish_now(article)
    assert "Muscle strain, mostly." in publication_at(article=article, language="en").search_text


def test_saving_an_articles_faq_unchanged_keeps_the_clinical_approval(client, article):
    article = approve(article)
    faq = FAQ.objects.filter(article=article).first()
    editor = signed_in(client, "Editor")
    form = faq_form(faq, **{f"initial-{name}": value for name, value in faq_form(faq).items()})
    assert editor.post(reverse("admin:faq_faq_change", args=[faq.pk]), form).status_code == 302
    assert review_state(Article.objects.get(pk=article.pk)) == APPROVED

    changed = faq_form(faq, answer_en="Muscle strain, mostly.")
    assert editor.post(reverse("admin:faq_faq_change", args=[faq.pk]), changed).status_code == 302
    assert review_state(Article.objects.get(pk=article.pk)) == CHANGED
