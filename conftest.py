"""Fixtures shared by every app's tests: demo content through the importer, and the browser."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from articles import services
from articles.demo import demo_load
from articles.models import Article
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import article_publish
from backhealth import scope_watch
from backhealth.cache import forget_kept_numbers

CONTENT = Path(settings.BASE_DIR) / "content"
TRANSLATIONS = ("es", "fr", "de", "ar")
CHROMIUM = "/usr/bin/chromium"


def read_content(name: str) -> str:
    return (CONTENT / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """The test database, and no connection of this process's left on it when it is dropped."""
    yield
    scope_watch.stop()


@pytest.fixture(autouse=True)
def empty_answer_cache():
    """Each test starts with an empty cache: the content version starts again with every test's
    database, so an answer cached by an earlier test would otherwise be served as this test's
    (and the scope numbers a process keeps go with it)."""
    cache.clear()
    forget_kept_numbers()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's default language: a page an earlier test read in Spanish
    leaves Spanish active in this thread, and text made outside a request would follow it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def seed_text() -> str:
    return read_content("back-spasms.en.txt")


def import_seed() -> Article:
    """The seed article translated into every language from content/, then published."""
    article = services.article_import(text=read_content("back-spasms.en.txt"))
    for language in TRANSLATIONS:
        text = read_content(f"back-spasms.{language}.txt")
        article = services.article_import(text=text, language=language, article=article)
    article_publish(article=article, skip_review=True, reason="test data")
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def article(db):
    """The seed article, published, translated into every language from content/."""
    return import_seed()


@pytest.fixture
def draft_article(db):
    """The sciatica article in English only, never published."""
    return services.article_import(text=read_content("sciatica.en.txt"))


@pytest.fixture
def demo(db):
    """All demo content: four articles (posture has no French), topics and site-wide FAQs."""
    demo_load(log=lambda message: None)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo content loaded once per test module, for the many tests that only read it.

    Each test still runs in its own savepoint inside it, so a test that changes something leaves
    no trace; the whole load is rolled back at the module's end.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load(log=lambda message: None)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def seed_once(django_db_setup, django_db_blocker):
    """The seed article in every language, imported once per test module and rolled back at its end.

    It is dated long ago, so that the articles a test makes are the only recent ones.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        article = import_seed()
        long_ago = datetime.datetime(2001, 1, 1, tzinfo=datetime.UTC)
        Article.objects.filter(pk=article.pk).update(updated=long_ago, publish_at=long_ago)
        Publication.objects.filter(article=article).update(live_from=long_ago, first_published_at=long_ago)
        ChangeEvent.objects.filter(article_id=article.pk).update(at=long_ago)
        yield Article.objects.get(pk=article.pk)
        transaction.set_rollback(True)


@pytest.fixture(scope="session")
def browser():
    """The system Chromium through Playwright; missing, it skips, or fails when REQUIRE_BROWSER=1."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no browser at {CHROMIUM} (apt-get install -y chromium)")
        pytest.skip(f"no browser at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
