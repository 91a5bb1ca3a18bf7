"""Moments typed by people: ISO 8601 dates and date-times, read in the site's time zone."""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


def parse_moment(value: str) -> datetime.datetime | None:
    """An ISO 8601 date-time (without an offset: the site's time zone), or None."""
    try:
        parsed = parse_datetime(value.strip()) if "T" in value or " " in value.strip() else None
    except ValueError:
        return None
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def parse_day_or_moment(value: str) -> datetime.datetime | None:
    """A date means the end of that day ("what did the page say on 3 March"), else as parse_moment."""
    try:
        day = parse_date(value.strip())
    except ValueError:
        return None
    if day is not None:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    return parse_moment(value)
