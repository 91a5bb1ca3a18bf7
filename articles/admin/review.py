"""Clinical review in the admin: the review screen (what changed since the last publication, the
history of decisions, and the forms to submit, approve and return), the list's column and filter."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.views import ArticleAdminView
from articles.review import services as review
from articles.review.models import ReviewEvent
from articles.review.services import with_review_state

__all__ = ["with_review_state"]  # the article admin annotates its list with it


def can_approve(request) -> bool:
    return request.user.has_perm("articles.approve_article")


def state_column(article) -> str:
    state = review.review_state(article)
    return format_html('<span class="review-{}">{}</span>', state, review.STATE_LABELS[state])


state_column.short_description = _("review")
state_column.__name__ = "review_state"


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("clinical review")
    parameter_name = "review_state"

    def lookups(self, request, model_admin):
        return list(review.STATE_LABELS.items())

    def queryset(self, request, queryset):
        wanted = self.value()
        if wanted not in review.STATE_LABELS:
            return queryset
        queryset = review.with_review_state(queryset)
        approved = {"review_kind": ReviewEvent.Kind.APPROVED}
        same_version = {"review_version": F("version")}
        return {
            review.NOT_SUBMITTED: lambda: queryset.filter(review_kind__isnull=True),
            review.WAITING: lambda: queryset.filter(review_kind=ReviewEvent.Kind.SUBMITTED),
            review.RETURNED: lambda: queryset.filter(review_kind=ReviewEvent.Kind.RETURNED),
            review.APPROVED: lambda: queryset.filter(**approved, **same_version),
            review.CHANGED: lambda: queryset.filter(**approved).exclude(**same_version),
        }[wanted]()


class ReviewView(ArticleAdminView):
    """What a reviewer needs to decide: the changes since the last publication, and the history."""

    def get(self, request, object_id):
        article = self.article(request, object_id)
        language = self.chosen_language(request)
        state = review.review_state(article)
        return TemplateResponse(
            request,
            "admin/articles/article/review.html",
            self.context(
                request,
                title=gettext("Clinical review of “%(title)s”") % {"title": article},
                original=article,
                state=state,
                state_label=review.STATE_LABELS[state],
                events=list(ReviewEvent.objects.filter(article=article).select_related("by")),
                languages=settings.LANGUAGES,
                language=language,
                **self.live_against_working_copy(article, language),
                can_submit=self.model_admin.has_change_permission(request, article)
                and state not in (review.WAITING, review.APPROVED),
                can_decide=can_approve(request) and state == review.WAITING,
                review_required=settings.REVIEW_REQUIRED,
            ),
        )


class ReviewStepView(ArticleAdminView):
    """Submit, approve or return (POST); a refusal is a message on the review screen."""

    http_method_names = ["post"]
    step = ""

    def post(self, request, object_id):
        article = self.article(request, object_id)
        comment = request.POST.get("comment", "")
        try:
            version = int(request.POST["version"]) if request.POST.get("version") else None
        except ValueError:
            version = -1
        try:
            if self.step == "submit":
                if not self.model_admin.has_change_permission(request, article):
                    raise PermissionDenied
                review.article_submit(article=article, user=request.user, comment=comment)
                messages.success(request, gettext("Submitted for clinical review."))
            else:
                if not can_approve(request):
                    raise PermissionDenied
                if self.step == "approve":
                    review.article_approve(article=article, user=request.user, version=version, comment=comment)
                    messages.success(request, gettext("Approved: the working copy can be published."))
                else:
                    review.article_return(article=article, user=request.user, version=version, comment=comment)
                    messages.success(request, gettext("Returned to the editors with your comment."))
        except review.ReviewRefused as error:
            messages.error(request, str(error))
        return HttpResponseRedirect(reverse("admin:articles_article_review", args=[article.pk]))


class SubmitView(ReviewStepView):
    step = "submit"


class ApproveView(ReviewStepView):
    step = "approve"


class ReturnView(ReviewStepView):
    step = "return"


def panel(request, article) -> dict:
    """What the edit screen says about the review."""
    state = review.review_state(article)
    latest = ReviewEvent.objects.decisions().filter(article=article).select_related("by").first()
    return {
        "state": state,
        "label": review.STATE_LABELS[state],
        "latest": latest,
        "required": settings.REVIEW_REQUIRED,
    }
