"""Query-string filters of the article list; every bad value is a 400 that says what is wrong."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from articles.api.language import requested_language
from articles.api.params import NoEmptyValuesForm
from articles.models import Topic, language_codes
from articles.publishing.models import Publication
from articles.search import matching


def any_language(field: str, value: str) -> Q:
    condition = Q()
    for language in language_codes():
        condition |= Q(**{f"{field}_{language}": value})
    return condition


def parse_moment(value: str) -> datetime.datetime:
    """An ISO 8601 date-time (a date means its midnight, no offset means UTC), in UTC."""
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = datetime.datetime.combine(day, datetime.time()) if day else None
        if moment is None:
            raise ValueError
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise ValidationError(
            {"updated_since": [_("Give an ISO 8601 date-time, such as 2026-01-31T12:00:00Z, or a date.")]}
        ) from None


class StableOrderingFilter(django_filters.OrderingFilter):
    """The asked order, then the id, so that pages never repeat or skip an article."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-id") if value else qs


class ArticleFilter(django_filters.FilterSet):
    slug = django_filters.CharFilter(method="filter_slug", help_text="The article's slug in any language.")
    topic = django_filters.CharFilter(
        method="filter_topic", help_text="A topic's slug in any language; an unknown topic matches no article."
    )
    updated_since = django_filters.CharFilter(
        method="filter_updated_since",
        help_text=(
            "ISO 8601 date-time (or date; UTC when no offset is given): articles changed or published at or "
            "after it, for incremental sync."
        ),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=(
            "Words that must all appear in the article's text, accents and case aside, as on the search "
            "page; the best match first unless `ordering` is given."
        ),
    )
    ordering = StableOrderingFilter(
        fields=(("live_from", "updated"), ("first_published_at", "published"), ("next_review_due", "next_review_due")),
        help_text="Order by updated, published or next_review_due; a leading “-” reverses. Default: -published.",
    )

    class Meta:
        model = Publication
        fields = ("slug", "topic", "updated_since", "search", "ordering")
        form = NoEmptyValuesForm

    def filter_slug(self, queryset, name, value):
        with_slug = Publication.objects.live().filter(slug=value).values("article_id")
        return queryset.filter(article_id__in=with_slug)

    def filter_topic(self, queryset, name, value):
        topics = Topic.objects.filter(any_language("slug", value))
        return queryset.filter(
            pk__in=Publication.topics.through.objects.filter(topic__in=topics).values("publication_id")
        )

    def filter_updated_since(self, queryset, name, value):
        # A scheduled publication counts as new from the moment it went live.
        return queryset.filter(live_from__gte=parse_moment(value))

    def filter_search(self, queryset, name, value):
        # The search page's rule; an asked ordering, applied after, replaces its order.
        return matching(queryset, value, requested_language(self.request))
