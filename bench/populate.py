"""Fill the benchmark's database: `python -m bench.populate COUNT [PART PARTS]` (DJANGO_SETTINGS_MODULE set).

Editors' services (`article_import` for the English text and each translation, then
`article_publish`) make a few articles a second here, far too slow for 10,000. So the generated
articles are written in bulk, a batch of articles in one transaction, into the rows those services
would make: the working copy is laid out by the importer's own `write_document`, each row saved
with one `bulk_create` per table, and the publications are made by the publishing service's own
`new_publications` and `save_publications` from the working copy read back as a publish reads it
(bodies, search texts and vectors included). The cache scopes get the rows each publish would
leave. articles/tests/test_bench_populate.py checks that both ways make the same rows.

The database is told not to wait for the disk at each commit: it is a benchmark's copy, so losing
it in a crash costs nothing, and the pages read the same rows either way. Batches commit in order,
so a build on one process resumes where an interrupted one stopped. COUNT 0 makes only the
topics, which bench/database.py does before starting several parts.
"""

import sys
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402 (after django.setup)
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import demo, services, textformat  # noqa: E402
from articles.models import SOURCE_LANGUAGE, Article, Section, TriggerRow, TriggerTable  # noqa: E402
from articles.publishing.document import WorkingCopy  # noqa: E402
from articles.publishing.services import (  # noqa: E402
    LISTINGS,
    article_link_scope,
    article_publish,
    article_scope,
    new_publications,
    save_publications,
)
from backhealth.models import CacheScope  # noqa: E402
from bench.corpus import TOPIC_COUNT, Corpus, GeneratedArticle  # noqa: E402
from faq.models import FAQ  # noqa: E402

BATCH = 100


def relaxed_durability() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA synchronous = OFF")
        elif connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")


def topics(corpus: Corpus) -> list:
    made = []
    for number in range(TOPIC_COUNT):
        names, descriptions = corpus.topic(number)
        # The same path as the demo's topics; it keeps a topic that is there already.
        made.append(demo._topic({"name": names, "description": descriptions}))
    return made


def populate(count: int, part: int = 0, parts: int = 1, *, log=print) -> None:
    corpus = Corpus()
    relaxed_durability()
    made = topics(corpus)
    # Made before the parts start (COUNT 0), so that two of them never both make it.
    CacheScope.objects.get_or_create(name=LISTINGS)
    started = time.monotonic()
    sizes = []
    # One process resumes where an interrupted build stopped: its batches commit in order, and
    # article number N is the same text whenever it is made.
    done_before = Article.objects.count() if parts == 1 else 0
    mine = range(part + done_before, count, parts)
    if done_before and count:
        log(f"  resuming after the {done_before} articles already there", flush=True)
    for first in range(0, len(mine), BATCH):
        generated = [corpus.article(number) for number in mine[first : first + BATCH]]
        sizes += [len(textformat.render(article.documents[SOURCE_LANGUAGE]).encode()) for article in generated]
        import_and_publish(generated, made)
        done = min(first + BATCH, len(mine))
        if done % 500 == 0 or done == len(mine):
            elapsed = time.monotonic() - started
            log(
                f"  [{part + 1}/{parts}] {done} of {len(mine)} more articles written and published"
                f" in {elapsed:.0f} s ({done / elapsed:.1f}/s)",
                flush=True,
            )
    if not sizes:
        return
    sizes.sort()
    log(
        f"  English text sizes: median {sizes[len(sizes) // 2] / 1000:.1f} kB, "
        f"smallest {sizes[0] / 1000:.1f} kB, largest {sizes[-1] / 1000:.1f} kB",
        flush=True,
    )


def through_services(generated: GeneratedArticle, topics: list) -> Article:
    """One generated article as an editor makes it: imported in each language, then published."""
    texts = iter(generated.texts.items())
    _english, text = next(texts)
    article = services.article_import(text=text, topics=tuple(topics[t] for t in generated.topics))
    for language, translation in texts:
        article = services.article_import(text=translation, language=language, article=article)
    article_publish(article=article)
    return article


def _working_copy(generated: GeneratedArticle) -> WorkingCopy:
    """The article's working copy after importing each of its texts (unsaved), as article_import
    and article_saved leave it."""
    copy = WorkingCopy(Article(), [], [])
    for language, document in generated.documents.items():
        services.write_document(copy, document, language, services.article_slug(document.title))
    article = copy.article
    fingerprint = services.copy_fingerprint(copy)
    article.translation_sources = {
        language: fingerprint for language in generated.documents if language != SOURCE_LANGUAGE
    }
    # One version per import, and publishing records the version it published.
    article.version = article.published_version = len(generated.documents)
    return copy


@transaction.atomic
def import_and_publish(generated: list[GeneratedArticle], topics: list) -> list[Article]:
    """Write the generated articles and publish them, in bulk: the rows `through_services` makes."""
    now = timezone.now()
    copies = [_working_copy(article) for article in generated]
    for copy in copies:
        copy.article.status, copy.article.publish_at = Article.Status.PUBLISHED, now
    Article.objects.bulk_create([copy.article for copy in copies])
    # Each part was made before its parent had an id: linking it again takes the id.
    for copy in copies:
        for part in copy.parts:
            part.section.article = copy.article
    Section.objects.bulk_create([part.section for copy in copies for part in copy.parts])
    tables = [part for copy in copies for part in copy.parts if part.table is not None]
    for part in tables:
        part.table.section = part.section
    TriggerTable.objects.bulk_create([part.table for part in tables])
    for part in tables:
        for row in part.rows:
            row.table = part.table
    TriggerRow.objects.bulk_create([row for part in tables for row in part.rows])
    for copy in copies:
        for faq in copy.faqs:
            faq.article = copy.article
    FAQ.objects.bulk_create([faq for copy in copies for faq in copy.faqs])
    Article.topics.through.objects.bulk_create(
        [
            Article.topics.through(article=copy.article, topic=topics[number])
            for copy, article in zip(copies, generated, strict=True)
            for number in article.topics
        ]
    )
    # Read back as a publish reads the working copy.
    articles = list(Article.objects.with_structure().filter(pk__in=[copy.article.pk for copy in copies]).order_by("pk"))
    publications = [
        publication
        for article in articles
        for publication in new_publications(article, live_from=now, first_published_at=now)
    ]
    save_publications(publications, {article.pk: list(article.topics.all()) for article in articles}, at=now)
    _raise_scopes(articles, now)
    return articles


def _raise_scopes(articles: list[Article], now) -> None:
    """The cache scope rows a publish of each of these never-published articles leaves: its own
    scope and its links' scope at number 1, and the listings raised once per article."""
    moment = int(now.timestamp())
    names = [name for article in articles for name in (article_scope(article.pk), article_link_scope(article.pk))]
    CacheScope.objects.bulk_create([CacheScope(name=name, number=1, changed_at=moment) for name in names])
    # Last, so that the row every process raises is held only until the commit that follows.
    raised = F("number") + len(articles)
    if not CacheScope.objects.filter(name=LISTINGS).update(number=raised, changed_at=moment, next_change_at=None):
        CacheScope.objects.create(name=LISTINGS, number=len(articles), changed_at=moment)


if __name__ == "__main__":
    populate(*map(int, sys.argv[1:4]))
