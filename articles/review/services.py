"""Submit, approve and return an article's working copy; and the publishing rule.

With `REVIEW_REQUIRED`, the working copy can be published only when its current version has an
approval. An approval writes the review dates without raising the version, so the copy it approved
stays the current one until somebody changes it.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.review.models import ReviewEvent

NOT_SUBMITTED, WAITING, APPROVED, CHANGED, RETURNED = "none", "waiting", "approved", "changed", "returned"
STATE_LABELS = {
    NOT_SUBMITTED: _("not submitted"),
    WAITING: _("waiting for review"),
    APPROVED: _("approved"),
    CHANGED: _("changed since approval"),
    RETURNED: _("returned for changes"),
}


class ReviewRefused(ValueError):
    """A review step that cannot be taken now; the message says why."""


def with_review_state(queryset):
    """Annotate each article with its latest decision's kind and version (two subqueries, no N+1)."""
    latest = ReviewEvent.objects.decisions().filter(article=OuterRef("pk")).order_by("-at", "-id")
    return queryset.annotate(
        review_kind=Subquery(latest.values("kind")[:1]), review_version=Subquery(latest.values("version")[:1])
    )


def state_of(kind: str | None, version: int | None, current: int) -> str:
    if kind is None:
        return NOT_SUBMITTED
    if kind == ReviewEvent.Kind.APPROVED:
        return APPROVED if version == current else CHANGED
    return WAITING if kind == ReviewEvent.Kind.SUBMITTED else RETURNED


def review_state(article: Article) -> str:
    """One of NOT_SUBMITTED, WAITING, APPROVED, CHANGED (an approval voided by a later change), RETURNED."""
    if hasattr(article, "review_kind"):
        return state_of(article.review_kind, article.review_version, article.version)
    latest = ReviewEvent.objects.decisions().filter(article=article).order_by("-at", "-id").first()
    current = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    return state_of(latest.kind if latest else None, latest.version if latest else None, current)


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def _record(article: Article, kind: str, user, comment: str = "") -> ReviewEvent:
    return ReviewEvent.objects.create(article=article, kind=kind, version=article.version, by=user, comment=comment)


@transaction.atomic
def article_submit(*, article: Article, user, comment: str = "") -> ReviewEvent:
    """Ask a clinical reviewer to approve the working copy as it is now."""
    article = _locked(article)
    state = review_state(article)
    if state == WAITING:
        raise ReviewRefused(gettext("This article is already waiting for review."))
    if state == APPROVED:
        raise ReviewRefused(gettext("This working copy is already approved: nothing changed since."))
    return _record(article, ReviewEvent.Kind.SUBMITTED, user, comment.strip())


def _check_reviewable(article: Article, version: int | None) -> None:
    if review_state(article) != WAITING:
        raise ReviewRefused(gettext("This article is not waiting for review."))
    if version is not None and version != article.version:
        raise ReviewRefused(
            gettext(
                "The working copy changed while you were reviewing it (version %(seen)s, now %(current)s): "
                "look at the changes again before you decide."
            )
            % {"seen": version, "current": article.version}
        )


@transaction.atomic
def article_approve(*, article: Article, user, version: int | None, comment: str = "") -> ReviewEvent:
    """Approve the working copy at `version` (the one the reviewer looked at) and record the review.

    Last reviewed is today and the next review is due `REVIEW_INTERVAL_DAYS` later.
    """
    article = _locked(article)
    _check_reviewable(article, version)
    today = timezone.localdate()
    # An update, not a save: the version stays, so the approval is of the copy as it stands.
    Article.objects.filter(pk=article.pk).update(
        reviewed_by=user,
        last_reviewed=today,
        next_review_due=today + datetime.timedelta(days=settings.REVIEW_INTERVAL_DAYS),
    )
    return _record(article, ReviewEvent.Kind.APPROVED, user, comment.strip())


@transaction.atomic
def article_return(*, article: Article, user, version: int | None, comment: str) -> ReviewEvent:
    """Send the working copy back to its editors; the comment says what to change."""
    article = _locked(article)
    if not comment.strip():
        raise ReviewRefused(gettext("Say what needs to change: a return needs a comment."))
    _check_reviewable(article, version)
    return _record(article, ReviewEvent.Kind.RETURNED, user, comment.strip())


def check_publishable(*, article: Article, user=None, skip_review: bool = False, reason: str = "") -> None:
    """The review rule of publishing, called by the publishing service inside its transaction on
    the locked article. `skip_review` (operators, the demo) publishes without an approval and
    leaves that in the history."""
    if not settings.REVIEW_REQUIRED or review_state(article) == APPROVED:
        return
    if skip_review:
        _record(article, ReviewEvent.Kind.SKIPPED, user, reason)
        return
    raise ReviewRefused(
        gettext(
            "“%(title)s” needs a clinical approval of its current working copy before it is published "
            "(review: %(state)s)."
        )
        % {"title": article, "state": STATE_LABELS[review_state(article)]}
    )
