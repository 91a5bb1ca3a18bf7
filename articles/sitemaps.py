"""`/sitemap.xml`: every complete translation of every published article, and the site's pages.

Each URL names its alternates in the other languages it is complete in, and `x-default`, the
English page (the same links the pages themselves carry).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Topic, filled_in, language_codes

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True

    def get_urls(self, page=1, site=None, protocol=None):
        # Django's own x-default drops the language prefix, but every URL here has one: point at
        # the page in the default language instead.
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            default = [alternate for alternate in url["alternates"] if alternate["lang_code"] == DEFAULT_LANGUAGE]
            if default:
                url["alternates"].append({"location": default[0]["location"], "lang_code": "x-default"})
        return urls


class ArticleSitemap(TranslatedSitemap):
    changefreq = "monthly"
    priority = 0.8

    @cached_property
    def articles(self) -> list[Article]:
        # Called once per request (the view makes a new sitemap each time), in a fixed number of
        # queries: completeness is then read from the prefetched structure.
        return list(Article.objects.published().with_structure().order_by("pk"))

    def items(self):
        return self.articles

    def get_languages_for_item(self, article):
        return article.complete_languages()

    def lastmod(self, article):
        return article.updated


class TopicSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.6

    @cached_property
    def topics(self) -> list[Topic]:
        return list(Topic.objects.filter(articles__in=Article.objects.published()).distinct().order_by("pk"))

    def items(self):
        return self.topics

    def get_languages_for_item(self, topic):
        return [language for language in language_codes() if filled_in(topic, language, ("name", "slug"))]


class PageSitemap(TranslatedSitemap):
    """The pages every language has: home, the article list and the FAQ page."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        return ["articles:home", "articles:list", "faq:list"]

    def location(self, name):
        return reverse(name)


sitemaps = {"articles": ArticleSitemap, "topics": TopicSitemap, "pages": PageSitemap}
