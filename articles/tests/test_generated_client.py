"""A client generated from the live OpenAPI schema by openapi-python-client type-checks under
mypy --strict and reads the demo content from a live server: the schema is the contract a
consumer's client is built from, so it must describe what the API answers, type for type."""

import importlib
import json
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from articles.models import Article

pytest.importorskip(
    "openapi_python_client", reason="openapi-python-client is not installed (pip install -r requirements-dev.txt)"
)

SCHEMA_URL = "/api/v1/schema/?format=json"
PACKAGE = "backhealth_client"
BIN = Path(sys.executable).parent

# The generator's default post-generation hooks run `ruff check --fix` with ruff's own rule set,
# whose PYI036 fix rewrites `__exit__(self, *args: Any)` in client.py to `*args: object`, which no
# longer type-checks against httpx. Formatting proves nothing about the schema, so none is run.
GENERATOR_CONFIG = "post_hooks: []\n"

# What a consumer writes: mypy checks these types with the package, so a field typed wrongly in
# the schema (an `id` as a string, a block as a bare object) fails even where Python would not mind.
CONSUMER = f"""
import datetime
from http import HTTPStatus
from typing import assert_type

from {PACKAGE} import Client
from {PACKAGE}.api.articles import articles_list, articles_retrieve
from {PACKAGE}.api.changes import changes_list
from {PACKAGE}.api.topics import topics_list
from {PACKAGE}.models import (
    ArticleDetail,
    ChangesPage,
    Error,
    LanguageEnum,
    ListBlock,
    PaginatedArticleSummaryList,
    PaginatedTopicList,
    ParagraphBlock,
    TableBlock,
)


def read_everything(client: Client) -> None:
    articles = articles_list.sync(client=client, lang="es")
    assert isinstance(articles, PaginatedArticleSummaryList)
    assert_type(articles.results[0].id, int)
    assert_type(articles.count, int)

    detail = articles_retrieve.sync(articles.results[0].id, client=client, lang="es")
    assert isinstance(detail, ArticleDetail)
    assert_type(detail.id, int)
    assert_type(detail.is_fallback, bool)
    assert_type(detail.review_overdue, bool)
    assert_type(detail.language, LanguageEnum)
    assert_type(detail.published, datetime.datetime)
    assert_type(detail.next_review_due, datetime.date | None)
    assert_type(detail.sections[0].blocks[0], ListBlock | ParagraphBlock | TableBlock)

    topics = topics_list.sync(client=client)
    assert isinstance(topics, PaginatedTopicList)
    assert_type(topics.results[0].article_count, int)

    changes = changes_list.sync(client=client)
    assert isinstance(changes, ChangesPage)
    assert_type(changes.results[0].id, int)
    assert_type(changes.next_, str | None)

    missing = articles_retrieve.sync_detailed(0, client=client)
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert isinstance(missing.parsed, Error)
    assert_type(missing.parsed.detail, str)
"""


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_setup, django_db_blocker) -> Path:
    """The client generated from the schema the API serves, once per module: its parent directory."""
    directory = tmp_path_factory.mktemp("generated_client")
    with django_db_blocker.unblock():
        schema = APIClient().get(SCHEMA_URL).json()
    (directory / "schema.json").write_text(json.dumps(schema), encoding="utf-8")
    (directory / "generator.yaml").write_text(GENERATOR_CONFIG, encoding="utf-8")
    generation = run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path=schema.json",
            f"--output-path={PACKAGE}",
            "--meta=none",
            "--config=generator.yaml",
            "--fail-on-warning",
        ],
        cwd=directory,
    )
    assert generation.returncode == 0, f"the generator refused the schema:\n{generation.stdout}{generation.stderr}"
    return directory


@pytest.fixture(scope="module")
def client_package(generated):
    """The generated package, importable for the module's tests and forgotten afterwards."""
    sys.path.insert(0, str(generated))
    yield importlib.import_module(PACKAGE)
    sys.path.remove(str(generated))
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.fixture
def api(client_package, transactional_db, demo, live_server):
    with client_package.Client(base_url=live_server.url, raise_on_unexpected_status=True) as client:
        yield client


