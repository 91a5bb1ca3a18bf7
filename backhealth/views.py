"""Site-wide answers for machines: `/robots.txt` for crawlers, `/healthz` for load balancers."""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

HEALTH_PROBE_KEY = "healthz-probe"


def preview_prefixes() -> list[str]:
    """Where staff previews live in each language (the URL word is translated)."""
    prefixes = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            prefixes.append(reverse("articles:preview", kwargs={"pk": 0}).removesuffix("0/"))
    return list(dict.fromkeys(prefixes))


@require_safe
@cache_control(max_age=60 * 60, public=True)
def robots_txt(request):
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}"]
    lines += [f"Disallow: {prefix}" for prefix in preview_prefixes()]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return False
    return True


def cache_answers() -> bool:
    """A round trip through the shared cache; its backend logs why it failed, if it did."""
    probe = secrets.token_hex(8)
    cache.set(HEALTH_PROBE_KEY, probe, 10)
    return cache.get(HEALTH_PROBE_KEY) == probe


@require_safe
@never_cache
def healthz(request):
    """The database and the cache, each "ok" or "unavailable".

    503 only without the database: the site still answers without its cache, only slower, so a load
    balancer must keep sending readers ("degraded").
    """
    database = database_answers()
    cache_ok = cache_answers()
    status = "ok" if database and cache_ok else "degraded" if database else "unavailable"
    body = {
        "status": status,
        "database": "ok" if database else "unavailable",
        "cache": "ok" if cache_ok else "unavailable",
    }
    return JsonResponse(body, status=200 if database else 503)
