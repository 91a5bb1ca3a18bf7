"""The editorial roles: Editors run the content, Translators edit translations but never publish."""

from django.db import migrations

CONTENT_MODELS = {
    "articles": ("article", "section", "triggertable", "triggerrow", "topic"),
    "faq": ("faq",),
}
EDITOR = {
    "add": CONTENT_MODELS,
    "change": CONTENT_MODELS,
    "delete": CONTENT_MODELS,
    "view": CONTENT_MODELS,
}
TRANSLATED = {"articles": ("article", "section", "triggertable", "triggerrow"), "faq": ("faq",)}
TRANSLATOR = {"change": TRANSLATED, "view": {"articles": (*TRANSLATED["articles"], "topic"), "faq": ("faq",)}}


def codenames(rules):
    return [
        (app_label, f"{action}_{model}")
        for action, apps in rules.items()
        for app_label, models in apps.items()
        for model in models
    ]


def create_groups(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; a fresh database needs them now.
    for app_label in ("articles", "faq"):
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(permissions([*codenames(EDITOR), ("articles", "publish_article")]))
    translator, _ = Group.objects.get_or_create(name="Translator")
    translator.permissions.set(permissions(codenames(TRANSLATOR)))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Translator"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("backhealth", "0001_content_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0001_initial"),
        ("faq", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
