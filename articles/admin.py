import nested_admin
import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.urls import NoReverseMatch, path, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localdate, localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationInlineModelAdmin
from reversion.admin import VersionAdmin

from articles import admin_views, forms, services
from articles.models import Article, Section, Topic, TriggerRow, TriggerTable
from faq.models import FAQ

# Every revision of an article holds its whole structure, so a revert restores all of it.
reversion.register(Article, follow=("sections", "faqs"))
reversion.register(Section, follow=("table",))
reversion.register(TriggerTable, follow=("rows",))
reversion.register(TriggerRow)
reversion.register(FAQ)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
STATUS_LABELS = {
    "complete": _("complete"),
    "incomplete": _("incomplete"),
    "outdated": _("outdated"),
}

STATUS_SYMBOLS = {"complete": "✓", "incomplete": "○", "outdated": "⟳"}


def can_edit_source(request) -> bool:
    """Whoever may create articles may change their English text; translators only translate it."""
    return request.user.has_perm("articles.add_article")


class LanguageFieldsMixin:
    """Right-to-left languages (Arabic) are typed right to left; the English text is read-only to translators."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language in settings.LANGUAGES_BIDI:
            field.widget.attrs["dir"] = "rtl"
        if (
            field is not None
            and language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
            and not can_edit_source(request)
        ):
            field.disabled = True
        return field


class PrefetchedFormSet(nested_admin.formsets.NestedInlineFormSet):
    """Shows the objects the article prefetched instead of querying once per section and table."""

    def get_queryset(self):
        if self.data or self.instance.pk is None:
            return super().get_queryset()
        accessor = self.fk.remote_field.get_accessor_name()
        if self.fk.one_to_one:
            if accessor not in self.instance._state.fields_cache:
                return super().get_queryset()
            try:
                return [getattr(self.instance, accessor)]
            except ObjectDoesNotExist:
                return []
        cache = getattr(self.instance, "_prefetched_objects_cache", {})
        if accessor not in cache:
            return super().get_queryset()
        return list(cache[accessor])


class TranslatedInline(LanguageFieldsMixin, TranslationInlineModelAdmin):
    formset = PrefetchedFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # Deleting below `min_num` is a form error, not only something the page's script prevents.
        return super().get_formset(request, obj, validate_min=True, **kwargs)


class TriggerRowInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = TriggerRow
    form = forms.TriggerRowForm
    sortable_field_name = "order"
    # The text format has no table without rows, nor an article without sections or FAQs.
    min_num = 1
    fields = ["trigger", "description", "order"]


class TriggerTableInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = TriggerTable
    form = forms.TriggerTableForm
    max_num = 1
    inlines = [TriggerRowInline]


class SectionInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = Section
    form = forms.SectionForm
    sortable_field_name = "order"
    min_num = 1
    fields = ["heading", "body", "aspect", "order"]
    inlines = [TriggerTableInline]


class FAQInline(TranslatedInline, nested_admin.NestedStackedInline):
    model = FAQ
    form = forms.FAQForm
    sortable_field_name = "order"
    min_num = 1
    fields = ["question", "answer", "order"]
    verbose_name = _("question")
    verbose_name_plural = _("questions and answers")


def translation_statuses(article: Article) -> dict[str, str]:
    """Each language's status, computed once per article from its prefetched structure."""
    if not hasattr(article, "_translation_statuses"):
        english = services.english_fingerprint(article)
        article._translation_statuses = {
            language: services.translation_status(article, language, english) for language in LANGUAGES
        }
    return article._translation_statuses


def status_column(language: str, name: str):
    def column(article):
        status = translation_statuses(article)[language]
        return format_html(
            '<span class="translation-{}" title="{}: {}">{}<span class="visually-hidden"> {}</span></span>',
            status,
            name,
            STATUS_LABELS[status],
            STATUS_SYMBOLS[status],
            STATUS_LABELS[status],
        )

    column.short_description = language.upper()
    column.__name__ = f"status_{language}"
    return column


def status_filter(language: str, name: str):
    class TranslationStatusFilter(admin.SimpleListFilter):
        title = name
        parameter_name = f"translation_{language}"

        def lookups(self, request, model_admin):
            return list(STATUS_LABELS.items())

        def queryset(self, request, queryset):
            wanted = self.value()
            if wanted not in STATUS_LABELS:
                return queryset
            complete = queryset.complete_in(language)
            if wanted == "incomplete":
                return queryset.exclude(pk__in=complete.values("pk"))
            outdated = [
                article.pk
                for article in Article.objects.filter(pk__in=complete.values("pk")).with_structure()
                if translation_statuses(article)[language] == "outdated"
            ]
            if wanted == "outdated":
                return queryset.filter(pk__in=outdated)
            return complete.exclude(pk__in=outdated)

    TranslationStatusFilter.__name__ = f"TranslationStatusFilter_{language}"
    return TranslationStatusFilter


class ReviewOverdueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("review overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_overdue()
        return queryset


@admin.register(Topic)
class TopicAdmin(LanguageFieldsMixin, TabbedTranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = [f"name_{language}" for language in LANGUAGES]


@admin.register(Article)
class ArticleAdmin(LanguageFieldsMixin, VersionAdmin, TabbedTranslationAdmin, nested_admin.NestedModelAdmin):
    form = forms.ArticleForm
    inlines = [SectionInline, FAQInline]
    list_display = [
        "title",
        "publication",
        *(status_column(code, name) for code, name in settings.LANGUAGES),
        "review_due",
    ]
    list_filter = [
        "status",
        ReviewOverdueFilter,
        *(status_filter(code, name) for code, name in settings.LANGUAGES),
        "topics",
    ]
    search_fields = [f"title_{language}" for language in LANGUAGES]
    filter_horizontal = ["topics"]
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish", "unpublish"]
    list_select_related = ["reviewed_by"]
    change_list_template = "admin/articles/article/change_list.html"
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "intro", "conclusion", "topics", "expected_version"]}),
        (_("Publishing"), {"fields": ["status", "publish_at"]}),
        (_("Review"), {"fields": ["last_reviewed", "next_review_due", "reviewed_by"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_structure()

    @admin.display(description=_("publication"), ordering="publish_at")
    def publication(self, article):
        if article.status == Article.Status.DRAFT:
            return Article.Status.DRAFT.label
        if article.is_public:
            return Article.Status.PUBLISHED.label
        return gettext("Scheduled for %(date)s") % {
            "date": date_format(localtime(article.publish_at), "SHORT_DATETIME_FORMAT")
        }

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
        form.version_floor = getattr(request, "article_version_floor", None)
        return form

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += ["status", "publish_at"]
        return readonly

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.change_each(request, queryset, services.article_publish, Article.Status.PUBLISHED.label)
        message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self.change_each(request, queryset, services.article_unpublish, Article.Status.DRAFT.label)
        message = ngettext("%(count)d article unpublished.", "%(count)d articles unpublished.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @staticmethod
    def change_each(request, queryset, change, comment) -> int:
        """Apply `change` to each article as a save of its own: a revision in its history."""
        articles = list(queryset)
        for article in articles:
            with reversion.create_revision():
                change(article=article)
                services.article_saved(article=article)
                reversion.set_user(request.user)
                reversion.set_comment(str(comment))
        return len(articles)

    def save_model(self, request, obj, form, change):
        floor = getattr(request, "article_version_floor", None)
        if floor is not None:
            # A revert restores the old version number; keep counting up from the newest save.
            obj.version = floor
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_saved(article=form.instance, translated=changed_languages(form, formsets))

    def can_revert(self, request) -> bool:
        # A revert rewrites the English text and the publishing status: an Editor's work.
        return can_edit_source(request) and self.has_publish_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "can_revert": self.can_revert(request)}
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.can_revert(request):
            raise PermissionDenied
        current = Article.objects.filter(pk=object_id).values_list("version", flat=True).first()
        request.article_version_floor = current
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
                }
                for code, name in settings.LANGUAGES
            ]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        routes = [
            ("import/", admin_views.ImportView, "import"),
            ("<path:object_id>/import/", admin_views.ImportView, "import_translation"),
            ("<path:object_id>/export/<str:language>/", admin_views.ExportView, "export"),
            ("<path:object_id>/preview/<str:language>/", admin_views.PreviewView, "preview"),
            ("<path:object_id>/compare/", admin_views.CompareView, "compare"),
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


def changed_languages(form, formsets) -> tuple[str, ...]:
    """The languages whose text this save wrote: their translations are up to date with the English."""
    names = list(form.changed_data)
    for formset in formsets:
        for inline_form in formset_forms(formset):
            names += inline_form.changed_data
            if formset.can_delete and formset._should_delete_form(inline_form):
                names += [f"_{language}" for language in LANGUAGES]
    return tuple(language for language in LANGUAGES if any(name.endswith(f"_{language}") for name in names))


def formset_forms(formset):
    for form in formset.forms:
        yield form
        for nested in getattr(form, "nested_formsets", ()):
            yield from formset_forms(nested)
