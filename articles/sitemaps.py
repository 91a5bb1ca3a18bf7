"""`/sitemap.xml`, an index of sections: every complete translation of every live article, the
topics and the site's pages.

Each URL names its alternates in the other languages it is complete in, and `x-default`, the
English page (the same links the pages themselves carry).
"""

from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap, views
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import SOURCE_LANGUAGE, Topic, filled_in, language_codes
from articles.publishing.models import Publication
from articles.publishing.services import LISTINGS, TOPICS
from backhealth.cache import cached_for_anonymous, depends_on
from backhealth.languages import url_in

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# Articles per section of the sitemap: up to five URLs each, with their alternates about 1.3 kB a URL.
ARTICLES_PER_SECTION = 50


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
    """One entry per live translation, read from the English publications' list of translations.

    A section holds ARTICLES_PER_SECTION articles, each one URL per language it is complete in, so
    a section stays far below the 50,000 URLs (and 50 MB) a sitemap file may hold, and small
    enough to be kept in the answer cache. Sections are pages of articles in SQL: no request
    reads every article.
    """

    changefreq = "monthly"
    priority = 0.8
    limit = ARTICLES_PER_SECTION

    def items(self):
        # The English publication of each live article names every complete language.
        live = Publication.objects.live().in_language(SOURCE_LANGUAGE).order_by("article_id")
        return live.only("article_id", "language", "slug", "alternates", "live_from")

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("live_from"))["latest"]

    def _urls(self, page, protocol, domain):
        urls = []
        for publication in self.paginator.page(page).object_list:
            links = {
                code: f"{protocol}://{domain}{url_in(code, 'articles:detail', slug=slug)}"
                for code, slug in publication.alternates.items()
            }
            alternates = [{"location": location, "lang_code": code} for code, location in links.items()]
            if SOURCE_LANGUAGE in links:
                alternates.append({"location": links[SOURCE_LANGUAGE], "lang_code": "x-default"})
            urls += [
                {
                    "item": publication,
                    "location": location,
                    "lastmod": publication.live_from,
                    "changefreq": self.changefreq,
                    "priority": str(self.priority),
                    "alternates": alternates,
                }
                for location in links.values()
            ]
            latest = getattr(self, "latest_lastmod", None)
            self.latest_lastmod = max(latest or publication.live_from, publication.live_from)
        return urls


class TopicSitemap(TranslatedSitemap):
    changefreq = "weekly"
    priority = 0.6

    @cached_property
    def topics(self) -> list[Topic]:
        # Each topic stops at its first live publication (a join would read every one).
        live = Publication.objects.live().filter(topics=OuterRef("pk"))
        return list(Topic.objects.filter(Exists(live)).order_by("pk"))

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
def index_xml(request):
    """`/sitemap.xml`: the index of the sections, each a page of one of `sitemaps`."""
    depends_on(LISTINGS, TOPICS)
    return views.index(request, sitemaps, sitemap_url_name="sitemap-section")


@require_safe
@cached_for_anonymous(parameters=("p",))
def section_xml(request, section):
    # Every live article and the topics of live articles; without a scope it would never be kept.
    depends_on(LISTINGS, TOPICS)
    return views.sitemap(request, sitemaps=sitemaps, section=section)
