"""The search page shows its results ten at a time, snippets for those only, in a fixed number of
queries. Every test runs on both databases."""

import re

import pytest
from django.db import connection

from articles.pages import url_in
from articles.search import RESULTS_PER_PAGE, search_site
from articles.tests.factories import crowd_of_unmatched_spanish, make_article

pytestmark = pytest.mark.django_db

# What one search page reads: the scope numbers, whether any article matches, the site-wide FAQs,
# how many articles match and the page of them; on PostgreSQL also the page's headlines.
SEARCH_PAGE_QUERIES = 6 if connection.vendor == "postgresql" else 5


def search(client, query: str, **parameters):
    return client.get(url_in("en", "articles:search"), {"q": query, **parameters})


def titles(response) -> list[str]:
    results = response.content.decode().split('class="results"')[1].split("</ol>")[0]
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', results)


def make_stretches(count: int, first: int = 0) -> None:
    for number in range(first, first + count):
        make_article(f"Hamstring stretch {number:02}")


def test_a_page_shows_ten_results_and_counts_them_all(client):
    make_stretches(13)

    response = search(client, "hamstring")

    assert len(titles(response)) == RESULTS_PER_PAGE == 10
    assert "13 results" in response.content.decode()
    assert "Page 1 of 2" in response.content.decode()


def test_the_next_page_shows_the_rest_in_the_same_order(client):
    make_stretches(13)
    best_first = [publication.title for publication in search_site("hamstring", "en").articles]

    first, second = titles(search(client, "hamstring")), titles(search(client, "hamstring", page="2"))

    assert first + second == best_first
    assert len(second) == 3


def test_page_links_keep_the_query(client):
    make_stretches(13)

    first = search(client, "hamstring   stretch").content.decode()
    second = search(client, "hamstring stretch", page="2").content.decode()

    assert 'href="?q=hamstring%20stretch&amp;page=2" rel="next"' in first
    assert 'href="?q=hamstring%20stretch" rel="prev"' in second
    assert 'rel="next"' not in second


def test_the_second_page_numbers_its_results_on(client):
    make_stretches(13)

    assert '<ol class="results" start="11">' in search(client, "hamstring", page="2").content.decode()


def test_one_page_of_results_has_no_page_links(client):
    make_stretches(3)

    assert 'class="pagination"' not in search(client, "hamstring").content.decode()


@pytest.mark.parametrize("page", ["999", "3", "0", "-1", "abc", "1.5", "9" * 5_000, ""])
def test_a_page_that_does_not_exist_is_a_404_with_a_message(client, page):
    make_stretches(13)

    response = search(client, "hamstring", page=page)

    if page == "":
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_a_second_page_of_a_query_that_finds_nothing_is_a_404(client):
    assert search(client, "xqzvbnw", page="2").status_code == 404


def test_a_very_long_query_with_a_page_answers(client):
    make_stretches(13)

    response = search(client, "hamstring " * 2_000, page="2")

    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_a_corrected_query_pages_through_the_corrections_results(client):
    make_stretches(13)

    page = search(client, "hamstrng", page="2").content.decode()

    assert "Showing results for" in page
    assert 'href="?q=hamstrng" rel="prev"' in page


def test_every_result_shown_has_a_marked_snippet(client):
    make_stretches(13)

    results = search(client, "hamstring").content.decode().split('class="results"')[1].split("</ol>")[0]

    assert results.count('<p class="snippet">') == RESULTS_PER_PAGE
    assert results.count("<mark>") >= RESULTS_PER_PAGE


def test_snippet_marks_a_match_far_into_a_long_text():
    # Only the conclusion, the text's last line, says "conclusion".
    make_article("Knee care", sections=40)
    found = search_site("conclusion", "en")

    [result] = found.results(found.articles)

    assert len(result.publication.search_text) > 5_000
    assert "<mark>conclusion</mark> of knee care." in result.snippet
    assert result.snippet.startswith("… ")
    assert len(result.snippet) < 400


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stemmer")
def test_snippet_marks_a_match_of_the_stem_alone():
    # "conclusions" is nowhere in the text as written; its stem is, in the last line.
    make_article("Knee care", sections=40)
    found = search_site("conclusions", "en")

    [result] = found.results(found.articles)

    assert "<mark>conclusion</mark>" in result.snippet


def test_the_search_page_makes_the_same_queries_for_few_and_many_results(client, django_assert_num_queries):
    make_stretches(2)
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        assert len(titles(search(client, "hamstring"))) == 2

    make_stretches(20, first=2)
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        assert len(titles(search(client, "hamstring", page="2"))) == 10
    with django_assert_num_queries(SEARCH_PAGE_QUERIES):
        assert len(titles(search(client, "hamstring", page="3"))) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_the_pages_queries_use_the_languages_index(article):
    crowd_of_unmatched_spanish(article)
    articles = search_site("espasmos", "es").articles
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_publication")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = [articles[:RESULTS_PER_PAGE].explain(), articles.explain()]

    assert all("articles_publication_search_es" in plan for plan in plans)
