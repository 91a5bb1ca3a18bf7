"""Fill the benchmark's database: `python -m bench.populate COUNT [PART PARTS]` (DJANGO_SETTINGS_MODULE set).

Every article goes through the services editors use: `article_import` for the English text and
each translation, then `article_publish`. The database is told not to wait for the disk at each
commit: it is a benchmark's copy, so losing it in a crash costs nothing, and the pages read the
same rows either way. On one process, batches of articles share one transaction; as one of
several processes (PostgreSQL), each article is its own transaction, since every publish updates
the "listings" scope row and a long transaction would hold it from the other processes.
COUNT 0 makes only the topics, which bench/database.py does before starting several parts.
"""

import sys
import time

import django

django.setup()

from django.db import connection, transaction  # noqa: E402 (after django.setup)

from articles import demo, services  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.publishing.services import article_publish  # noqa: E402
from bench.corpus import TOPIC_COUNT, Corpus  # noqa: E402

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
    started = time.monotonic()
    sizes = []
    # One process resumes where an interrupted build stopped: its batches commit in order, and
    # article number N is the same text whenever it is made.
    done_before = Article.objects.count() if parts == 1 else 0
    mine = range(part + done_before, count, parts)
    if done_before and count:
        log(f"  resuming after the {done_before} articles already there", flush=True)
    batch = BATCH if parts == 1 else 1
    for first in range(0, len(mine), batch):
        with transaction.atomic():
            for number in mine[first : first + batch]:
                generated = corpus.article(number)
                texts = iter(generated.texts.items())
                _english, text = next(texts)
                sizes.append(len(text.encode()))
                article = services.article_import(text=text, topics=tuple(made[t] for t in generated.topics))
                for language, translation in texts:
                    article = services.article_import(text=translation, language=language, article=article)
                article_publish(article=article)
        done = min(first + batch, len(mine))
        if done % 500 == 0 or done == len(mine):
            elapsed = time.monotonic() - started
            log(
                f"  [{part + 1}/{parts}] {done} of {len(mine)} more articles imported and published"
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


if __name__ == "__main__":
    populate(*map(int, sys.argv[1:4]))
