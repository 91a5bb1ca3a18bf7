"""The data migration: what was public before publications existed stays public."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.publishing.models import Publication

BEFORE = [("articles", "0002_article_search_indexes"), ("backhealth", "0003_content_changes"), ("faq", "0001_initial")]


@pytest.fixture
def back_to_the_latest_schema():
    """Later tests on this database need every migration, the ones after BEFORE included."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_published_articles_get_publications_and_drafts_none():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    article = old.get_model("articles", "Article")
    went_live = timezone.now() - datetime.timedelta(days=30)
    later = timezone.now() + datetime.timedelta(days=3)
    common = {"intro_en": "An intro.", "conclusion_en": "A conclusion."}
    live = article.objects.create(title_en="Live", slug_en="live", status="published", publish_at=went_live, **common)
    scheduled = article.objects.create(title_en="Soon", slug_en="soon", status="published", publish_at=later, **common)
    draft = article.objects.create(title_en="Draft", slug_en="draft", status="draft", **common)
    for parent in (live, scheduled, draft):
        section = old.get_model("articles", "Section").objects.create(
            article=parent, heading_en="A heading", body_en="A paragraph."
        )
        old.get_model("faq", "FAQ").objects.create(article=parent, question_en="Why?", answer_en="Because.")
        assert section.pk

    # `migrate` to the end: once the schema is whole, what was published gets its publications.
    call_command("migrate", verbosity=0)
    now = timezone.now()
    live_ones = Publication.objects.filter(live_from__lte=now, live_until__isnull=True)
    assert sorted(live_ones.filter(article_id=live.pk).values_list("language", flat=True)) == [
        "ar",
        "de",
        "en",
        "es",
        "fr",
    ]
    english = live_ones.get(article_id=live.pk, language="en")
    assert (english.title, english.first_published_at) == ("Live", went_live)
    assert Publication.objects.filter(article_id=scheduled.pk, live_from=later).count() == 5
    assert not Publication.objects.filter(article_id=draft.pk).exists()


FOLDED_SEARCH_TEXT = ("articles", "0009_publication_search_folded")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_existing_publications_get_their_search_text_folded():
    executor = MigrationExecutor(connection)
    before = sorted(executor.loader.graph.node_map[FOLDED_SEARCH_TEXT].parents)
    executor.migrate([node.key for node in before])
    old = executor.loader.project_state([node.key for node in before]).apps
    article = old.get_model("articles", "Article").objects.create(
        title_en="Rücken", slug_en="rucken", intro_en="An intro.", conclusion_en="A conclusion."
    )
    now = timezone.now()
    old.get_model("articles", "Publication").objects.create(
        article=article,
        language="de",
        served_language="de",
        slug="rucken",
        title="Rücken",
        description="Schmerzen im Rücken.",
        document={},
        search_text="Rücken\nSCHMERZEN IM RÜCKEN UND IN DER STRAẞE.",
        first_published_at=now,
        live_from=now,
        source_version=1,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([FOLDED_SEARCH_TEXT])
    new = executor.loader.project_state([FOLDED_SEARCH_TEXT]).apps
    publication = new.get_model("articles", "Publication").objects.get(article_id=article.pk)

    assert publication.search_folded == "rucken\nschmerzen im rucken und in der strasse."
