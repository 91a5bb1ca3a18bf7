import datetime
import time

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from articles import services
from articles.models import Article, TriggerRow
from articles.publishing.models import Publication
from articles.publishing.services import article_publish, article_unpublish
from articles.publishing.vectors import TEXT_SEARCH_CONFIGS
from articles.search import MAX_WORDS, fold, full_text_vector, query_words, search_articles
from articles.tests.factories import crowd_of_unmatched_spanish, make_article, publish_now
from faq.models import FAQ

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
without_postgresql = pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL searches its own index")


def slugs(results):
    return [result.publication.slug for result in results]


def found(results):
    return [result.publication.article_id for result in results]


def saved(article):
    """Save the working copy: nothing readers search changes until it is published."""
    return services.article_saved(article=article)


@pytest.mark.django_db
class TestRanking:
    def test_article_about_the_word_comes_before_one_that_mentions_it(self, demo):
        sciatica = Article.objects.get(slug_en__startswith="sciatica")
        herniated_disc = Article.objects.get(slug_en__startswith="herniated-disc")

        results = search_articles("sciatica", "en")

        assert found(results) == [sciatica.pk, herniated_disc.pk]

    def test_every_word_must_match(self, demo):
        results = search_articles("sciatica spasms", "en")

        assert "what-causes-back-spasms-find-relief" in slugs(search_articles("spasms", "en"))
        assert all("sciatica" in result.publication.search_text.lower() for result in results)
        assert "what-causes-back-spasms-find-relief" not in slugs(results)

    def test_a_result_carries_the_article_and_a_marked_snippet(self, article):
        [result] = search_articles("spasms", "en")

        assert result.publication.article_id == article.pk
        assert result.publication.language == "en"
        assert "<mark>" in result.snippet
        assert "spasms" in result.snippet.lower()


@pytest.mark.django_db
class TestLanguages:
    def test_spanish_word_finds_the_spanish_article(self, article):
        assert slugs(search_articles("espasmos", "es")) == [article.slug_es]

    def test_spanish_word_finds_nothing_in_english(self, article):
        assert search_articles("espasmos", "en") == []

    def test_arabic_word_finds_the_arabic_article(self, article):
        assert found(search_articles("الظهر", "ar")) == [article.pk]

    def test_incomplete_translation_is_not_found_in_that_language(self, article):
        row = TriggerRow.objects.filter(table__section__article=article).first()
        row.trigger_es = ""
        row.save()
        saved(article)
        assert found(search_articles("espasmos", "es")) == [article.pk]
        publish_now(article)

        assert search_articles("espasmos", "es") == []

    def test_unknown_language_is_refused(self, article):
        with pytest.raises(ValueError, match="xx"):
            search_articles("spasms", "xx")


@pytest.mark.django_db
class TestOnlyPublished:
    def test_draft_is_never_found(self, draft_article):
        assert search_articles("sciatica", "en") == []

    def test_scheduled_article_is_not_found_before_its_time(self, draft_article, monkeypatch):
        go_live = timezone.now() + datetime.timedelta(days=1)
        article_publish(article=draft_article, at=go_live, skip_review=True)

        assert search_articles("sciatica", "en") == []
        later = go_live + datetime.timedelta(seconds=1)
        monkeypatch.setattr(timezone, "now", lambda: later)
        monkeypatch.setattr(time, "time", lambda: later.timestamp())
        assert found(search_articles("sciatica", "en")) == [draft_article.pk]

    def test_unpublished_article_is_not_found(self, article):
        article_unpublish(article=article)

        assert search_articles("spasms", "en") == []


@pytest.mark.django_db
class TestWhatIsSearched:
    def test_table_row_is_searchable(self, article):
        row = TriggerRow.objects.filter(table__section__article=article).first()
        row.description_en = "Carrying a heavy rucksack on one shoulder"
        row.save()
        saved(article)
        assert search_articles("rucksack", "en") == []
        publish_now(article)

        assert found(search_articles("rucksack", "en")) == [article.pk]

    def test_faq_answer_is_searchable(self, article):
        faq = FAQ.objects.filter(article=article).first()
        faq.answer_fr = "Un matelas trop mou aggrave souvent les spasmes."
        faq.save()
        publish_now(saved(article))

        assert found(search_articles("matelas", "fr")) == [article.pk]

    def test_summary_is_searchable(self, article):
        article.summary_de = "Warum sich der Rücken verkrampft und was beim Bergwandern hilft."
        article.save()
        publish_now(saved(article))

        assert found(search_articles("Bergwandern", "de")) == [article.pk]


