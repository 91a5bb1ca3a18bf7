"""`make bench` writes its generated articles in bulk (bench/populate.py): the rows must be the ones
the editors' services make, or the benchmark would measure another site."""

import pytest
from django.db import connection, transaction
from django.test import override_settings

from articles import textformat
from articles.models import Article, Section, Topic, TriggerRow, TriggerTable
from articles.publishing.models import ChangeEvent, Publication
from backhealth.models import CacheScope
from bench import populate
from bench.corpus import Corpus
from faq.models import FAQ

# Varied enough to hold tables, several FAQs and languages served in English.
NUMBERS = range(8)
# Moments differ between two builds by nature; everything else must not.
MOMENTS = {"created", "updated", "publish_at", "first_published_at", "live_from", "at", "changed_at"}
MODELS = (Article, Section, TriggerTable, TriggerRow, FAQ, Publication, ChangeEvent)


def _ranks() -> dict:
    """Each row's place in its table: ids differ between two builds, the order of the rows does not."""
    return {
        model: {pk: rank for rank, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}
        for model in MODELS
    }


def _rows() -> dict:
    ranks = _ranks()
    articles, faqs = ranks[Article], ranks[FAQ]
    rows = {}
    for model in MODELS:
        found = []
        for row in model.objects.order_by("pk").values():
            row = {name: value for name, value in row.items() if name not in MOMENTS}
            row["id"] = ranks[model][row["id"]]
            for field in model._meta.concrete_fields:
                target = field.related_model
                if target in ranks and row[field.attname] is not None:
                    row[field.attname] = ranks[target][row[field.attname]]
            if model is ChangeEvent:
                row["article_id"] = articles[row["article_id"]]
            if model is Publication:
                for faq in row["document"]["faqs"]:
                    faq["id"] = faqs[faq["id"]]
            found.append(row)
        rows[model.__name__] = found
    rows["article topics"] = sorted(
        (articles[link.article_id], link.topic_id) for link in Article.topics.through.objects.all()
    )
    publications = ranks[Publication]
    rows["publication topics"] = sorted(
        (publications[link.publication_id], link.topic_id) for link in Publication.topics.through.objects.all()
    )
    rows["cache scopes"] = sorted(
        (_scope_name(scope.name, articles), scope.number, scope.next_change_at) for scope in CacheScope.objects.all()
    )
    return rows


def _scope_name(name: str, articles: dict) -> str:
    kind, _colon, number = name.partition(":")
    return f"{kind}:#{articles[int(number)]}" if number.isdigit() else name


def _built(build) -> dict:
    """The rows `build` makes, rolled back afterwards."""
    with transaction.atomic():
        build()
        rows = _rows()
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def generated():
    corpus = Corpus()
    return corpus, [corpus.article(number) for number in NUMBERS]


@pytest.fixture
def topics(generated):
    corpus, _articles = generated
    return populate.topics(corpus)


@pytest.mark.django_db
@override_settings(REVIEW_REQUIRED=False)
def test_the_bulk_build_makes_the_rows_the_services_make(generated, topics):
    _corpus, articles = generated
    assert any(len(article.documents) < 5 for article in articles)  # some languages are served in English

    through_services = _built(lambda: [populate.through_services(article, topics) for article in articles])
    in_bulk = _built(lambda: populate.import_and_publish(articles, topics))

    assert len(through_services["Publication"]) == 5 * len(NUMBERS)
    # PostgreSQL stores each publication's search vector; elsewhere there is none to compare.
    assert all(row["search_vector"] for row in through_services["Publication"]) == (connection.vendor == "postgresql")
    for table, rows in through_services.items():
        assert in_bulk[table] == rows, table


@pytest.mark.django_db
@override_settings(REVIEW_REQUIRED=False)
def test_a_bulk_built_article_is_served(client, generated, topics):
    _corpus, articles = generated
    [article] = populate.import_and_publish(articles[:1], topics)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert article.title_en in response.text
    assert Topic.objects.filter(articles=article).exists()


def test_a_generated_text_imports_as_the_document_it_was_made_from(generated):
    # The bulk build writes the documents without parsing their texts, as the importer would.
    corpus, _articles = generated
    for number in range(200):
        for language, document in corpus.article(number).documents.items():
            assert textformat.parse(textformat.render(document)) == document, (number, language)
