import datetime
import time
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles import services
from articles.models import Article, Topic, TriggerRow
from articles.publishing.models import Publication
from articles.publishing.services import article_publish
from articles.sitemaps import ArticleSitemap
from articles.tests.factories import make_article, publish_now
from backhealth.cache import MAX_ANSWER_BYTES

LANGUAGES = ("en", "es", "fr", "de", "ar")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def article_url(article: Article, language: str) -> str:
    with translation.override(language):
        return absolute(article.get_absolute_url())


def parse(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 (our own answer, not untrusted input)


def sitemap_sections(client) -> list[str]:
    """The paths of the sections /sitemap.xml lists."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [loc.text for loc in parse(response.content).iter(f"{SITEMAP}loc")]
    assert all(location.startswith(absolute("/sitemap-")) for location in locations)
    return [location.removeprefix(absolute("")) for location in locations]


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each <loc> of every section of /sitemap.xml with its alternates as {hreflang: href}."""
    urls = {}
    for section in sitemap_sections(client):
        response = client.get(section)
        assert response.status_code == 200
        for url in parse(response.content).findall(f"{SITEMAP}url"):
            location = url.findtext(f"{SITEMAP}loc")
            assert location not in urls, f"{location} is in two sections"
            urls[location] = {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link[@rel='alternate']")
            }
    return urls


def feed(client, language: str) -> ElementTree.Element:
    response = client.get(f"/{language}/feed.xml")
    assert response.status_code == 200
    return parse(response.content)


def entry_titles(root) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in root.findall(f"{ATOM}entry")]


def make_incomplete(article: Article, language: str) -> None:
    """Blank one table cell of `language` in the working copy (not published)."""
    row = TriggerRow.objects.filter(table__section__article=article).first()
    setattr(row, f"trigger_{language}", "")
    row.save()
    services.article_saved(article=article)


