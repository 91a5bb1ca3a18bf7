"""BENCH_EDITS: an editor publishing one article a second: `python -m bench.edits PAUSE_FILE ID ID …`.

It publishes the given articles in turn through `article_publish`, as the publish button does,
except while PAUSE_FILE exists, until stopped (SIGTERM); then it prints how many it published.
"""

import signal
import sys
import time
from pathlib import Path

import django

django.setup()

from articles.models import Article  # noqa: E402 (after django.setup)
from articles.publishing.services import article_publish  # noqa: E402

INTERVAL = 1.0


def main(pause: Path, ids: list[int]) -> None:
    if not ids:
        sys.exit("give the ids of the articles to publish")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    published = 0
    slowest = 0.0
    next_at = time.monotonic()
    while not stopping:
        started = time.monotonic()
        if not pause.exists():
            article_publish(article=Article.objects.get(pk=ids[published % len(ids)]))
            slowest = max(slowest, time.monotonic() - started)
            published += 1
        next_at += INTERVAL
        time.sleep(max(0.0, next_at - time.monotonic()))
    print(f"published {published} articles, one a second (slowest publish {slowest * 1000:.0f} ms)", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), [int(value) for value in sys.argv[2:]])
