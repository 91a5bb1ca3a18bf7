"""The articles' addresses outside the language prefixes: the sitemap and the API."""

from django.urls import include, path, re_path

from articles import sitemaps
from articles.api.http import not_found

urlpatterns = [
    path("api/v1/", include("articles.api.urls")),
    re_path(r"^api/(?:.*/)?$", not_found),
    path("sitemap.xml", sitemaps.index_xml, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section_xml, name="sitemap-section"),
]
