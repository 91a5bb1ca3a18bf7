from django.urls import include, path
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from articles import (
    converters,  # noqa: F401 (registers the `uslug` converter)
    feeds,
    views,
)
from articles.models import language_codes

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


def url_words(word: str) -> list[str]:
    """`word` in every site language (a reader may edit a URL or follow a link from another one)."""
    words = []
    for code in language_codes():
        with translation.override(code):
            words.append(pgettext("URL", word))
    return list(dict.fromkeys(words))


# Another language's URL word under this language's prefix (/es/articles/…) is sent, with a 301,
# to this language's (/es/articulos/…); this language's own word matched above first.
for article_word in url_words("articles/"):
    urlpatterns += [
        path(article_word, views.other_word, {"name": "articles:list"}),
        path(f"{article_word}<uslug:slug>/", views.other_word, {"name": "articles:detail"}),
    ]
for topic_word in url_words("topics/"):
    urlpatterns.append(path(f"{topic_word}<uslug:slug>/", views.other_word, {"name": "articles:topic"}))
