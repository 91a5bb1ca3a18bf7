"""The articles' addresses outside the language prefixes: the sitemap and the API."""

from django.urls import include, path, re_path

from articles import sitemaps
from articles.api.http import not_found

urlpatterns = [
    path("api/v1/", include("articles.api.urls")),
    re_path(r"^api/(?:.*/)?$", not_found),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
]
