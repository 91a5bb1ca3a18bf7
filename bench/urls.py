"""The site's URLs plus `/bench/plain/<bytes>/`: the yardstick every measured page is compared with."""

from django.http import HttpResponse
from django.urls import path

from backhealth.urls import urlpatterns as site_urlpatterns


def plain(request, size):
    """The least a Django view can do: the same middleware, a fixed body of `size` bytes."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/plain/<int:size>/", plain), *site_urlpatterns]
