import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles import services
from articles.models import Article, TriggerRow
from articles.search import MAX_WORDS, TEXT_SEARCH_CONFIGS, full_text_vector, query_words, search_articles
from faq.models import FAQ

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def slugs(results, language="en"):
    return [result.article.slug_in(language) for result in results]


def saved(article):
    return services.article_saved(article=article)


@pytest.mark.django_db
class TestRanking:
    def test_article_about_the_word_comes_before_one_that_mentions_it(self, demo):
        sciatica = Article.objects.get(slug_en__startswith="sciatica")
        herniated_disc = Article.objects.get(slug_en__startswith="herniated-disc")

        results = search_articles("sciatica", "en")

        assert [result.article for result in results] == [sciatica, herniated_disc]

    def test_every_word_must_match(self, demo):
        results = search_articles("sciatica spasms", "en")

        assert all("sciatica" in result.article.search_text_en.lower() for result in results)
        assert "what-causes-back-spasms-find-relief" not in slugs(results)

    def test_a_result_carries_the_article_and_a_marked_snippet(self, article):
        [result] = search_articles("spasms", "en")

        assert result.article == article
        assert "<mark>" in result.snippet
        assert "spasms" in result.snippet.lower()


@pytest.mark.django_db
class TestLanguages:
    def test_spanish_word_finds_the_spanish_article(self, article):
        assert slugs(search_articles("espasmos", "es"), "es") == [article.slug_es]

    def test_spanish_word_finds_nothing_in_english(self, article):
        assert search_articles("espasmos", "en") == []

    def test_arabic_word_finds_the_arabic_article(self, article):
        assert [result.article for result in search_articles("الظهر", "ar")] == [article]

    def test_incomplete_translation_is_not_found_in_that_language(self, article):
        row = TriggerRow.objects.filter(table__section__article=article).first()
        row.trigger_es = ""
        row.save()
        saved(article)

        assert search_articles("espasmos", "es") == []

    def test_unknown_language_is_refused(self, article):
        with pytest.raises(ValueError, match="xx"):
            search_articles("spasms", "xx")


@pytest.mark.django_db
class TestOnlyPublished:
    def test_draft_is_never_found(self, draft_article):
        assert search_articles("sciatica", "en") == []

    def test_scheduled_article_is_not_found_before_its_time(self, article):
        article.publish_at = timezone.now() + datetime.timedelta(days=1)
        article.save()

        assert search_articles("spasms", "en") == []

    def test_unpublished_article_is_not_found(self, article):
        services.article_unpublish(article=article)

        assert search_articles("spasms", "en") == []


@pytest.mark.django_db
class TestWhatIsSearched:
    def test_table_row_is_searchable(self, article):
        row = TriggerRow.objects.filter(table__section__article=article).first()
        row.description_en = "Carrying a heavy rucksack on one shoulder"
        row.save()
        saved(article)

        assert [result.article for result in search_articles("rucksack", "en")] == [article]

    def test_faq_answer_is_searchable(self, article):
        faq = FAQ.objects.filter(article=article).first()
        faq.answer_fr = "Un matelas trop mou aggrave souvent les spasmes."
        faq.save()
        saved(article)

        assert [result.article for result in search_articles("matelas", "fr")] == [article]

    def test_summary_is_searchable(self, article):
        article.summary_de = "Warum sich der Rücken verkrampft und was beim Bergwandern hilft."
        article.save()
        saved(article)

        assert [result.article for result in search_articles("Bergwandern", "de")] == [article]


@pytest.mark.django_db
class TestSnippet:
    def test_markup_in_the_text_is_escaped(self, article):
        article.intro_en = 'Cramps & spasms: <script>alert("x")</script> <b>explained</b>.'
        article.save()
        saved(article)

        [result] = search_articles("cramps", "en")

        assert "<script" not in result.snippet
        assert "<b>" not in result.snippet
        assert "&amp; spasms" in result.snippet
        assert "<mark>Cramps</mark>" in result.snippet

    def test_snippet_of_a_long_text_is_short(self, demo):
        result = search_articles("sciatica", "en")[0]

        assert len(result.article.search_text_en) > 2_000
        assert len(result.snippet) < 400


@pytest.mark.django_db
class TestBadQueries:
    def test_empty_query_finds_nothing(self, article):
        assert search_articles("", "en") == []

    def test_punctuation_only_query_finds_nothing(self, article):
        assert search_articles("?!… -- ¿¡ ,.;:", "en") == []

    def test_ten_thousand_character_query_answers_in_at_most_two_queries(self, article, django_assert_max_num_queries):
        query = ("back spasms " * 1_000)[:10_000]

        with django_assert_max_num_queries(2):
            results = search_articles(query, "en")

        assert [result.article for result in results] == [article]

    def test_long_query_is_cut_to_its_first_words(self):
        words = query_words("back " * 5_000)

        assert words == ["back"] * MAX_WORDS

    def test_one_enormous_word_is_cut(self, article):
        assert search_articles("x" * 10_000, "en") == []

    def test_nul_character_in_a_query_is_ignored(self, article):
        assert slugs(search_articles("spasms\x00", "en")) == [article.slug_en]

    def test_query_with_sql_and_tsquery_syntax_is_plain_text(self, article):
        assert slugs(search_articles("spasms' & !(| <-> :*", "en")) == [article.slug_en]


@on_postgresql
@pytest.mark.django_db
class TestPostgreSQL:
    def test_stemming_finds_other_forms_of_the_word(self, article):
        assert [result.article for result in search_articles("espasmo", "es")] == [article]

    def test_search_expression_can_use_the_language_index(self, article):
        matching = Article.objects.alias(vector=full_text_vector("es")).filter(
            vector=SearchQuery("espasmos", config="spanish")
        )
        with connection.cursor() as cursor:
            # A table this small is cheaper to scan; forbid that to see whether the index fits.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = matching.explain()

        assert "articles_article_search_es" in plan

    def test_each_language_has_its_own_index(self):
        with connection.cursor() as cursor:
            indexes = connection.introspection.get_constraints(cursor, "articles_article")

        assert {f"articles_article_search_{language}" for language in TEXT_SEARCH_CONFIGS} <= set(indexes)


def search_indexes() -> set[str]:
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "articles_article"))
    return {name for name in names if name.startswith("articles_article_search_")}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_search_index_migration_is_reversible():
    executor = MigrationExecutor(connection)
    every_leaf = executor.loader.graph.leaf_nodes()
    executor.migrate([("articles", "0001_initial")])
    assert search_indexes() == set()

    executor = MigrationExecutor(connection)
    executor.migrate(every_leaf)
    assert search_indexes() == {f"articles_article_search_{language}" for language in TEXT_SEARCH_CONFIGS}
