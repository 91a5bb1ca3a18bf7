"""`/sitemap.xml`: every complete translation of every live article, and the site's pages.

Each URL names its alternates in the other languages it is complete in, and `x-default`, the
English page (the same links the pages themselves carry).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import SOURCE_LANGUAGE, Topic, filled_in, language_codes
from articles.publishing.models import Publication
from articles.publishing.services import LISTINGS, TOPICS
from backhealth.cache import cached_for_anonymous, depends_on
from backhealth.languages import url_in

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


class ArticleSitemap(Sitemap):
    """One entry per live translation, read from the English publications' list of translations."""

    changefreq = "monthly"
    priority = 0.8

    @cached_property
    def publications(self) -> list[Publication]:
        # One query: the English publication of each live article names every complete language.
        live = Publication.objects.live().in_language(SOURCE_LANGUAGE).order_by("article_id")
        return list(live.only("article_id", "language", "slug", "alternates", "live_from"))

    def items(self):
        return [(publication, language) for publication in self.publications for language in publication.alternates]

    def location(self, item):
        publication, language = item
        return url_in(language, "articles:detail", slug=publication.alternates[language])

    def lastmod(self, item):
        return item[0].live_from

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            publication, _language = url["item"]
            links = {
                code: f"{protocol}://{domain}{url_in(code, 'articles:detail', slug=slug)}"
                for code, slug in publication.alternates.items()
            }
            url["alternates"] = [{"location": location, "lang_code": code} for code, location in links.items()]
            if SOURCE_LANGUAGE in links:
                url["alternates"].append({"location": links[SOURCE_LANGUAGE], "lang_code": "x-default"})
        return urls


class TopicSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.6

    @cached_property
    def topics(self) -> list[Topic]:
        return list(Topic.objects.filter(publications__in=Publication.objects.live()).distinct().order_by("pk"))

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


@require_safe
@cached_for_anonymous
def sitemap_xml(request):
    # Every live article and the topics of live articles; without a scope it would never be kept.
    depends_on(LISTINGS, TOPICS)
    return sitemap(request, sitemaps=sitemaps)
