"""PostgreSQL's accent folding (`unaccent`) and trigram matching (`pg_trgm`) for the site search.

Both operations do nothing on other databases.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("backhealth", "0004_cache_scopes"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
    ]
