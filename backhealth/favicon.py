"""`/favicon.ico`: browsers and crawlers ask for it at the root whatever a page links to."""

from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "favicon.ico"


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request):
    return HttpResponse(ICON.read_bytes(), content_type="image/x-icon")
