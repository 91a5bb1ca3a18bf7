"""Translators' languages: an editor can restrict a translator to some languages.

Editors get every permission on the new model; translators and reviewers none.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

CODENAMES = [f"{action}_translatorlanguages" for action in ("add", "change", "delete", "view")]


def let_editors_choose(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs the new ones now.
    create_permissions(global_apps.get_app_config("articles"), verbosity=0, apps=apps)
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for editor in apps.get_model("auth", "Group").objects.filter(name="Editor"):
        editor.permissions.add(*permissions)


def forget_the_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_publication_body"),
        ("backhealth", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TranslatorLanguages",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "languages",
                    models.JSONField(
                        default=list,
                        help_text="The languages this translator may translate into. Delete this entry to allow every language.",
                        verbose_name="languages",
                    ),
                ),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translator_languages",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="translator",
                    ),
                ),
            ],
            options={
                "verbose_name": "translator's languages",
                "verbose_name_plural": "translators' languages",
                "ordering": ["user__username"],
            },
        ),
        migrations.RunPython(let_editors_choose, forget_the_permissions),
    ]
