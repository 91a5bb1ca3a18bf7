"""`/<lang>/feed.xml`: an Atom feed of the newest articles readers can read in that language."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.publishing.models import Publication
from articles.publishing.services import LISTINGS
from backhealth.cache import cached_for_anonymous, depends_on

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        # The language comes from the URL prefix; the feed names it and reads every field in it.
        depends_on(LISTINGS)
        return translation.get_language()

    def title(self, language):
        return _("Backhealth: latest articles")

    def subtitle(self, language):
        return _("New and updated articles about back health.")

    def author_name(self, language):
        # RFC 4287: a feed whose entries name no author names one itself.
        return settings.SITE_ORGANIZATION["name"]

    def author_link(self, language):
        return settings.SITE_ORGANIZATION["url"] or None

    def link(self, language):
        return reverse("articles:home")

    def feed_url(self, language):
        return reverse("articles:feed")

    def items(self, language):
        return Publication.objects.live().in_language(language).translated().newest_first()[:FEED_LENGTH]

    def item_title(self, publication):
        return publication.title

    def item_description(self, publication):
        # Atom readers take a summary as HTML: escape it so markup in the text stays text.
        return escape(publication.description)

    def item_link(self, publication):
        return publication.get_absolute_url()

    def item_guid(self, publication):
        # One entry per article and language, however often it is published again.
        return self.item_link(publication)

    def item_pubdate(self, publication):
        return publication.first_published_at

    def item_updateddate(self, publication):
        return publication.live_from


latest_articles = cached_for_anonymous(LatestArticlesFeed())
