"""PostgreSQL's accent folding (`unaccent`) and trigram matching (`pg_trgm`) for the site search.

Nothing happens on other databases (Django's CreateExtension would still query `pg_extension`
when reversed there).
"""

from django.db import migrations

EXTENSIONS = ("unaccent", "pg_trgm")


def create_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in EXTENSIONS:
        schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")


def drop_extensions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in EXTENSIONS:
        schema_editor.execute(f"DROP EXTENSION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("backhealth", "0004_cache_scopes"),
    ]

    operations = [
        migrations.RunPython(create_extensions, drop_extensions),
    ]
