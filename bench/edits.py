"""BENCH_EDITS: an editor publishing one article a second: `python -m bench.edits ID ID …`.

It publishes the given articles in turn through `article_publish`, as the publish button does,
until stopped (SIGTERM), then prints how many it published.
"""

import signal
import sys
import time

import django

django.setup()

from articles.models import Article  # noqa: E402 (after django.setup)
from articles.publishing.services import article_publish  # noqa: E402

INTERVAL = 1.0


def main(ids: list[int]) -> None:
    if not ids:
        sys.exit("give the ids of the articles to publish")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    published = 0
    slowest = 0.0
    next_at = time.monotonic()
    while not stopping:
        started = time.monotonic()
        article_publish(article=Article.objects.get(pk=ids[published % len(ids)]))
        slowest = max(slowest, time.monotonic() - started)
        published += 1
        next_at += INTERVAL
        time.sleep(max(0.0, next_at - time.monotonic()))
    print(f"published {published} articles, one a second (slowest publish {slowest * 1000:.0f} ms)", flush=True)


if __name__ == "__main__":
    main([int(value) for value in sys.argv[1:]])
