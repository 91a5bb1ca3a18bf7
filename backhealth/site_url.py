"""One public origin for every absolute URL (`SITE_URL`), whatever Host a request names.

Canonical links, hreflang, Open Graph, JSON-LD, the sitemap, feeds and the API's links are all
built from the request's scheme and host. A Host that is allowed but not the site's (another
port, a second name) would otherwise end up in answers that the cache shares with everyone.
With `SITE_URL` set and debug off, this middleware checks the Host as Django always does, then
makes the request name the site's own origin, so every URL built from it is the site's.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed


class SiteURLMiddleware:
    def __init__(self, get_response):
        if settings.DEBUG or not settings.SITE_URL:
            raise MiddlewareNotUsed
        origin = urlsplit(settings.SITE_URL)
        if origin.scheme not in ("http", "https") or not origin.netloc:
            raise ImproperlyConfigured(
                f"SITE_URL must be an origin such as https://backhealth.example, not {settings.SITE_URL!r}"
            )
        self.scheme, self.host = origin.scheme, origin.netloc
        self.get_response = get_response

    def __call__(self, request):
        request.get_host()  # an unknown Host is refused here, as anywhere
        request.META["HTTP_HOST"] = self.host
        request.META.pop("HTTP_X_FORWARDED_HOST", None)
        request.META["wsgi.url_scheme"] = self.scheme
        if settings.SECURE_PROXY_SSL_HEADER:
            header, secure = settings.SECURE_PROXY_SSL_HEADER
            request.META[header] = secure if self.scheme == "https" else "http"
        return self.get_response(request)
