"""What was public before publications existed stays public, once the schema is whole.

An article published before migration 0003 has the status "published" and no publication; no
article can be in that state otherwise (publishing makes publications, unpublishing makes a
draft). After every `migrate` (post_migrate) each such article gets publications from its current
text: live now when its publication time had passed, keeping that time as its first publication,
or scheduled for that time when it is still ahead. Run here rather than in a migration, the
publishing service always meets the columns it writes.
"""

from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article
from articles.publishing.models import Publication
from articles.publishing.services import publish_working_copy


def schema_is_whole(using: str = "default") -> bool:
    """Every migration applied (`migrate` back to an earlier one leaves the models ahead of it)."""
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def publish_what_was_published() -> int:
    """Publications for the articles published before publications existed; how many articles."""
    before = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(
        pk__in=Publication.objects.values("article_id")
    )
    now = timezone.now()
    done = 0
    for article in before:
        with transaction.atomic():
            # Without the review rule: what was public was public before reviews existed.
            if article.publish_at and article.publish_at > now:
                publish_working_copy(article=article, at=article.publish_at)
            else:
                went_live = article.publish_at or now
                publish_working_copy(article=article)
                Publication.objects.filter(article=article).update(first_published_at=went_live)
                Article.objects.filter(pk=article.pk).update(publish_at=went_live)
        done += 1
    return done
