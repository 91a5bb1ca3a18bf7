"""The article page's plain-SQL reads give what the ORM's `live()` gives, at any moment."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone, translation

from articles import services
from articles.models import Topic
from articles.publishing import reads
from articles.publishing.models import Publication
from articles.publishing.services import article_publish, article_unpublish
from articles.tests.factories import article_text, make_article, publish_now

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(hours=1)


@pytest.fixture
def topics():
    return [
        Topic.objects.create(name_en=name, slug_en=name.lower(), name_es=spanish, slug_es=spanish.lower())
        for name, spanish in (("Nerves", "Nervios"), ("Back", "Espalda"))
    ]


@pytest.fixture
def articles(topics):
    """Live, live with a newer version scheduled, closed (unpublished) and never published."""
    made = {}
    for name in ("live", "scheduled", "closed", "draft"):
        article = make_article(f"Article {name}", languages=("es",), publish=name != "draft")
        article.topics.set(topics if name != "closed" else topics[:1])
        made[name] = publish_now(article) if name != "draft" else article
    changed = services.article_import(text=article_text("Article scheduled, new"), article=made["scheduled"])
    article_publish(article=changed, at=timezone.now() + SOON, skip_review=True)
    article_unpublish(article=made["closed"])
    return made


def moments():
    now = timezone.now()
    return [now, now + 2 * SOON, now - datetime.timedelta(days=1)]


def orm_with_slug(slug, at):
    return sorted(
        Publication.objects.live(at).filter(slug=slug).values_list("article_id", "language", "served_language")
    )


def test_live_with_slug_is_the_orms_answer(articles):
    slugs = set(Publication.objects.values_list("slug", flat=True)) | {"no-such-article"}
    for at in moments():
        for slug in slugs:
            assert sorted(reads.live_with_slug(slug, at)) == orm_with_slug(slug, at), (slug, at)


def test_live_publication_is_the_orms_answer_with_its_topics(articles):
    for at in moments():
        for article in articles.values():
            for language in ("en", "es", "fr"):
                expected = Publication.objects.live(at).filter(article=article, language=language).first()
                found = reads.live_publication(article.pk, language, at)
                assert (found and found.pk) == (expected and expected.pk), (article, language, at)
                if found:
                    assert found.document == expected.document and found.body_html == expected.body_html
                    with translation.override(language):
                        # The ORM orders by the name in the language only; ties go by id here.
                        assert found.topic_list == list(expected.topics.order_by(f"name_{language}", "id"))


def test_topics_come_in_the_order_of_the_readers_language(articles, topics):
    found = reads.live_publication(articles["live"].pk, "es")
    assert [topic.name_es for topic in found.topic_list] == ["Espalda", "Nervios"]
    found = reads.live_publication(articles["live"].pk, "en")
    assert [topic.name_en for topic in found.topic_list] == ["Back", "Nerves"]


def test_live_related_is_the_orms_answer(articles, topics):
    for at in moments():
        for article in articles.values():
            for chosen in (topics, topics[:1], []):
                expected = list(
                    Publication.objects.live(at)
                    .filter(language="es", topics__in=chosen)
                    .exclude(article=article)
                    .newest_first()
                    .distinct()[:4]
                    .values_list("pk", flat=True)
                )
                found = reads.live_related("es", [topic.pk for topic in chosen], article.pk, 4, at)
                assert [publication.pk for publication in found] == expected


def test_a_column_is_named_only_after_a_site_language(articles):
    with pytest.raises(ValueError, match="not a site language"):
        reads.live_publication(articles["live"].pk, "en; DROP TABLE articles_topic")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL chooses by its statistics")
def test_a_listings_count_reads_only_an_index(articles):
    counted = Publication.objects.live().in_language("en").order_by()
    sql, params = counted.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM ({sql})", params)  # noqa: S608 (the ORM's own SQL)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX publication_live_idx" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's INCLUDE; SQLite's index holds the id")
def test_a_topic_s_count_can_join_on_the_listings_index_alone(db):
    # A topic's count joins the publications on their id: with the id in the index, PostgreSQL
    # counts 10,000 publications of a language from the index (3.8 ms against 19 ms reading rows).
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'publication_live_idx'")
        (definition,) = cursor.fetchone()
    assert definition.endswith("(language, live_until, live_from) INCLUDE (id)")
