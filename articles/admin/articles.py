import nested_admin
import reversion
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Now
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from reversion.admin import VersionAdmin

from articles import forms, roles, services
from articles.admin import publishing, review, translate, views, xliff
from articles.admin.filters import (
    LANGUAGES,
    STATUS_LABELS,
    ReviewOverdueFilter,
    status_column,
    status_filter,
    translation_statuses,
)
from articles.admin.inlines import FAQInline, SectionInline
from articles.admin.roles import RoleFieldsMixin
from articles.models import Article, Section, Topic, TriggerRow, TriggerTable
from articles.publishing.models import Publication
from articles.review.models import ReviewEvent
from backhealth.admin_fields import LanguageFieldsMixin
from faq.models import FAQ

# Every revision of an article holds its whole structure, so a revert restores all of it.
reversion.register(Article, follow=("sections", "faqs"))
reversion.register(Section, follow=("table",))
reversion.register(TriggerTable, follow=("rows",))
reversion.register(TriggerRow)
reversion.register(FAQ)


@admin.register(Topic)
class TopicAdmin(LanguageFieldsMixin, TabbedTranslationAdmin):
    form = forms.TopicForm
    list_display = ["name", "slug"]
    search_fields = [f"name_{language}" for language in LANGUAGES]


@admin.register(Article)
class ArticleAdmin(RoleFieldsMixin, VersionAdmin, TabbedTranslationAdmin, nested_admin.NestedModelAdmin):
    form = forms.ArticleForm
    inlines = [SectionInline, FAQInline]
    list_display = [
        "title",
        "publication",
        *(status_column(code, name) for code, name in settings.LANGUAGES),
        review.state_column,
        "review_due",
    ]
    list_filter = [
        "status",
        review.ReviewStateFilter,
        ReviewOverdueFilter,
        *(status_filter(code, name) for code, name in settings.LANGUAGES),
        "topics",
    ]
    search_fields = [f"title_{language}" for language in LANGUAGES]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish", "unpublish", xliff.download_xliff]
    list_select_related = ["reviewed_by"]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "intro", "conclusion", "topics", "expected_version"]}),
        (_("Review"), {"fields": ["last_reviewed", "next_review_due", "reviewed_by"]}),
    ]

    def get_queryset(self, request):
        scheduled = Publication.objects.filter(article=OuterRef("pk"), live_from__gt=Now()).order_by("live_from")
        return review.with_review_state(
            super()
            .get_queryset(request)
            .with_structure()
            .annotate(next_scheduled=Subquery(scheduled.values("live_from")[:1]))
        )

    @admin.display(description=_("publication"), ordering="publish_at")
    def publication(self, article):
        return publishing.state_label(article)

    @admin.display(description=_("next review due"), ordering="next_review_due")
    def review_due(self, article):
        if article.next_review_due is None:
            return "—"
        shown = date_format(article.next_review_due, "SHORT_DATE_FORMAT")
        if article.next_review_due < localdate():
            return format_html('<span class="review-late">{}</span>', gettext("%(date)s (overdue)") % {"date": shown})
        return shown

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        floor = getattr(request, "article_version_floor", None)
        form.version_floor = floor["version"] if floor else None
        return form

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        publishing.publish_each(self, request, queryset)

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        publishing.unpublish_each(self, request, queryset)

    def save_model(self, request, obj, form, change):
        floor = getattr(request, "article_version_floor", None)
        if floor is not None:
            # A revert restores the old version number and publishing state: keep the current
            # ones, since a revert changes the working copy only.
            for name, value in floor.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names = changed_fields(form, formsets)
        # A revert restored the old revision before the form was read: the form sees no change, the copy does.
        reverted = getattr(request, "article_version_floor", None) is not None
        services.article_saved(article=form.instance, translated=languages_of(names), changed=bool(names) or reverted)

    def can_revert(self, request) -> bool:
        # A revert rewrites the English text and the publishing status: an Editor's work.
        return self.can_edit_source(request) and self.has_publish_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_revert": self.can_revert(request),
            # An id that is not a number has no article: the stock view answers it.
            "review_events": ReviewEvent.objects.filter(article_id=object_id).select_related("by")
            if str(object_id).isdigit()
            else [],
        }
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.can_revert(request):
            raise PermissionDenied
        request.article_version_floor = (
            Article.objects.filter(pk=object_id).values(*publishing.BOOKKEEPING_FIELDS).first()
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        overdue = Article.objects.review_overdue().count()
        extra_context = {
            **(extra_context or {}),
            "review_overdue_count": overdue,
            "review_overdue_message": ngettext(
                "%(count)d article is overdue for review.", "%(count)d articles are overdue for review.", overdue
            )
            % {"count": overdue},
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            statuses = translation_statuses(obj)
            context["languages"] = [
                {
                    "code": code,
                    "name": name,
                    "status": statuses[code],
                    "label": STATUS_LABELS[statuses[code]],
                    "preview_url": preview_url(obj, code),
                    "writable": roles.may_write(request.user, code),
                }
                for code, name in settings.LANGUAGES
            ]
            context["publishing"] = publishing.panel(self, request, obj)
            context["review"] = review.panel(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        routes = [
            ("import/", views.ImportView, "import"),
            ("<path:object_id>/import/", views.ImportView, "import_translation"),
            ("<path:object_id>/export/<str:language>/", views.ExportView, "export"),
            ("<path:object_id>/preview/<str:language>/", views.PreviewView, "preview"),
            ("<path:object_id>/compare/", views.CompareView, "compare"),
            ("<path:object_id>/publish/", publishing.PublishView, "publish"),
            ("<path:object_id>/unpublish/", publishing.UnpublishView, "unpublish"),
            ("<path:object_id>/publications/", publishing.PublicationsView, "publications"),
            ("<path:object_id>/compare-live/", publishing.CompareLiveView, "compare_live"),
            ("<path:object_id>/translate/<str:language>/", translate.TranslateView, "translate"),
            ("<path:object_id>/review/", review.ReviewView, "review"),
            ("<path:object_id>/review/submit/", review.SubmitView, "review_submit"),
            ("<path:object_id>/review/approve/", review.ApproveView, "review_approve"),
            ("<path:object_id>/review/return/", review.ReturnView, "review_return"),
            ("<path:object_id>/import-xliff/", xliff.XliffImportView, "xliff_import"),
            ("<path:object_id>/xliff/<str:language>/", xliff.XliffExportView, "xliff_export"),
        ]
        own = [
            path(route, self.admin_site.admin_view(view.as_view(model_admin=self)), name=f"{info}_{name}")
            for route, view, name in routes
        ]
        return [*own, *super().get_urls()]


def preview_url(article: Article, language: str) -> str | None:
    """The staff preview of the public page, when the public site provides one."""
    try:
        with translation.override(language):
            return reverse("articles:preview", kwargs={"pk": article.pk})
    except NoReverseMatch:
        return None


def changed_fields(form, formsets) -> list[str]:
    """The names of the fields this save changed, in the article and its parts; a deleted part
    counts as a change in every language."""
    names = [name for name in form.changed_data if name != "expected_version"]
    for formset in formsets:
        for inline_form in formset_forms(formset):
            names += inline_form.changed_data
            if formset.can_delete and formset._should_delete_form(inline_form):
                names += [f"_{language}" for language in LANGUAGES]
    return names


def languages_of(names: list[str]) -> tuple[str, ...]:
    """The languages whose text a save wrote: their translations are up to date with the English."""
    return tuple(language for language in LANGUAGES if any(name.endswith(f"_{language}") for name in names))


def formset_forms(formset):
    for form in formset.forms:
        yield form
        for nested in getattr(form, "nested_formsets", ()):
            yield from formset_forms(nested)