def travel_to(monkeypatch, moment: datetime.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(time, "time", lambda: moment.timestamp())


@pytest.mark.django_db
class TestSitemap:
    def test_every_complete_translation_has_its_own_url(self, client, article):
        urls = sitemap(client)

        assert {article_url(article, language) for language in LANGUAGES} <= set(urls)

    def test_each_url_names_every_translation_and_x_default(self, client, article):
        expected = {language: article_url(article, language) for language in LANGUAGES}
        expected["x-default"] = article_url(article, "en")

        assert sitemap(client)[article_url(article, "es")] == expected

    def test_incomplete_translation_is_left_out(self, client, article):
        make_incomplete(article, "de")
        german = article_url(article, "de")
        assert german in sitemap(client)
        publish_now(article)

        urls = sitemap(client)

        assert german not in urls
        assert "de" not in urls[article_url(article, "en")]
        assert german not in urls[article_url(article, "en")].values()

    def test_article_without_a_french_translation_has_no_french_url(self, client, demo):
        posture = Article.objects.get(slug_en__startswith="good-posture")

        urls = sitemap(client)

        assert article_url(posture, "fr") not in urls
        assert set(urls[article_url(posture, "en")]) == {"en", "es", "de", "ar", "x-default"}

    def test_draft_is_not_listed(self, client, draft_article):
        urls = sitemap(client)

        assert not any(draft_article.slug_en in url for url in urls)

    def test_scheduled_article_is_not_listed_before_its_time(self, client, article, draft_article, monkeypatch):
        go_live = timezone.now() + datetime.timedelta(days=1)
        article_publish(article=draft_article, at=go_live, skip_review=True)

        assert article_url(draft_article, "en") not in sitemap(client)
        travel_to(monkeypatch, go_live + datetime.timedelta(seconds=1))
        assert article_url(draft_article, "en") in sitemap(client)

    def test_home_list_and_faq_pages_are_listed_in_every_language(self, client, db):
        urls = sitemap(client)

        for name in ("articles:home", "articles:list", "faq:list"):
            expected = {language: absolute(url_in(language, name)) for language in LANGUAGES}
            expected["x-default"] = expected["en"]
            for language in LANGUAGES:
                assert urls[expected[language]] == expected

    def test_topic_page_of_a_published_article_is_listed(self, client, demo):
        topic = Topic.objects.filter(publications__in=Publication.objects.live()).first()

        urls = sitemap(client)

        assert absolute(url_in("ar", "articles:topic", slug=topic.slug_ar)) in urls

    def test_sitemap_page_that_does_not_exist_is_404(self, client, article):
        assert client.get("/sitemap-articles.xml?p=2").status_code == 404
        assert client.get("/sitemap-articles.xml?p=abc").status_code == 404
        assert client.get("/sitemap-nothing.xml").status_code == 404

    def test_the_sitemap_is_an_index_of_sections(self, client, demo):
        assert sitemap_sections(client) == ["/sitemap-articles.xml", "/sitemap-topics.xml", "/sitemap-pages.xml"]

    def test_articles_are_split_into_sections_of_a_few_articles(self, client, demo, monkeypatch):
        monkeypatch.setattr(ArticleSitemap, "limit", 2)
        for number in range(3):
            make_article(f"More reading {number}", languages=("es",))
        live = Publication.objects.live().filter(language="en").count()
        sections = [section for section in sitemap_sections(client) if section.startswith("/sitemap-articles")]
        assert len(sections) == -(-live // 2) > 1
        for section in sections:
            urls = parse(client.get(section).content).findall(f"{SITEMAP}url")
            # Two articles, each once per language it is complete in.
            assert 0 < len(urls) <= 2 * len(LANGUAGES)
        urls = sitemap(client)
        assert absolute(url_in("es", "articles:detail", slug="es-more-reading-2")) in urls
        assert len([url for url in urls if "/articles/" in url or "/articulos/" in url]) >= live

    def test_a_full_section_is_far_below_the_limits_of_a_sitemap_file(self, client, demo):
        # A sitemap file holds at most 50,000 URLs and 50 MB; a section must also fit the answer
        # cache. Measured on the demo's section: its bytes per URL, for a section of `limit`
        # articles, each at most one URL per language.
        response = client.get("/sitemap-articles.xml")
        urls = len(parse(response.content).findall(f"{SITEMAP}url"))
        most_urls = ArticleSitemap.limit * len(LANGUAGES)
        assert most_urls <= 50_000
        assert len(response.content) / urls * most_urls <= MAX_ANSWER_BYTES

    def test_sitemap_makes_a_fixed_number_of_queries(self, client, demo, django_assert_num_queries):
        # The index: the scope numbers, the number of articles and their latest change, the topics
        # of live articles. A section of articles: the scope numbers, the number of articles, the
        # page of English publications, which name every complete translation.
        with django_assert_num_queries(4):
            client.get("/sitemap.xml")
        with django_assert_num_queries(3):
            client.get("/sitemap-articles.xml")
        for number in range(5):
            make_article(f"More reading {number}", languages=("es",))
        with django_assert_num_queries(4):
            client.get("/sitemap.xml")
        with django_assert_num_queries(3):
            client.get("/sitemap-articles.xml")
        assert absolute(url_in("es", "articles:detail", slug="es-more-reading-4")) in sitemap(client)


@pytest.mark.django_db
class TestFeed:
    def test_feed_is_atom_in_its_language(self, client, article):
        response = client.get("/es/feed.xml")

        assert response["Content-Type"].startswith("application/atom+xml")
        assert parse(response.content).get(XML_LANG) == "es"

    def test_titles_and_summaries_are_in_the_feed_language(self, client, article):
        [entry] = feed(client, "de").findall(f"{ATOM}entry")

        assert entry.findtext(f"{ATOM}title") == article.title_de
        german = Publication.objects.live().get(article=article, language="de")
        assert entry.findtext(f"{ATOM}summary") == german.description
        assert german.description.startswith(article.intro_de.split()[0])
        assert entry.find(f"{ATOM}link").get("href") == article_url(article, "de")

    def test_newest_article_comes_first(self, client, demo):
        english = Publication.objects.live().in_language("en")
        oldest = english.order_by("first_published_at", "article_id").first()
        assert entry_titles(feed(client, "en"))[0] != oldest.title
        english.filter(article_id=oldest.article_id).update(
            first_published_at=timezone.now() + datetime.timedelta(seconds=1)
        )
        publish_now(make_article("Cache breaker", publish=False))  # raises "listings" for the feed

        assert entry_titles(feed(client, "en"))[:2] == [oldest.title, "Cache breaker"]

    def test_draft_is_not_in_the_feed(self, client, article, draft_article):
        assert entry_titles(feed(client, "en")) == [article.title_en]

    def test_incomplete_translation_is_not_in_that_language_feed(self, client, article):
        make_incomplete(article, "fr")
        assert entry_titles(feed(client, "fr")) == [article.title_fr]
        publish_now(article)

        assert entry_titles(feed(client, "fr")) == []
        assert entry_titles(feed(client, "en")) == [article.title_en]

    def test_markup_in_a_summary_is_shown_as_text(self, client, article):
        article.summary_en = "Spasms <b>explained</b> & eased"
        article.save()
        publish_now(article)

        [entry] = feed(client, "en").findall(f"{ATOM}entry")

        assert entry.findtext(f"{ATOM}summary") == "Spasms &lt;b&gt;explained&lt;/b&gt; &amp; eased"

    def test_unknown_language_has_no_feed(self, client, article):
        assert client.get("/xx/feed.xml").status_code == 404


@pytest.mark.django_db
class TestRobots:
    def test_points_to_the_absolute_sitemap_url(self, client):
        response = client.get("/robots.txt")

        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()

    def test_disallows_the_admin(self, client):
        assert "Disallow: /admin/" in client.get("/robots.txt").content.decode().splitlines()

    def test_disallows_previews_in_every_language(self, client):
        disallowed = [
            line.removeprefix("Disallow: ")
            for line in client.get("/robots.txt").content.decode().splitlines()
            if line.startswith("Disallow: ")
        ]

        for language in LANGUAGES:
            preview = url_in(language, "articles:preview", pk=1)
            assert any(preview.startswith(prefix) for prefix in disallowed), preview


@pytest.mark.django_db
class TestFreshness:
    def test_sitemap_shows_an_article_as_soon_as_it_is_published(self, client, article, draft_article):
        sitemap(client)

        article_publish(article=draft_article, skip_review=True)

        assert article_url(draft_article, "en") in sitemap(client)

    def test_feed_shows_an_article_as_soon_as_it_is_published(self, client, article, draft_article):
        feed(client, "en")

        article_publish(article=draft_article, skip_review=True)

        assert draft_article.title_en in entry_titles(feed(client, "en"))

    def test_second_sitemap_request_is_served_from_the_cache(self, client, demo, django_assert_max_num_queries):
        sections = sitemap_sections(client)
        sitemap(client)

        # One freshness check of the scope numbers per answer.
        with django_assert_max_num_queries(1 + len(sections)):
            sitemap(client)
