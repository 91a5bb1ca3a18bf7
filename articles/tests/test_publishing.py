"""Publishing: editors change a working copy; readers and the API see only what was published."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, Topic
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import PublishRefused, article_publish, article_unpublish
from articles.tests.factories import make_article, publish_now
from conftest import read_content

NEW_TITLE = "Back Spasms: What Sets Them Off"


def surfaces(article: Article, slug: str | None = None) -> dict[str, str]:
    """What readers and mirrors get from each public surface, as text."""
    client, api = Client(), APIClient()
    slug = slug or Publication.objects.live().get(article=article, language="en").slug
    return {
        "page": client.get(f"/en/articles/{slug}/").content.decode(),
        "list": client.get("/en/articles/").content.decode(),
        "search": client.get("/en/search/", {"q": "spasms"}).content.decode(),
        "sitemap": client.get("/sitemap-articles.xml").content.decode(),
        "feed": client.get("/en/feed.xml").content.decode(),
        "api": api.get(f"/api/v1/articles/{article.pk}/").content.decode(),
        "api list": api.get("/api/v1/articles/").content.decode(),
    }


def retitle(article: Article, title: str) -> Article:
    text = services.article_export(article=article, language="en").split("\n", 1)[1]
    return services.article_import(text=f"{title}\n{text}", article=article)


def test_a_save_changes_nothing_public_until_it_is_published(article):
    before = surfaces(article)
    changed = retitle(article, NEW_TITLE)
    assert changed.title_en == NEW_TITLE
    assert surfaces(article) == before
    assert all(NEW_TITLE not in text for text in before.values())


def test_publishing_shows_the_change_everywhere(article):
    publish_now(retitle(article, NEW_TITLE))
    after = surfaces(article, slug="back-spasms-what-sets-them-off")
    assert [name for name in after if NEW_TITLE not in after[name]] == ["sitemap"]
    assert "back-spasms-what-sets-them-off" in after["sitemap"]


def test_the_old_address_redirects_after_a_new_slug_is_published(article, client):
    old = Publication.objects.live().get(article=article, language="en").slug
    publish_now(retitle(article, NEW_TITLE))
    response = client.get(f"/en/articles/{old}/")
    assert (response.status_code, response["Location"]) == (301, "/en/articles/back-spasms-what-sets-them-off/")
    assert client.get("/en/articles/back-spasms-what-sets-them-off/").status_code == 200


def test_an_import_of_a_translation_changes_nothing_public(article, client):
    spanish = Publication.objects.live().get(article=article, language="es")
    page = client.get(spanish.get_absolute_url()).content.decode()
    text = read_content("back-spasms.es.txt").replace("espasmos", "ESPASMOS", 1)
    services.article_import(text=text, language="es", article=article)
    assert client.get(spanish.get_absolute_url()).content.decode() == page


def test_unpublishing_removes_it_everywhere_and_the_change_feed_says_so(article, client):
    slug = Publication.objects.live().get(article=article, language="en").slug
    article_unpublish(article=article)
    assert client.get(f"/en/articles/{slug}/").status_code == 404
    assert APIClient().get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert article.title_en not in client.get("/en/articles/").content.decode()
    assert "No results" in client.get("/en/search/", {"q": "spasms"}).content.decode() or (
        article.title_en not in client.get("/en/search/", {"q": "spasms"}).content.decode()
    )
    assert slug not in client.get("/sitemap-articles.xml").content.decode()
    assert slug not in client.get("/en/feed.xml").content.decode()
    assert APIClient().get("/api/v1/articles/").json()["count"] == 0
    events = APIClient().get("/api/v1/changes/").json()["results"]
    removed = [event for event in events if event["event"] == "removed"]
    assert sorted(event["language"] for event in removed) == ["ar", "de", "en", "es", "fr"]
    assert {event["id"] for event in removed} == {article.pk}


def test_deleting_an_article_is_a_removal_in_the_change_feed(article):
    pk = article.pk
    article.delete()
    events = APIClient().get("/api/v1/changes/").json()["results"]
    assert sorted(event["language"] for event in events if event["event"] == "removed") == [
        "ar",
        "de",
        "en",
        "es",
        "fr",
    ]
    assert {event["id"] for event in events} == {pk}


def test_a_scheduled_publication_keeps_the_live_one_until_its_time(article, client, monkeypatch):
    go_live = timezone.now() + datetime.timedelta(hours=2)
    article_publish(article=retitle(article, NEW_TITLE), at=go_live, skip_review=True)
    old_slug = Publication.objects.live().get(article=article, language="en").slug
    assert NEW_TITLE not in client.get(f"/en/articles/{old_slug}/").content.decode()
    assert APIClient().get(f"/api/v1/articles/{article.pk}/").json()["title"] != NEW_TITLE
    later = go_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert NEW_TITLE in client.get("/en/articles/back-spasms-what-sets-them-off/").content.decode()
    assert APIClient().get(f"/api/v1/articles/{article.pk}/").json()["title"] == NEW_TITLE
    assert NEW_TITLE in client.get("/en/articles/").content.decode()


def test_publishing_again_cancels_a_scheduled_publication(article):
    article_publish(article=article, at=timezone.now() + datetime.timedelta(days=1), skip_review=True)
    article_publish(article=article, skip_review=True)
    assert not Publication.objects.scheduled().filter(article=article).exists()


def test_unpublishing_cancels_a_scheduled_first_publication(draft_article, client):
    article_publish(article=draft_article, at=timezone.now() + datetime.timedelta(days=1), skip_review=True)
    article_unpublish(article=draft_article)
    assert not Publication.objects.filter(article=draft_article).exists()
    assert Article.objects.get(pk=draft_article.pk).status == Article.Status.DRAFT


def test_publishing_another_article_keeps_this_articles_cached_page(article, client, django_assert_num_queries):
    other = make_article("Another article about necks")
    url = Publication.objects.live().get(article=article, language="en").get_absolute_url()
    first = client.get(url).content
    publish_now(retitle(other, "Necks, revisited"))
    # A cache hit: one read of the numbers it depends on, no rendering.
    with django_assert_num_queries(1):
        assert client.get(url).content == first


def test_publishing_this_article_renders_its_page_again(article, client):
    url = Publication.objects.live().get(article=article, language="es").get_absolute_url()
    client.get(url)
    text = read_content("back-spasms.es.txt").replace("\nLos espasmos", "\nLos calambres", 1)
    assert "calambres" in text
    publish_now(services.article_import(text=text, language="es", article=article))
    assert "calambres" in client.get(url).content.decode()


def test_a_translation_that_is_not_complete_is_published_in_english(article):
    section = article.sections.first()
    section.heading_fr = ""
    section.save()
    publish_now(article)
    french = Publication.objects.live().get(article=article, language="fr")
    assert (french.served_language, french.title) == ("en", article.title_en)
    assert "fr" not in french.alternates


def test_publishing_an_article_incomplete_in_english_names_what_is_missing(article):
    section = article.sections.all()[1]
    section.heading_en = ""
    section.save()
    live = list(Publication.objects.live().filter(article=article).values_list("pk", flat=True))
    with pytest.raises(PublishRefused, match="section 2 heading"):
        article_publish(article=article, skip_review=True)
    assert list(Publication.objects.live().filter(article=article).values_list("pk", flat=True)) == live


def test_a_time_in_the_past_is_refused(article):
    with pytest.raises(PublishRefused, match="has passed"):
        article_publish(article=article, at=timezone.now() - datetime.timedelta(minutes=1), skip_review=True)


def test_publications_are_kept_and_say_what_readers_saw(article):
    first = Publication.objects.live().get(article=article, language="en")
    publish_now(retitle(article, NEW_TITLE))
    first.refresh_from_db()
    assert first.live_until is not None
    assert first.title == "What Causes Back Spasms? Find Relief"
    assert Publication.objects.filter(article=article, language="en").count() == 2


def test_the_working_copy_knows_it_has_unpublished_changes(article):
    assert not Article.objects.get(pk=article.pk).has_unpublished_changes
    assert retitle(article, NEW_TITLE).has_unpublished_changes
    assert not publish_now(article).has_unpublished_changes


def test_publish_article_command_refuses_an_unknown_id(db):
    with pytest.raises(Exception, match="there is no article 999"):
        call_command("publish_article", "999")


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "ar"])
def test_the_page_and_the_api_show_the_same_text_for_every_demo_article(client, language):
    api = APIClient()
    for publication in Publication.objects.live().filter(language=language):
        page = client.get(publication.get_absolute_url()).content.decode()
        data = api.get(f"/api/v1/articles/{publication.article_id}/", {"lang": language}).json()
        assert data["title"] in page and data["language"] == publication.served_language
        texts = [*data["intro"], *data["conclusion"]]
        for section in data["sections"]:
            texts.append(section["heading"])
            for block in section["blocks"]:
                if block["type"] == "paragraph":
                    texts.append(block["text"])
                elif block["type"] == "list":
                    texts += [item["text"] for item in block["items"]]
                else:
                    texts += [cell for row in block["rows"] for cell in row]
        for faq in data["faqs"]:
            texts += [faq["question"], *faq["answer"]]
        escaped = [text.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;") for text in texts]
        missing = [text for text, shown in zip(texts, escaped, strict=True) if shown not in page]
        assert not missing, (publication, missing[:3])


def test_change_events_outlive_nothing_but_scheduled_ones(article):
    article_publish(article=article, at=timezone.now() + datetime.timedelta(days=1), skip_review=True)
    assert ChangeEvent.objects.filter(article_id=article.pk, at__gt=timezone.now()).count() == 5
    article_publish(article=article, skip_review=True)
    assert ChangeEvent.objects.filter(article_id=article.pk, at__gt=timezone.now()).count() == 0


@pytest.fixture
def related_pair(db):
    """Two articles of one topic: each page links to the other under "Related articles"."""
    topic = Topic.objects.create(name_en="Necks", slug_en="necks")
    pair = []
    for title in ("Stiff necks", "Neck pain at the desk"):
        article = make_article(title, publish=False)
        article.topics.add(topic)
        pair.append(publish_now(article))
    return pair


def test_publishing_a_related_article_again_unchanged_keeps_this_page(related_pair, client, django_assert_num_queries):
    this, related = related_pair
    url = Publication.objects.live().get(article=this, language="en").get_absolute_url()
    first = client.get(url).content.decode()
    assert "Neck pain at the desk</a>" in first
    publish_now(related)
    with django_assert_num_queries(1):
        assert client.get(url).content.decode() == first


def test_retitling_a_related_article_changes_its_link_on_this_page(related_pair, client):
    this, related = related_pair
    url = Publication.objects.live().get(article=this, language="en").get_absolute_url()
    client.get(url)
    publish_now(retitle(related, "Neck pain, sitting down"))
    page = client.get(url).content.decode()
    assert "Neck pain, sitting down</a>" in page and "Neck pain at the desk</a>" not in page


def test_unpublishing_a_related_article_takes_its_link_off_this_page(related_pair, client):
    this, related = related_pair
    url = Publication.objects.live().get(article=this, language="en").get_absolute_url()
    client.get(url)
    article_unpublish(article=related)
    assert "Neck pain at the desk</a>" not in client.get(url).content.decode()
