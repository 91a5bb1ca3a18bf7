import django_filters

from faq.models import FAQ


class FAQFilter(django_filters.FilterSet):
    article = django_filters.NumberFilter(
        field_name="article_id", help_text="An article's id: its FAQs. An unknown or unpublished id matches none."
    )
    site_wide = django_filters.BooleanFilter(
        field_name="article", lookup_expr="isnull", help_text="true: only site-wide FAQs; false: only articles' FAQs."
    )

    class Meta:
        model = FAQ
        fields = ("article", "site_wide")