def generated_module(name: str):
    return importlib.import_module(f"{PACKAGE}.{name}")


def test_generated_client_and_its_use_pass_mypy_strict(generated):
    (generated / "consumer.py").write_text(CONSUMER, encoding="utf-8")

    check = run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", PACKAGE, "consumer.py"],
        cwd=generated,
    )

    assert check.returncode == 0, f"mypy found type errors in the generated client:\n{check.stdout}{check.stderr}"


def test_article_list_parses_into_typed_summaries(api):
    models = generated_module("models")
    articles_list = generated_module("api.articles.articles_list")

    page = articles_list.sync(client=api)

    assert isinstance(page, models.PaginatedArticleSummaryList)
    assert page.count == Article.objects.count() == len(page.results)
    assert all(isinstance(article.id, int) for article in page.results)
    assert all(article.additional_properties == {} for article in page.results)
    assert {article.language for article in page.results} == {models.LanguageEnum.EN}


def test_article_detail_in_spanish_parses_sections_into_blocks(api):
    models = generated_module("models")
    articles_retrieve = generated_module("api.articles.articles_retrieve")
    sciatica = Article.objects.get(slug_en__startswith="sciatica")

    detail = articles_retrieve.sync(sciatica.pk, client=api, lang="es")

    assert isinstance(detail, models.ArticleDetail)
    assert detail.id == sciatica.pk
    assert detail.title == sciatica.title_es
    assert detail.language == models.LanguageEnum.ES
    assert detail.is_fallback is False
    assert isinstance(detail.review_overdue, bool)
    assert detail.sections
    assert all(isinstance(section, models.Section) for section in detail.sections)
    assert all(section.aspect is None or isinstance(section.aspect, models.AspectEnum) for section in detail.sections)
    blocks = [block for section in detail.sections for block in section.blocks]
    assert all(isinstance(block, models.ParagraphBlock | models.ListBlock | models.TableBlock) for block in blocks)
    assert all(block.type_.value == type(block).__name__.removesuffix("Block").lower() for block in blocks)
    assert detail.additional_properties == {}


def test_article_not_complete_in_french_is_a_typed_fallback(api):
    models = generated_module("models")
    articles_retrieve = generated_module("api.articles.articles_retrieve")
    posture = Article.objects.get(slug_en__startswith="good-posture")

    detail = articles_retrieve.sync(posture.pk, client=api, lang="fr")

    assert isinstance(detail, models.ArticleDetail)
    assert detail.is_fallback is True
    assert detail.language == models.LanguageEnum.EN
    assert detail.requested_language == models.LanguageEnum.FR


def test_topic_list_parses_into_typed_topics(api):
    models = generated_module("models")
    topics_list = generated_module("api.topics.topics_list")

    page = topics_list.sync(client=api, lang="es")

    assert isinstance(page, models.PaginatedTopicList)
    assert page.results
    assert all(isinstance(topic, models.Topic) and isinstance(topic.article_count, int) for topic in page.results)
    assert {topic.language for topic in page.results} == {models.LanguageEnum.ES}
    assert all(topic.additional_properties == {} for topic in page.results)


def test_change_feed_parses_into_typed_events(api):
    models = generated_module("models")
    changes_list = generated_module("api.changes.changes_list")

    page = changes_list.sync(client=api)

    assert isinstance(page, models.ChangesPage)
    assert page.results
    assert all(isinstance(event, models.ChangeEvent) for event in page.results)
    assert all(isinstance(event.event, models.EventEnum) for event in page.results)
    assert {event.id for event in page.results} <= set(Article.objects.values_list("pk", flat=True))
    assert page.next_ is None or isinstance(page.next_, str)


def test_unknown_article_is_the_clients_documented_404(api):
    models = generated_module("models")
    articles_retrieve = generated_module("api.articles.articles_retrieve")
    unknown = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

    response = articles_retrieve.sync_detailed(unknown, client=api)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert isinstance(response.parsed, models.Error)
    assert response.parsed.detail
