"""Each publication's search text folded (lower case, no accents), for databases without `unaccent`.

Publications are immutable, so the folded text is computed once: here for the existing ones, at
publishing for new ones (articles.folding.fold).
"""

import unicodedata

from django.db import migrations, models

BATCH = 500


# Frozen here on purpose: a migration must not change when application code does.
def fold(text: str) -> str:
    return "".join(
        part
        for character in text
        for part in unicodedata.normalize("NFKD", character.casefold())
        if not unicodedata.combining(part)
    )


def fill_folded(apps, schema_editor):
    Publication = apps.get_model("articles", "Publication")
    publications = Publication.objects.using(schema_editor.connection.alias)
    changed = []
    for publication in publications.only("id", "search_text").order_by("id").iterator(chunk_size=BATCH):
        publication.search_folded = fold(publication.search_text or "")
        changed.append(publication)
        if len(changed) == BATCH:
            publications.bulk_update(changed, ["search_folded"])
            changed = []
    publications.bulk_update(changed, ["search_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_translator_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="search_folded",
            field=models.TextField(blank=True, editable=False, verbose_name="folded search text"),
        ),
        migrations.RunPython(fill_folded, migrations.RunPython.noop),
    ]
