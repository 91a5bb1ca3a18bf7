import django_filters
from django import forms

from faq.models import FAQ

# The largest id any supported database stores; a larger one names no article (and must not reach SQL).
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A whole number ("1.5" is refused with 400, where a decimal field would round it)."""

    field_class = forms.IntegerField


class FAQFilter(django_filters.FilterSet):
    article = IdFilter(
        method="filter_article",
        help_text="An article's id: its FAQs. An unknown or unpublished id matches none.",
    )
    site_wide = django_filters.BooleanFilter(
        field_name="article", lookup_expr="isnull", help_text="true: only site-wide FAQs; false: only articles' FAQs."
    )

    class Meta:
        model = FAQ
        fields = ("article", "site_wide")

    def filter_article(self, queryset, name, value):
        if not 1 <= value <= MAX_ID:
            return queryset.none()
        return queryset.filter(article_id=value)
