"""The search page: a form in every header, results with highlighted snippets (their pages: test_search_pages)."""

import pytest

from articles.models import Article
from articles.pages import url_in
from articles.tests.factories import make_article, publish_now

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "ar"])
def test_every_page_header_has_a_search_form_for_its_language(client, db, language):
    page = client.get(url_in(language, "articles:home")).content.decode()
    assert f'method="get" action="{url_in(language, "articles:search")}"' in page
    assert 'name="q"' in page


def test_search_lists_matching_articles_with_marked_snippets(client, db):
    response = client.get(url_in("en", "articles:search"), {"q": "sciatic"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sciatica: Symptoms, Causes and When to Get Help" in page
    assert "<mark>" in page.split('class="results"')[1]


def test_search_results_link_to_the_article_in_the_readers_language(client, db):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    page = client.get(url_in("es", "articles:search"), {"q": "ciática"}).content.decode()
    assert url_in("es", "articles:detail", slug=sciatica.slug_es) in page


def test_search_that_finds_nothing_says_so_and_suggests_the_faq(client, db):
    page = client.get(url_in("fr", "articles:search"), {"q": "xylophone"}).content.decode()
    assert "Aucun résultat pour « xylophone »" in page
    assert f'href="{url_in("fr", "faq:list")}"' in page


def test_search_never_lists_a_draft_until_it_is_published(client, db):
    draft = make_article("Secret sciatica draft", publish=False)
    search = url_in("en", "articles:search")
    assert "secret-sciatica-draft" not in client.get(search, {"q": "sciatica"}).content.decode()
    publish_now(draft)
    assert "secret-sciatica-draft" in client.get(search, {"q": "sciatica"}).content.decode()


@pytest.mark.parametrize("query", ["", "   ", "a" * 10_000, "word " * 2_000, "<script>alert(1)</script>", "%00\x00"])
def test_odd_queries_answer_200(client, db, query):
    response = client.get(url_in("en", "articles:search"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


def test_search_page_is_not_indexed(client, db):
    assert '<meta name="robots" content="noindex">' in client.get(url_in("en", "articles:search")).content.decode()
