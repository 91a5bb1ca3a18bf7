"""The review history: every submit, approval, return and publish without review, with its author.

An article's review state is read from its latest event, and an approval counts only for the
working copy version it was given to: any later save raises the version and so voids it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewEventQuerySet(models.QuerySet):
    def decisions(self):
        """The events that set the review state (a publish without review leaves it as it was)."""
        return self.filter(kind__in=ReviewEvent.STATE_KINDS)


class ReviewEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for changes")
        SKIPPED = "skipped", _("Published without review")

    STATE_KINDS = (Kind.SUBMITTED, Kind.APPROVED, Kind.RETURNED)

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="review_events", verbose_name=_("article")
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    # The working copy version the event is about.
    version = models.PositiveIntegerField(_("version"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["article", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d})"
