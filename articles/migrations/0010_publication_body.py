from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_publication_slug_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="body_html",
            field=models.TextField(blank=True, editable=False, verbose_name="body HTML"),
        ),
        migrations.AddField(
            model_name="publication",
            name="body_format",
            field=models.CharField(blank=True, editable=False, max_length=16, verbose_name="body format"),
        ),
    ]
