"""What the editorial home page lists for one staff member: their review work, overdue reviews,
translations to do per language, and scheduled publications."""

from django.conf import settings
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from articles import roles
from articles.admin.filters import translation_statuses
from articles.models import SOURCE_LANGUAGE, Article
from articles.publishing.models import Publication
from articles.review import services as review
from articles.review.models import ReviewEvent

# Enough to act on; the list's filters show the rest.
SHOWN = 20


def _last_submitter(queryset):
    submitted = ReviewEvent.objects.filter(article=OuterRef("pk"), kind=ReviewEvent.Kind.SUBMITTED).order_by(
        "-at", "-id"
    )
    return queryset.annotate(submitted_by=Subquery(submitted.values("by")[:1]))


def _with_latest_comment(articles: list[Article]) -> list[Article]:
    latest = {}
    for event in ReviewEvent.objects.decisions().filter(article__in=articles).select_related("by"):
        latest.setdefault(event.article_id, event)
    for article in articles:
        article.latest_review = latest.get(article.pk)
    return articles


def translations_to_do(*, user) -> list[dict]:
    """Per language `user` translates into, the articles missing it and those whose English changed since."""
    articles = list(Article.objects.with_structure().order_by("title_en"))
    rows = []
    for language, name in settings.LANGUAGES:
        if language == SOURCE_LANGUAGE or not roles.may_write(user, language):
            continue
        missing, outdated = [], []
        for article in articles:
            status = translation_statuses(article)[language]
            if status == "incomplete":
                missing.append(article)
            elif status == "outdated":
                outdated.append(article)
        rows.append(
            {
                "code": language,
                "name": name,
                "missing": missing[:SHOWN],
                "outdated": outdated[:SHOWN],
                "missing_count": len(missing),
                "outdated_count": len(outdated),
            }
        )
    return rows


def editorial_home(*, user) -> dict:
    annotated = review.with_review_state(Article.objects.all())
    waiting = annotated.filter(review_kind=ReviewEvent.Kind.SUBMITTED).order_by("title_en")
    returned = _last_submitter(annotated.filter(review_kind=ReviewEvent.Kind.RETURNED)).filter(submitted_by=user.pk)
    scheduled = (
        Publication.objects.scheduled().values("article_id").annotate(at=Min("live_from")).order_by("at")[:SHOWN]
    )
    titles = dict(Article.objects.filter(pk__in=[row["article_id"] for row in scheduled]).values_list("pk", "title_en"))
    return {
        "can_review": user.has_perm("articles.approve_article"),
        "waiting": _with_latest_comment(list(waiting[:SHOWN])),
        "returned": _with_latest_comment(list(returned.order_by("title_en")[:SHOWN])),
        "overdue": list(Article.objects.review_overdue().order_by("next_review_due")[:SHOWN]),
        "translations": translations_to_do(user=user),
        "scheduled": [
            {"pk": row["article_id"], "title": titles.get(row["article_id"]), "at": row["at"]} for row in scheduled
        ],
        "today": timezone.localdate(),
    }
