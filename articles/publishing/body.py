"""An article page's body (the `<article>` element) as HTML, rendered once, when it is published.

A publication never changes, so neither does its body: rendering it for every reader would be the
same work each time. The stored HTML carries the fingerprint of the template that made it, so a
body made by an older template is rendered afresh on reading (and `manage.py render_publications`
stores the new one) instead of being served in a shape the site no longer has.
"""

import functools
import hashlib

from django.db.models import Q
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from articles.publishing.models import Publication

BODY_TEMPLATE = "articles/article_body.html"


@functools.cache
def body_format() -> str:
    """The fingerprint of the body template's source: it changes when the template does."""
    source = get_template(BODY_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def render_body(publication) -> str:
    """The body of `publication`'s page, in its language (escaped by the template)."""
    with translation.override(publication.language):
        return render_to_string(
            BODY_TEMPLATE,
            {
                "publication": publication,
                "document": publication.document,
                "complete": not publication.is_fallback,
                "LANGUAGE_CODE": publication.language,
            },
        ).strip()


def with_body(publication):
    """`publication` with its rendered body stored on it (before it is saved)."""
    publication.body_html = render_body(publication)
    publication.body_format = body_format()
    return publication


def body_of(publication) -> SafeString:
    """The body to show: the stored one when the current template made it, else rendered now."""
    if publication.body_format == body_format() and publication.body_html:
        # Written by render_body, whose template escaped every text in it.
        return mark_safe(publication.body_html)  # noqa: S308
    return mark_safe(render_body(publication))  # noqa: S308


def render_stale_bodies(batch: int = 200) -> int:
    """Store a fresh body on every live or scheduled publication an older template rendered; how many.

    Only the derived HTML is written; what the publication says stays as it was published.
    """
    now = timezone.now()
    showing = Q(live_until__isnull=True) | Q(live_until__gt=now)
    stale = Publication.objects.filter(showing).exclude(body_format=body_format()).order_by("pk")
    done = 0
    while chunk := list(stale[:batch]):
        for publication in chunk:
            with_body(publication)
        Publication.objects.bulk_update(chunk, ["body_html", "body_format"])
        done += len(chunk)
    return done
