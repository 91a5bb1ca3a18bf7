"""Search that forgives: accents and case, typos, site-wide FAQs as answers, snippets, ranking.

Every test runs on both databases: PostgreSQL's full-text search (unaccent, pg_trgm, the
language's stemmer) and the folding fallback elsewhere must agree on what readers see.
"""

import pytest
from django.db import connection
from django.utils.html import strip_tags

from articles.models import Article
from articles.pages import url_in
from articles.search import SEARCH_CONFIGS, fold, search_articles, search_site, site_answers, suggest
from articles.tests.factories import make_article, publish_now
from faq.models import FAQ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


def first(results):
    return results[0].publication


def sciatica():
    return Article.objects.get(slug_en__startswith="sciatica")


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("es", "ciatica"),
        ("es", "CIÁTICA"),
        ("es", "Ciática"),
        ("fr", "SCIATIQUE"),
        ("en", "sciática"),
        ("de", "ischias"),
    ],
)
def test_accents_and_case_do_not_matter(language, query):
    assert first(search_articles(query, language)).article_id == sciatica().pk


def test_rucken_finds_rucken_and_marks_the_word_as_written():
    results = search_articles("rucken", "de")

    assert results
    assert all("rücken" in result.publication.search_text.lower() for result in results)
    assert "<mark>Rücken" in "".join(result.snippet for result in results)


def test_folding_drops_accents_and_case_in_every_script():
    assert fold("Rücken CIÁTICA Ça") == "rucken ciatica ca"
    assert fold("Straße") == "strasse"
    assert fold("الظَّهر") == "الظهر"


@pytest.mark.parametrize(
    ("language", "typo", "meant"),
    [
        ("en", "sciatca", "sciatica"),
        ("es", "espasmos musculres", "espasmos musculares"),
        ("fr", "sciatiqe", "sciatique"),
    ],
)
def test_a_typo_is_corrected_and_finds_the_article(language, typo, meant):
    found = search_site(typo, language)

    assert search_articles(typo, language) == []
    assert found.corrected == meant
    assert found.articles
    assert suggest(typo, language) == meant


def test_a_typo_in_the_title_word_finds_that_article_first():
    assert search_site("sciatca", "en").articles[0].article_id == sciatica().pk


def test_nonsense_is_not_corrected_into_something():
    found = search_site("xqzvbnw", "en")

    assert found.corrected is None
    assert not found.articles
    assert found.answers == []


def test_a_query_that_matches_is_not_corrected():
    assert search_site("sciatica", "en").corrected is None


def test_site_wide_faq_is_an_answer():
    mri = FAQ.objects.site_wide().get(question_en__contains="MRI")

    [answer] = search_site("MRI", "en").answers

    assert answer.question == mri.question_en
    assert answer.answer == mri.answer_en.split("\n")
    assert answer.url == f"{url_in('en', 'faq:list')}?question={mri.pk}#question-{mri.pk}"


def test_site_wide_faq_answers_in_the_readers_language():
    [answer] = site_answers("resonancia", "es")

    assert "resonancia magnética" in answer.question


def test_articles_faqs_are_not_site_answers():
    article_question = FAQ.objects.exclude(article=None).first()
    word = max(article_question.question_en.split(), key=len).strip("?")

    assert all(answer.question != article_question.question_en for answer in site_answers(word, "en"))


def test_snippet_shows_the_text_not_the_title():
    for result in search_articles("sciatica", "en"):
        assert result.publication.title not in strip_tags(result.snippet)
        assert "<mark>" in result.snippet


def test_a_title_match_ranks_above_many_matches_in_the_text():
    # The one with the word in its title mentions it once; the other, many times in its text.
    titled = make_article("Lumbago explained")
    mentioned = make_article("Back care notes")
    text = mentioned.intro_en
    mentioned.intro_en = f"{text} Lumbago, lumbago, lumbago and lumbago again."
    mentioned.save()
    publish_now(mentioned)

    assert [result.publication.article_id for result in search_articles("lumbago", "en")] == [titled.pk, mentioned.pk]


def test_search_page_shows_the_answer_the_correction_and_the_results(client):
    page = client.get(url_in("en", "articles:search"), {"q": "sciatca"}).content.decode()

    assert "Showing results for “<a" in page
    assert f'href="{url_in("en", "articles:search")}?q=sciatica"' in page
    assert "Sciatica: Symptoms, Causes and When to Get Help" in page

    page = client.get(url_in("en", "articles:search"), {"q": "MRI"}).content.decode()
    assert 'id="answers-heading"' in page
    assert "Do I need an X-ray or MRI scan for back pain?" in page


def test_search_page_has_one_search_box(client):
    page = client.get(url_in("en", "articles:search"), {"q": "sciatica"}).content.decode()

    assert page.count('role="search"') == 1
    assert page.count('name="q"') == 1


def test_language_switcher_keeps_the_query(client):
    page = client.get(url_in("en", "articles:search"), {"q": "back pain"}).content.decode()

    assert f"?next={url_in('es', 'articles:search')}%3Fq%3Dback%2Bpain" in page


def test_a_site_wide_faq_edit_shows_in_the_search_page_at_once(client):
    search = url_in("en", "articles:search")
    assert "Zebra question" not in client.get(search, {"q": "zebra"}).content.decode()

    FAQ.objects.create(question_en="Zebra question?", answer_en="Zebra answer.", order=99)

    assert "Zebra question?" in client.get(search, {"q": "zebra"}).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text-search configurations")
def test_each_language_index_folds_accents():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'articles_publication_search_%%'"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT to_tsvector('backhealth_german', 'Rücken') = to_tsvector('backhealth_german', 'rucken')")
        [[same]] = cursor.fetchall()

    assert same is True
    for language, config in SEARCH_CONFIGS.items():
        assert f"'{config}'::regconfig" in indexes[f"articles_publication_search_{language}"]
