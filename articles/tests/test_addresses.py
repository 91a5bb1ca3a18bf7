"""Addresses people type or paste: another language's URL word or a slug in capitals leads, with a
301, to the page; the feed names its author (RFC 4287); a question's link opens it."""

import pytest
from django.test import override_settings

from articles.pages import url_in
from faq.models import FAQ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def sciatica():
    from articles.models import Article

    return Article.objects.get(slug_en__startswith="sciatica")


@pytest.mark.parametrize(
    ("asked", "language"),
    [
        ("/es/articles/{es}/", "es"),
        ("/de/articulos/{de}/", "de"),
        ("/en/artikel/{en}/", "en"),
        ("/fr/artikel/{fr}/", "fr"),
    ],
)
def test_another_languages_url_word_redirects_to_the_article(client, asked, language):
    article = sciatica()
    slugs = {code: getattr(article, f"slug_{code}") for code in ("en", "es", "fr", "de")}

    response = client.get(asked.format(**slugs), follow=True)

    assert response.redirect_chain[0][1] == 301
    assert response.redirect_chain[-1][0] == url_in(language, "articles:detail", slug=slugs[language])
    assert response.status_code == 200


def test_another_languages_list_word_redirects_to_the_list(client):
    response = client.get("/es/articles/")

    assert response.status_code == 301
    assert response["Location"] == url_in("es", "articles:list")


def test_uppercase_slug_redirects_to_the_article(client):
    article = sciatica()

    response = client.get(url_in("en", "articles:detail", slug=article.slug_en.upper()))

    assert response.status_code == 301
    assert response["Location"] == url_in("en", "articles:detail", slug=article.slug_en)


def test_uppercase_accented_slug_redirects_to_the_article(client):
    article = sciatica()

    response = client.get(url_in("es", "articles:detail", slug=article.slug_es.upper()))

    assert response.status_code == 301
    assert response["Location"] == url_in("es", "articles:detail", slug=article.slug_es)


def test_unknown_slug_is_still_404_in_any_case(client):
    assert client.get(url_in("en", "articles:detail", slug="NO-SUCH-ARTICLE")).status_code == 404
    assert client.get("/es/articles/no-such-article/", follow=True).status_code == 404


@override_settings(SITE_ORGANIZATION={"name": "Spine Trust", "url": "https://spine.example/"})
def test_feed_names_its_author(client):
    feed = client.get(url_in("fr", "articles:feed")).content.decode()

    assert "<author><name>Spine Trust</name><uri>https://spine.example/</uri></author>" in feed


def test_a_questions_link_opens_it_and_only_it(client):
    first, second = FAQ.objects.site_wide()[:2]
    page = client.get(url_in("en", "faq:list")).content.decode()
    link = f"{url_in('en', 'faq:list')}?question={second.pk}#question-{second.pk}"
    assert f'href="{link}"' in page
    assert " open" not in page.split('class="faqs"')[1]

    opened = client.get(link.split("#")[0]).content.decode()

    assert f'<details id="question-{second.pk}" open>' in opened
    assert f'<details id="question-{first.pk}">' in opened
    assert f'<link rel="canonical" href="http://testserver{url_in("en", "faq:list")}">' in opened


@pytest.mark.parametrize("value", ["banana", "", "0", "99999999999999999999999"])
def test_a_question_link_to_nothing_opens_nothing(client, value):
    response = client.get(url_in("en", "faq:list"), {"question": value})

    assert response.status_code == 200
    assert " open>" not in response.content.decode()
