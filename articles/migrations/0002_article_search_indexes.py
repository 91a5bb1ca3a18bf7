"""GIN indexes for full-text search on PostgreSQL, one per language; nothing on other databases.

Each index holds exactly the expression articles.search builds (`SearchVector(field, config=...)`),
so PostgreSQL can answer `to_tsvector(config, COALESCE(search_text_<lang>, '')) @@ query` from it.
"""

from django.db import migrations

# Frozen here on purpose: a migration must not change when application code does.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in TEXT_SEARCH_CONFIGS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS articles_article_search_{language} ON articles_article "
            f"USING gin (to_tsvector('{config}'::regconfig, COALESCE(search_text_{language}, '')))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in TEXT_SEARCH_CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS articles_article_search_{language}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
