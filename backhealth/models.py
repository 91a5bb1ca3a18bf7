from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose number rises on every content change: the shared check for cached answers."""

    number = models.PositiveBigIntegerField(_("number"), default=0)
    # Unix seconds, so that one plain SQL read gives them on every database.
    changed_at = models.BigIntegerField(_("changed at"), default=0)
    # The next moment a scheduled article goes live: content changes then without any save.
    next_publish_at = models.BigIntegerField(_("next scheduled publication"), null=True, blank=True)

    class Meta:
        verbose_name = _("content version")

    def __str__(self):
        return str(self.number)
