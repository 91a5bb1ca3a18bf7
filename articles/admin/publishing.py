"""Publishing from the admin: the state on the list and edit screen, publish (now or at a time),
unpublish, the publication history and a compare of what is live against the working copy."""

import reversion
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from articles.admin.views import ArticleAdminView
from articles.models import Article
from articles.moments import parse_day_or_moment, parse_moment
from articles.publishing.document import render_text
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import PublishRefused, article_publish, article_unpublish, publication_at

# The article's fields that publishing keeps; a revert of the working copy leaves them as they are.
BOOKKEEPING_FIELDS = ("version", "status", "publish_at", "published_version")


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def state_label(article: Article) -> str:
    """Draft, published, or scheduled; and whether the working copy has changes not published."""
    scheduled = getattr(article, "next_scheduled", None)
    if article.status == Article.Status.DRAFT:
        return gettext("Draft")
    if article.publish_at and article.publish_at > timezone.now():
        label = gettext("Scheduled for %(date)s") % {"date": _moment(article.publish_at)}
    elif scheduled:
        label = gettext("Published; an update is scheduled for %(date)s") % {"date": _moment(scheduled)}
    else:
        label = gettext("Published")
    if article.has_unpublished_changes:
        label = gettext("%(state)s, with unpublished changes") % {"state": label}
    return label


def panel(model_admin, request, article: Article) -> dict:
    """What the edit screen says about publishing, and what the user may do."""
    now = timezone.now()
    live = list(Publication.objects.live(now).filter(article=article).select_related("published_by"))
    scheduled = list(Publication.objects.filter(article=article, live_from__gt=now).order_by("live_from")[:1])
    return {
        "state": state_label(article),
        "live": live[0] if live else None,
        "live_languages": [publication for publication in live if not publication.is_fallback],
        "scheduled": scheduled[0] if scheduled else None,
        "unpublished_changes": article.has_unpublished_changes and article.status == Article.Status.PUBLISHED,
        "can_publish": model_admin.has_publish_permission(request),
    }


def _publish_one(model_admin, request, article: Article, at=None) -> bool:
    try:
        with reversion.create_revision():
            article_publish(article=article, at=at, user=request.user)
            reversion.add_to_revision(Article.objects.get(pk=article.pk))
            reversion.set_user(request.user)
            reversion.set_comment(
                gettext("Scheduled for %(date)s") % {"date": _moment(at)} if at else gettext("Published")
            )
    except PublishRefused as error:
        model_admin.message_user(request, f"“{article}”: {error}", messages.ERROR)
        return False
    return True


def _unpublish_one(model_admin, request, article: Article) -> bool:
    try:
        with reversion.create_revision():
            article_unpublish(article=article, user=request.user)
            reversion.add_to_revision(Article.objects.get(pk=article.pk))
            reversion.set_user(request.user)
            reversion.set_comment(gettext("Unpublished"))
    except PublishRefused as error:
        model_admin.message_user(request, f"“{article}”: {error}", messages.ERROR)
        return False
    return True


def publish_each(model_admin, request, queryset) -> None:
    count = sum(_publish_one(model_admin, request, article) for article in queryset)
    if count:
        message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        model_admin.message_user(request, message % {"count": count}, messages.SUCCESS)


def unpublish_each(model_admin, request, queryset) -> None:
    count = sum(_unpublish_one(model_admin, request, article) for article in queryset)
    if count:
        message = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", count)
        model_admin.message_user(request, message % {"count": count}, messages.SUCCESS)


class PublishingView(ArticleAdminView):
    http_method_names = ["post"]

    def dispatch(self, request, object_id):
        if not self.model_admin.has_publish_permission(request):
            raise PermissionDenied
        return super().dispatch(request, object_id)


class PublishView(PublishingView):
    """Publish the working copy now, or at the time given in `at` (the site's time zone)."""

    def post(self, request, object_id):
        article = self.article(request, object_id)
        at = None
        if request.POST.get("at"):
            at = parse_moment(request.POST["at"])
            if at is None:
                messages.error(request, gettext("Give the date and time to publish at, such as 2027-03-01 09:00."))
                return HttpResponseRedirect(self.change_url(article))
            if at <= timezone.now():
                messages.error(request, gettext("That time has passed; give a time in the future."))
                return HttpResponseRedirect(self.change_url(article))
        if _publish_one(self.model_admin, request, article, at):
            if at:
                messages.success(request, gettext("Scheduled for %(date)s.") % {"date": _moment(at)})
            else:
                messages.success(request, gettext("Published in every language."))
        return HttpResponseRedirect(self.change_url(article))


class UnpublishView(PublishingView):
    def post(self, request, object_id):
        article = self.article(request, object_id)
        if _unpublish_one(self.model_admin, request, article):
            messages.success(request, gettext("Unpublished: readers no longer see this article."))
        return HttpResponseRedirect(self.change_url(article))


class PublicationsView(ArticleAdminView):
    """Who published what and when, in which languages; and what readers saw at a given time."""

    def get(self, request, object_id):
        article = self.article(request, object_id)
        events = ChangeEvent.objects.filter(article_id=article.pk).select_related("by", "publication")
        language = self.chosen_language(request)
        seen, asked = None, request.GET.get("at", "")
        if asked:
            moment = parse_day_or_moment(asked)
            if moment is None:
                messages.error(request, gettext("Give a date such as 2027-03-01, or a date and time."))
            else:
                publication = publication_at(article=article, language=language, at=moment)
                seen = {"text": render_text(publication.document) if publication else None, "publication": publication}
        return TemplateResponse(
            request,
            "admin/articles/article/publications.html",
            self.context(
                request,
                title=gettext("Publications of “%(title)s”") % {"title": article},
                original=article,
                events=list(events.order_by("-at", "-id")),
                languages=settings.LANGUAGES,
                language=language,
                asked=asked,
                seen=seen,
            ),
        )


class CompareLiveView(ArticleAdminView):
    """What readers see now against the working copy, line by line, in one language."""

    def get(self, request, object_id):
        article = self.article(request, object_id)
        language = self.chosen_language(request)
        return TemplateResponse(
            request,
            "admin/articles/article/compare_live.html",
            self.context(
                request,
                title=gettext("Live against the working copy: “%(title)s”") % {"title": article},
                original=article,
                languages=settings.LANGUAGES,
                language=language,
                **self.live_against_working_copy(article, language),
            ),
        )
