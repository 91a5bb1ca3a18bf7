from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_publication_search_folded"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["language", "live_until", "live_from"], name="publication_live_idx"),
        ),
    ]
