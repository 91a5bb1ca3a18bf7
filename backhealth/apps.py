from django.apps import AppConfig, apps
from django.contrib.staticfiles.apps import StaticFilesConfig
from django.db.models import signals


class BackhealthStaticFilesConfig(StaticFilesConfig):
    # Only jquery-ui.min.js is used (for the admin's translation tabs); the package's themes refer
    # to images it does not ship, which fingerprinted storage refuses.
    default = False
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "jquery-ui*.css", "themes/*"]


class BackhealthConfig(AppConfig):
    default = True
    name = "backhealth"
    verbose_name = "Backhealth"

    # Every model whose change must reach readers at once (see backhealth.cache).
    content_models = [
        "articles.Topic",
        "articles.Article",
        "articles.Section",
        "articles.TriggerTable",
        "articles.TriggerRow",
        "faq.FAQ",
    ]

    def ready(self):
        from backhealth.cache import bump_content_version

        for label in self.content_models:
            model = apps.get_model(label)
            signals.post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-save-{label}")
            signals.post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"bump-delete-{label}")
        topics = apps.get_model("articles.Article").topics.through
        signals.m2m_changed.connect(bump_content_version, sender=topics, dispatch_uid="bump-topics")