@pytest.mark.django_db
class TestFoldedText:
    def test_each_publication_keeps_its_search_text_folded(self, article):
        publications = Publication.objects.filter(article=article)

        assert {publication.language for publication in publications} == set(TEXT_SEARCH_CONFIGS)
        for publication in publications:
            assert publication.search_folded == fold(publication.search_text)
        assert "rucken" in publications.get(language="de").search_folded

    @without_postgresql
    def test_search_reads_the_text_folded_at_publishing(self, article):
        # Folded once when published: a search matches the stored folded text in SQL and never
        # folds every publication's text again.
        english = Publication.objects.filter(article=article, language="en")
        english.update(search_folded=english.get().search_folded + "\nzebra")

        assert found(search_articles("Zebra", "en")) == [article.pk]


class TestStoredVector:
    @on_postgresql
    def test_each_publication_keeps_its_weighted_vector(self, article):
        for publication in Publication.objects.filter(article=article):
            assert publication.search_vector, publication.language
        spanish = Publication.objects.get(article=article, language="es", live_until__isnull=True)
        # The title's words weigh most (A), in the Spanish stemmer's forms.
        assert "'espasm':" in spanish.search_vector and "A" in spanish.search_vector.split("'espasm':")[1][:12]

    @on_postgresql
    def test_the_rank_reads_the_stored_vector(self, article):
        # Ranking with the stored vector, not one made per result at query time: a publication
        # whose stored vector says "zebra" in its title comes first for "zebra".
        other = make_article("Zebra crossings and the back")
        english = Publication.objects.filter(article=article, language="en")
        english.update(search_vector=SearchVector(Value("zebra zebra"), config="backhealth_english", weight="A"))
        assert found(search_articles("zebra", "en"))[0] == other.pk  # only other's text says zebra
        english.update(search_text=Concat(F("search_text"), Value("\nzebra")))
        assert found(search_articles("zebra", "en")) == [article.pk, other.pk]

    @without_postgresql
    def test_elsewhere_no_vector_is_stored(self, article):
        assert not Publication.objects.filter(article=article, search_vector__isnull=False).exists()


@pytest.mark.django_db
class TestSnippet:
    def test_markup_in_the_text_is_escaped(self, article):
        article.intro_en = 'Cramps & spasms: <script>alert("x")</script> <b>explained</b>.'
        article.save()
        publish_now(saved(article))

        [result] = search_articles("cramps", "en")

        assert "<script" not in result.snippet
        assert "<b>" not in result.snippet
        assert "&amp; spasms" in result.snippet
        assert "<mark>Cramps</mark>" in result.snippet

    def test_snippet_of_a_long_text_is_short(self, demo):
        result = search_articles("sciatica", "en")[0]

        assert len(result.publication.search_text) > 2_000
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

        assert found(results) == [article.pk]

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
        assert found(search_articles("espasmo", "es")) == [article.pk]

    def test_search_expression_can_use_the_language_index(self, article):
        crowd_of_unmatched_spanish(article)
        matching = (
            Publication.objects.live()
            .in_language("es")
            .alias(vector=full_text_vector("es"))
            .filter(vector=SearchQuery("espasmos", config="spanish"))
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_publication")
            # Forbid a scan of the whole table, to see whether the index fits the expression.
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = matching.explain()

        assert "articles_publication_search_es" in plan

    def test_each_language_has_its_own_index(self):
        assert search_indexes() == {f"articles_publication_search_{language}" for language in TEXT_SEARCH_CONFIGS}


def search_indexes() -> set[str]:
    """The full-text indexes on the publications and on the articles (where they were before)."""
    names = set()
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in ("articles_article", "articles_publication"):
            if table in tables:
                names |= set(connection.introspection.get_constraints(cursor, table))
    return {name for name in names if name.startswith(("articles_article_search_", "articles_publication_search_"))}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_search_index_migration_is_reversible():
    executor = MigrationExecutor(connection)
    every_leaf = executor.loader.graph.leaf_nodes()
    executor.migrate([("articles", "0001_initial")])
    assert search_indexes() == set()

    executor = MigrationExecutor(connection)
    executor.migrate(every_leaf)
    assert search_indexes() == {f"articles_publication_search_{language}" for language in TEXT_SEARCH_CONFIGS}
