"""Search that ignores accents: one text-search configuration per language, and its indexes.

Each `backhealth_<language>` configuration is the language's own (its stemmer and stop words)
with `unaccent` in front of the stemmer, so "ciatica" and "ciática" give the same lexeme. Unlike
the `unaccent()` function, `to_tsvector` with a fixed configuration may be indexed, so the
per-language GIN indexes of migration 0004 are rebuilt over it under the same names. A trigram
index over the search text serves the typo suggestions. Nothing happens on other databases.
"""

from django.db import migrations

# Frozen here on purpose: a migration must not change when application code does.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}
WORD_TOKENS = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def index_sql(language: str, config: str) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS articles_publication_search_{language} ON articles_publication "
        f"USING gin (to_tsvector('{config}'::regconfig, COALESCE(search_text, ''))) "
        f"WHERE language = '{language}'"
    )


def unaccented(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in TEXT_SEARCH_CONFIGS.items():
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS backhealth_{config}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION backhealth_{config} (COPY = pg_catalog.{config})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION backhealth_{config} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {config}_stem"
        )
        schema_editor.execute(f"DROP INDEX IF EXISTS articles_publication_search_{language}")
        schema_editor.execute(index_sql(language, f"backhealth_{config}"))
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS articles_publication_trigram ON articles_publication "
        "USING gin (search_text gin_trgm_ops)"
    )


def accented(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS articles_publication_trigram")
    for language, config in TEXT_SEARCH_CONFIGS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS articles_publication_search_{language}")
        schema_editor.execute(index_sql(language, config))
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS backhealth_{config}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_review"),
        ("backhealth", "0005_search_extensions"),
    ]

    operations = [
        migrations.RunPython(unaccented, accented),
    ]
