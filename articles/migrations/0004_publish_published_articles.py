"""What was public before publications existed stays public: one publication per language.

Every article that was published gets publications from its current text: live now when its
publication time had passed (keeping that time as its first publication), or scheduled for that
time when it was still ahead. Drafts get none. On PostgreSQL, each language's search index.

The publishing service is called on purpose (the same rule, once): on a fresh database there are
no articles at this point, so nothing here reads the models' later shape.
"""

from django.db import migrations

# Frozen here on purpose: a migration must not change when application code does.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}


def publish_published(apps, schema_editor):
    historical = apps.get_model("articles", "Article")
    published = list(historical.objects.filter(status="published").values_list("pk", "publish_at"))
    if not published:
        return
    from django.utils import timezone

    from articles.models import Article
    from articles.publishing.models import Publication
    # Without the review rule: what was public was public before reviews existed (0005), and
    # their table is not there yet.
    from articles.publishing.services import publish_working_copy as article_publish

    now = timezone.now()
    for pk, publish_at in published:
        article = Article.objects.get(pk=pk)
        if publish_at and publish_at > now:
            article_publish(article=article, at=publish_at)
        else:
            article_publish(article=article)
            Publication.objects.filter(article=article).update(first_published_at=publish_at or now)
            Article.objects.filter(pk=pk).update(publish_at=publish_at or now)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in TEXT_SEARCH_CONFIGS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS articles_publication_search_{language} ON articles_publication "
            f"USING gin (to_tsvector('{config}'::regconfig, COALESCE(search_text, ''))) "
            f"WHERE language = '{language}'"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in TEXT_SEARCH_CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS articles_publication_search_{language}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_publications"),
        ("backhealth", "0004_cache_scopes"),
        ("faq", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(publish_published, migrations.RunPython.noop),
    ]
