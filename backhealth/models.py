from django.db import models
from django.utils.translation import gettext_lazy as _


class CacheScope(models.Model):
    """A named thing cached answers depend on (an article's publications, the listings, ...).

    Its number rises whenever what it names changes for readers; a cached answer stored under an
    older number is never served again (see backhealth.cache).
    """

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    number = models.PositiveBigIntegerField(_("number"), default=0)
    # Unix seconds, so that one plain SQL read gives them on every database.
    changed_at = models.BigIntegerField(_("changed at"), default=0)
    # The next moment this changes without any write (a scheduled publication goes live).
    next_change_at = models.BigIntegerField(_("next scheduled change"), null=True, blank=True)

    class Meta:
        verbose_name = _("cache scope")

    def __str__(self):
        return f"{self.name} #{self.number}"


class ScheduledChange(models.Model):
    """A moment at which a scope changes by itself; gone once that moment has been reached."""

    name = models.CharField(_("name"), max_length=100, db_index=True)
    at = models.BigIntegerField(_("at"))

    class Meta:
        verbose_name = _("scheduled change")

    def __str__(self):
        return f"{self.name} at {self.at}"
