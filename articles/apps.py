from importlib import import_module

from django.apps import AppConfig
from django.db.models import signals
from django.utils.translation import gettext_lazy as _


def topics_changed(**kwargs):
    """Topics take effect when saved: their names and slugs show at once wherever they appear."""
    from articles.publishing.services import TOPICS
    from backhealth import cache

    cache.invalidate(TOPICS)


def after_migrate(using="default", plan=None, **kwargs):
    # Only after a migrate that applied something (a flush between tests sends this signal too,
    # with no plan): an article published before publications existed is an upgrade's.
    if not plan:
        return
    from articles.publishing.upgrade import publish_what_was_published, schema_is_whole

    if schema_is_whole(using):
        publish_what_was_published()


def article_deleted(sender, instance, **kwargs):
    from articles.publishing.services import article_deleted

    article_deleted(article=instance)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def import_models(self):
        # Publications, change events, review events and translators' languages are this app's
        # models too; they live beside the code that uses them and import the working copy, not
        # the other way round.
        super().import_models()
        import_module("articles.publishing.models")
        import_module("articles.review.models")
        import_module("articles.roles")

    def ready(self):
        topic = self.get_model("Topic")
        signals.post_save.connect(topics_changed, sender=topic, dispatch_uid="articles-topic-saved")
        signals.post_delete.connect(topics_changed, sender=topic, dispatch_uid="articles-topic-deleted")
        signals.pre_delete.connect(article_deleted, sender=self.get_model("Article"), dispatch_uid="articles-deleted")
        # Once the whole schema is there: articles published before publications existed.
        signals.post_migrate.connect(after_migrate, sender=self, dispatch_uid="articles-published-before")
