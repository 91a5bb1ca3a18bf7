"""Each language's translation status (complete, incomplete, outdated): the list's columns and filters."""

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.models import Article

LANGUAGES = [code for code, _name in settings.LANGUAGES]
STATUS_LABELS = {
    "complete": _("complete"),
    "incomplete": _("incomplete"),
    "outdated": _("outdated"),
}
STATUS_SYMBOLS = {"complete": "✓", "incomplete": "○", "outdated": "⟳"}


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
