"""What `make bench` asks for, chosen from the built database: `python -m bench.sample` prints JSON.

- `article`: one English article in the middle of the id range (its page and API detail, cached);
- `spread`: up to SPREAD pages in every language, spread over the whole id range, read in turn when
  nothing is cached, so that a large database is read all over and not one row again and again;
- `readers` and `edited`: disjoint sets for BENCH_EDITS (pages read while other articles are published);
- a topic, and a search word found in many articles.
"""

import json

import django

django.setup()

from django.utils import translation  # noqa: E402 (after django.setup)

from articles.models import Topic  # noqa: E402
from articles.publishing.models import Publication  # noqa: E402
from articles.search import found_articles  # noqa: E402

SPREAD = 100
READERS = 20
EDITED = 120
SEARCH_WORD = "muscles"


def spread(items: list, count: int) -> list:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(number * step)] for number in range(count)]


def main() -> None:
    live = Publication.objects.live().translated().order_by("article_id", "language")
    rows = list(live.values_list("article_id", "language", "slug"))
    english = [article_id for article_id, language, _slug in rows if language == "en"]
    middle = english[len(english) // 2]
    pages = {}
    for article_id, language, slug in rows:
        pages.setdefault(article_id, []).append(Publication(article_id=article_id, language=language, slug=slug))

    def english_page(article_id: int) -> str:
        return next(p for p in pages[article_id] if p.language == "en").get_absolute_url()

    chosen = spread(rows, SPREAD)
    others = [article_id for article_id in english if article_id != middle]
    # Readers from the first half, edited articles from the second: the two never meet.
    readers = spread(others[: len(others) // 2], READERS)
    edited = others[len(others) // 2 :][-EDITED:]
    topic = Topic.objects.order_by("pk").first()
    with translation.override("en"):
        topic_url = topic.get_absolute_url()
        search_url = f"/en/{translation.pgettext('URL', 'search/')}?q={SEARCH_WORD}"
    found = found_articles(SEARCH_WORD, "en").count()
    print(
        json.dumps(
            {
                "article": {"id": middle, "url": english_page(middle)},
                "spread": [
                    {"id": article_id, "url": Publication(language=language, slug=slug).get_absolute_url()}
                    for article_id, language, slug in chosen
                ],
                "readers": [english_page(article_id) for article_id in readers],
                "edited": edited,
                "topic": topic_url,
                "search": search_url,
                "search_results": found,
                "articles": len(english),
                "publications": Publication.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()
