import pytest

from articles.pages import url_in
from faq.models import FAQ

pytestmark = pytest.mark.django_db


def test_faq_page_shows_site_wide_questions_as_details(client, demo):
    page = client.get(url_in("en", "faq:list")).content.decode()
    for faq in FAQ.objects.site_wide():
        assert f"<summary>{faq.question_en}</summary>" in page


def test_faq_page_is_in_the_readers_language(client, demo):
    response = client.get("/de/haeufige-fragen/")
    assert response.status_code == 200
    assert FAQ.objects.site_wide().first().question_de in response.content.decode()


def test_faq_page_leaves_out_article_questions(client, article):
    page = client.get(url_in("en", "faq:list")).content.decode()
    assert article.faqs.first().question_en not in page
    assert "There are no questions yet." in page


def test_untranslated_question_is_shown_in_english_and_marked_so(client, demo):
    faq = FAQ.objects.create(question_en="Can I swim with back pain?", answer_en="Often, yes.")
    page = client.get(url_in("es", "faq:list")).content.decode()
    assert f'<details id="question-{faq.pk}" lang="en">\n    <summary>Can I swim with back pain?</summary>' in page


def test_faq_page_escapes_markup(client, db):
    FAQ.objects.create(question_en="<img src=x onerror=alert(1)>?", answer_en="<b>no</b>")
    page = client.get(url_in("en", "faq:list")).content.decode()
    assert "<img src=x" not in page
    assert "&lt;b&gt;no&lt;/b&gt;" in page


def test_home_teaser_links_each_question_to_its_answer(client, demo):
    faq = FAQ.objects.site_wide().first()
    page = client.get(url_in("fr", "articles:home")).content.decode()
    assert f'href="{url_in("fr", "faq:list")}#question-{faq.pk}">{faq.question_fr}</a>' in page
    assert f'id="question-{faq.pk}"' in client.get(url_in("fr", "faq:list")).content.decode()


def test_a_site_wide_question_shows_on_the_cached_faq_page_as_soon_as_it_is_saved(client, demo):
    url = url_in("en", "faq:list")
    assert "Can I cycle with back pain?" not in client.get(url).content.decode()
    FAQ.objects.create(question_en="Can I cycle with back pain?", answer_en="Usually, yes.")
    assert "Can I cycle with back pain?" in client.get(url).content.decode()


def test_a_site_wide_question_moved_into_an_article_leaves_the_faq_page(client, db):
    from articles.tests.factories import make_article

    article = make_article("Where questions go")
    faq = FAQ.objects.create(question_en="Does a question move?", answer_en="It does.")
    assert "Does a question move?" in client.get("/en/faq/").content.decode()
    faq.article = article
    faq.save()
    assert "Does a question move?" not in client.get("/en/faq/").content.decode()
