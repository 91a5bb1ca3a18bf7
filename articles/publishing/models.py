"""What readers see: one immutable publication per article and language, and the change events.

A publication is never edited. Publishing again makes new ones and closes the live ones by
setting their `live_until`, the one field that is bookkeeping rather than content. A scheduled
publication simply has a `live_from` in the future, so it replaces the live one at that moment
with no job to run.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backhealth.languages import url_in


def live_condition(alias: str, at: datetime.datetime) -> tuple[str, list]:
    """`PublicationQuerySet.live` in SQL, for the table aliased `alias`: the condition and its parameters."""
    value = connection.ops.adapt_datetimefield_value(at)
    return (
        f"{alias}.live_from <= %s AND ({alias}.live_until IS NULL OR {alias}.live_until > %s)",
        [value, value],
    )


class PublicationQuerySet(models.QuerySet):
    def live(self, at=None):
        """The publications readers see at `at` (default: now): at most one per article and language.

        The same rule in SQL is `live_condition`."""
        at = at or timezone.now()
        return self.filter(live_from__lte=at).filter(Q(live_until__isnull=True) | Q(live_until__gt=at))

    def scheduled(self):
        return self.filter(live_from__gt=timezone.now())

    def in_language(self, language: str):
        return self.filter(language=language)

    def translated(self):
        """Served in their own language (not the English fallback of an incomplete translation)."""
        return self.filter(served_language=models.F("language"))

    def newest_first(self):
        return self.order_by("-first_published_at", "-article_id")


class Publication(models.Model):
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="publications", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The language the text is in: the language itself where the working copy was complete in it,
    # else English (decided once, by articles.publishing.document.served_language).
    served_language = models.CharField(_("served language"), max_length=10, choices=settings.LANGUAGES)
    slug = models.CharField(_("slug"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("meta description"), max_length=200)
    # The whole article in the API's block shape (articles.publishing.document.build).
    document = models.JSONField(_("document"))
    search_text = models.TextField(_("search text"), blank=True)
    # The search text in lower case without accents (articles.folding.fold), folded once when
    # published, so that a database without `unaccent` matches it in SQL.
    search_folded = models.TextField(_("folded search text"), blank=True, editable=False)
    # The weighted full-text vector on PostgreSQL, made when published (articles.publishing.vectors).
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    # The page's body as HTML, rendered at publishing, and the fingerprint of the template that
    # rendered it (articles.publishing.body).
    body_html = models.TextField(_("body HTML"), blank=True, editable=False)
    body_format = models.CharField(_("body format"), max_length=16, blank=True, editable=False)
    # The slug of every language the article was complete in, for hreflang and the switcher.
    alternates = models.JSONField(_("translations"), default=dict)
    topics = models.ManyToManyField("articles.Topic", blank=True, related_name="publications")
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    reviewed_by = models.CharField(_("reviewed by"), max_length=150, blank=True)
    first_published_at = models.DateTimeField(_("first published"))
    live_from = models.DateTimeField(_("live from"))
    live_until = models.DateTimeField(_("live until"), null=True, blank=True)
    # The working copy's version it was made from: a newer version has unpublished changes.
    source_version = models.PositiveIntegerField(_("working copy version"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-live_from", "-id"]
        indexes = [
            models.Index(fields=["language", "slug", "live_from"]),
            models.Index(fields=["article", "language", "live_from"]),
            models.Index(fields=["language", "first_published_at"]),
            # An address is looked up in every language at once (a slug of another language redirects).
            models.Index(fields=["slug", "live_from"]),
            # Holds all a listing's count reads: the count never touches the rows (and their documents).
            # A topic's count joins on the id; PostgreSQL keeps it in the index (INCLUDE), as SQLite
            # does by itself.
            models.Index(fields=["language", "live_until", "live_from"], include=["id"], name="publication_live_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language}, {self.live_from:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return url_in(self.language, "articles:detail", slug=self.slug)

    @property
    def is_fallback(self) -> bool:
        return self.served_language != self.language

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its next review date (readers are told so, and the API says it)."""
        return self.next_review_due is not None and self.next_review_due < (today or timezone.localdate())


class ChangeEvent(models.Model):
    """A publish or a removal of one article in one language, for API mirrors (`changes/`).

    An event is visible from its `at`; a scheduled publication's event is deleted with it when
    the schedule is cancelled, before anyone could see it. Events outlive the article.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        REMOVED = "removed", _("removed")

    article_id = models.BigIntegerField(_("article id"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("event"), max_length=10, choices=Kind.choices)
    at = models.DateTimeField(_("at"))
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("change event")
        verbose_name_plural = _("change events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at", "id"])]

    def __str__(self):
        return f"{self.kind} {self.article_id} ({self.language}) at {self.at:%Y-%m-%d %H:%M}"
