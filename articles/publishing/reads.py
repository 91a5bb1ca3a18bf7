"""The article page's reads, in plain SQL: the queries every uncached article page makes.

Building an ORM query costs several times more than running it (about half a millisecond against
a few hundredths on these tables), and an article page makes several, so the page's own lookups
are written out here once. Each keeps to the rule of `PublicationQuerySet.live` (through
`live_condition`, the same condition in SQL) and gives back what the ORM would, which
articles/tests/test_publication_reads.py checks against the ORM itself.
"""

import datetime

from django.db import connection
from django.utils import timezone

from articles.models import Topic, language_codes
from articles.publishing.models import Publication, live_condition

PUBLICATIONS = Publication._meta.db_table
PUBLICATION_TOPICS = Publication.topics.through._meta.db_table
TOPICS = Topic._meta.db_table
# What a link to an article needs (a list reads no documents), and the columns a related link reads.
LINK_FIELDS = ("article_id", "language", "served_language", "slug", "title", "description", "last_reviewed")
LINK_COLUMNS = ("id", *LINK_FIELDS, "first_published_at")
# What an article page reads of its publication: everything but the texts kept for search, which
# are the largest columns and which the page never shows.
SEARCH_COLUMNS = ("search_text", "search_folded", "search_vector")
PAGE_COLUMNS = tuple(field.column for field in Publication._meta.concrete_fields if field.column not in SEARCH_COLUMNS)


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def live_with_slug(slug: str, at: datetime.datetime | None = None) -> list[tuple[int, str, str]]:
    """(article id, language, served language) of every live publication whose slug is `slug`."""
    live, params = live_condition("p", at or timezone.now())
    return _rows(
        f"SELECT p.article_id, p.language, p.served_language FROM {PUBLICATIONS} p"  # noqa: S608
        f" WHERE p.slug = %s AND {live}",
        [slug, *params],
    )


def live_publication(article_id: int, language: str, at: datetime.datetime | None = None):
    """The live publication of the article in `language` with its topics (`.topic_list`), or None."""
    name = f"name_{_code(language)}"
    live, params = live_condition("p", at or timezone.now())
    found = list(
        Publication.objects.raw(
            f"SELECT {', '.join(f'p.{column}' for column in PAGE_COLUMNS)} FROM {PUBLICATIONS} p"  # noqa: S608
            f" WHERE p.article_id = %s AND p.language = %s AND {live}"
            " ORDER BY p.live_from DESC, p.id DESC LIMIT 1",
            [article_id, language, *params],
        )
    )
    if not found:
        return None
    publication = found[0]
    publication.topic_list = list(
        Topic.objects.raw(
            f"SELECT t.* FROM {TOPICS} t JOIN {PUBLICATION_TOPICS} pt ON pt.topic_id = t.id"  # noqa: S608
            f" WHERE pt.publication_id = %s ORDER BY t.{name}, t.id",
            [publication.pk],
        )
    )
    return publication


def live_related(language: str, topic_ids: list[int], exclude_article: int, limit: int, at=None) -> list:
    """The newest live publications in `language` sharing a topic, the article itself left out."""
    if not topic_ids:
        return []
    live, params = live_condition("p", at or timezone.now())
    columns = ", ".join(f"p.{column}" for column in LINK_COLUMNS)
    placeholders = ", ".join(["%s"] * len(topic_ids))
    # Newest first along the (language, first_published_at) index, each asked whether it shares a
    # topic, until `limit` do: a join would read every publication of the topics first.
    return list(
        Publication.objects.raw(
            f"SELECT {columns} FROM {PUBLICATIONS} p"  # noqa: S608
            f" WHERE p.language = %s AND {live} AND p.article_id <> %s AND EXISTS ("
            f"SELECT 1 FROM {PUBLICATION_TOPICS} pt WHERE pt.publication_id = p.id AND pt.topic_id IN ({placeholders}))"
            " ORDER BY p.first_published_at DESC, p.article_id DESC LIMIT %s",
            [language, *params, exclude_article, *topic_ids, limit],
        )
    )


def _code(language: str) -> str:
    # A column name is not a parameter: only a site language's code goes into it.
    if language not in language_codes():
        raise ValueError(f"not a site language: {language!r}")
    return language
