"""Clinical review: the review history, the approve_article permission and the Clinical reviewer group.

Reviewers read every part of an article and approve or return it; they change nothing in it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


REVIEWER_VIEWS = {
    "articles": ("article", "section", "triggertable", "triggerrow", "topic"),
    "faq": ("faq",),
}


def create_reviewer_group(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs the new one now.
    for app_label in ("articles", "faq"):
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [("articles", "approve_article")] + [
        (app_label, f"view_{model}") for app_label, models_ in REVIEWER_VIEWS.items() for model in models_
    ]
    group, _ = Group.objects.get_or_create(name="Clinical reviewer")
    group.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in wanted]
    )


def remove_reviewer_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Clinical reviewer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_publish_published_articles"),
        ("faq", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "ordering": ["-publish_at", "-id"],
                "permissions": [
                    ("publish_article", "Can publish and unpublish articles"),
                    ("approve_article", "Can approve or return articles in clinical review"),
                ],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
        migrations.CreateModel(
            name="ReviewEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("submitted", "Submitted for review"),
                            ("approved", "Approved"),
                            ("returned", "Returned for changes"),
                            ("skipped", "Published without review"),
                        ],
                        max_length=20,
                        verbose_name="event",
                    ),
                ),
                ("version", models.PositiveIntegerField(verbose_name="version")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="at")),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="review_events",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            options={
                "verbose_name": "review event",
                "verbose_name_plural": "review events",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["article", "-at"], name="articles_re_article_bb21bb_idx")],
            },
        ),
        migrations.RunPython(create_reviewer_group, remove_reviewer_group),
    ]
