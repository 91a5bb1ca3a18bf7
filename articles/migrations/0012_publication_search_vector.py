"""Each publication's weighted full-text vector, stored (articles.publishing.vectors); on
PostgreSQL the existing publications get theirs here."""

import django.contrib.postgres.search
from django.db import migrations

# Frozen here on purpose: a migration must not change when application code does.
SEARCH_CONFIGS = {
    "en": "backhealth_english",
    "es": "backhealth_spanish",
    "fr": "backhealth_french",
    "de": "backhealth_german",
    "ar": "backhealth_arabic",
}


def store_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, config in SEARCH_CONFIGS.items():
        schema_editor.execute(
            "UPDATE articles_publication SET search_vector ="
            f" setweight(to_tsvector('{config}'::regconfig, COALESCE(title, '')), 'A')"
            f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(description, '')), 'B')"
            f" || setweight(to_tsvector('{config}'::regconfig, COALESCE(search_text, '')), 'D')"
            " WHERE served_language = %s",
            [language],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_publication_live_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search vector"
            ),
        ),
        migrations.RunPython(store_vectors, migrations.RunPython.noop),
    ]
