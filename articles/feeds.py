"""`/<lang>/feed.xml`: an Atom feed of the newest articles readers can read in that language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from articles.models import Article
from backhealth.cache import cached_for_anonymous

FEED_LENGTH = 20


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        # The language comes from the URL prefix; the feed names it and reads every field in it.
        return translation.get_language()

    def title(self, language):
        return _("Backhealth: latest articles")

    def subtitle(self, language):
        return _("New and updated articles about back health.")

    def link(self, language):
        return reverse("articles:home")

    def feed_url(self, language):
        return reverse("articles:feed")

    def items(self, language):
        return Article.objects.published().complete_in(language).order_by("-publish_at", "-id")[:FEED_LENGTH]

    def item_title(self, article):
        return getattr(article, f"title_{translation.get_language()}")

    def item_description(self, article):
        # Atom readers take a summary as HTML: escape it so markup in the text stays text.
        return escape(article.meta_description(translation.get_language()))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated


latest_articles = cached_for_anonymous(LatestArticlesFeed())
