from django.urls import include, path
from django.utils.translation import pgettext_lazy

from articles import (
    converters,  # noqa: F401 (registers the `uslug` converter)
    feeds,
    views,
)

app_name = "articles"

# Only the words are translated (/es/articulos/…, /de/artikel/…); the slugs come from the content.
urlpatterns = [
    path("", views.home, name="home"),
    path(
        pgettext_lazy("URL", "articles/"),
        include(
            [
                path("", views.article_list, name="list"),
                path("<uslug:slug>/", views.article_detail, name="detail"),
            ]
        ),
    ),
    path(pgettext_lazy("URL", "topics/"), include([path("<uslug:slug>/", views.topic_detail, name="topic")])),
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path("feed.xml", feeds.latest_articles, name="feed"),
    path(pgettext_lazy("URL", "preview/"), include([path("<int:pk>/", views.article_preview, name="preview")])),
]
