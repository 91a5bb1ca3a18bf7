"""Publications came with 0003; what was public before then stays public.

That step needs the publishing service and every column the publications have today, so it runs
once the database has its whole schema, after every migration (articles.publishing.upgrade,
connected to post_migrate), not here. This migration makes each language's search index on
PostgreSQL.
"""

from django.db import migrations

# Frozen here on purpose: a migration must not change when application code does.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}


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
    ]
