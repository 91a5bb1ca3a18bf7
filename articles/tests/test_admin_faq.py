"""FAQs edited on their own screen follow the same text rules and refresh their article."""

import pytest
from django.urls import reverse

from articles.models import Article
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


def test_editing_an_articles_faq_refreshes_the_article(client, article):
    faq = FAQ.objects.filter(article=article).first()
    version = Article.objects.get(pk=article.pk).version
    response = signed_in(client, "Editor").post(
        reverse("admin:faq_faq_change", args=[faq.pk]), faq_form(faq, answer_en="Muscle strain, mostly.")
    )
    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    assert article.version == version + 1
    assert "Muscle strain, mostly." in article.search_text_en
