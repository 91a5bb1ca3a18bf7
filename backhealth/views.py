"""Site-wide answers for machines: the sitemap and `/robots.txt` for crawlers, `/healthz` for load balancers."""

import logging

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from articles.publishing.services import LISTINGS, TOPICS
from articles.sitemaps import sitemaps
from backhealth.cache import cached_for_anonymous, depends_on

logger = logging.getLogger(__name__)


def preview_prefixes() -> list[str]:
    """Where staff previews live in each language (the URL word is translated)."""
    prefixes = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            prefixes.append(reverse("articles:preview", kwargs={"pk": 0}).removesuffix("0/"))
    return list(dict.fromkeys(prefixes))


@require_safe
@cached_for_anonymous
def sitemap_xml(request):
    # Every live article and the topics of live articles; without a scope it would never be kept.
    depends_on(LISTINGS, TOPICS)
    return sitemap(request, sitemaps=sitemaps)


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    lines += [f"Disallow: {prefix}" for prefix in preview_prefixes()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (the reason goes to the log)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
