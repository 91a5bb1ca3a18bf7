"""The public article pages, through the test client (DESIGN.md "Public site")."""

import datetime
import json
import re
import time
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, Section, Topic, TriggerRow, TriggerTable
from articles.pages import url_in
from articles.publishing.models import Publication
from articles.publishing.services import PublishRefused, article_publish
from articles.tests.factories import make_article, publish_now
from faq.models import FAQ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]


@pytest.fixture
def article(db):
    """The seed article from the demo content: published and complete in every language."""
    return Article.objects.get(slug_en="what-causes-back-spasms-find-relief")


def detail_url(article, language, slug=None):
    return url_in(language, "articles:detail", slug=slug or getattr(article, f"slug_{language}"))


class Head(HTMLParser):
    """The links, metas and JSON-LD blocks of a page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.metas, self.json_ld, self._in_json = [], [], [], False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta":
            self.metas.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json = True

    def handle_endtag(self, tag):
        self._in_json = False

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))

    def hreflangs(self):
        return {link["hreflang"]: link["href"] for link in self.links if "hreflang" in link}

    def canonical(self):
        return next(link["href"] for link in self.links if link.get("rel") == "canonical")

    def meta(self, key, value):
        return [meta.get("content") for meta in self.metas if meta.get(key) == value]

    def block(self, kind):
        return next(block for block in self.json_ld if block["@type"] == kind)


def test_home_shows_topics_latest_articles_and_site_faqs(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nerve pain" in page
    assert "Sciatica: Symptoms, Causes and When to Get Help" in page
    assert FAQ.objects.site_wide().first().question_en in page
    assert url_in("en", "faq:list") in page


def test_article_list_is_paginated(client, db):
    for number in range(12):
        make_article(f"Extra {number}", sections=1, tables=0)
    first = client.get("/en/articles/").content.decode()
    second = client.get("/en/articles/?page=2").content.decode()
    assert "Page 1 of 2" in first
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 6


@pytest.mark.parametrize("page", ["0", "3", "abc", "9" * 40])
def test_article_list_page_that_does_not_exist_is_404(client, page):
    assert client.get(f"/en/articles/?page={page}").status_code == 404


def test_article_page_shows_the_whole_article(client, article):
    page = client.get(detail_url(article, "en")).content.decode()
    assert "<h1>What Causes Back Spasms? Find Relief</h1>" in page
    assert "<strong>Lifting heavy objects:</strong> Lifting heavy objects can put" in page
    assert '<th scope="col">Trigger</th><th scope="col">Description</th>' in page
    assert "<caption>" in page
    assert "<details>\n      <summary>How can I prevent back spasms?</summary>" in page
    assert "In conclusion, back spasms are a common" in page


def make_draft(slug, *topics):
    draft = Article.objects.create(title_en="Draft", slug_en=slug, intro_en="i", conclusion_en="c")
    draft.topics.add(*topics)
    return draft


def test_article_page_has_breadcrumbs_topics_and_related_published_articles_only(client, db):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    make_draft("draft-sciatica", Topic.objects.get(slug_en="back-pain"))
    page = client.get(detail_url(sciatica, "en")).content.decode()
    assert 'aria-label="Breadcrumbs"' in page
    assert 'href="/en/topics/nerve-pain/"' in page
    related = page.split("Related articles")[1]
    assert "Good Posture for a Healthy Back" in related
    assert "draft-sciatica" not in related


def test_article_dates_are_formatted_for_the_language(client, article):
    Article.objects.filter(pk=article.pk).update(
        last_reviewed=datetime.date(2026, 9, 15), next_review_due=datetime.date(2027, 3, 1)
    )
    assert "1 de marzo de 2027" not in client.get(detail_url(article, "es")).content.decode()
    publish_now(article)
    assert "1 de marzo de 2027" in client.get(detail_url(article, "es")).content.decode()
    assert "15 de septiembre de 2026" in client.get(detail_url(article, "es")).content.decode()
    assert "1. März 2027" in client.get(detail_url(article, "de")).content.decode()
    assert "Sept. 15, 2026" in client.get(detail_url(article, "en")).content.decode()


def test_arabic_article_page_is_right_to_left(client, article):
    response = client.get(detail_url(article, "ar"))
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_accented_spanish_slug_is_served(client, article):
    url = detail_url(article, "es")
    assert "%C3%A9" in url  # "qué" travels percent-encoded
    assert client.get(url).status_code == 200


def test_article_page_has_canonical_and_hreflang_for_every_complete_translation(client, article):
    head = Head(client.get(detail_url(article, "fr")).content.decode())
    assert head.canonical() == "http://testserver" + detail_url(article, "fr")
    hreflangs = head.hreflangs()
    assert set(hreflangs) == {"en", "es", "fr", "de", "ar", "x-default"}
    assert hreflangs["x-default"] == hreflangs["en"] == "http://testserver" + detail_url(article, "en")
    assert hreflangs["de"] == "http://testserver" + detail_url(article, "de")


def test_article_page_has_open_graph_and_meta_description_from_the_summary(client, article):
    Article.objects.filter(pk=article.pk).update(summary_en="Why the back seizes up, and what helps.")
    assert "Why the back seizes up" not in client.get(detail_url(article, "en")).content.decode()
    publish_now(article)
    head = Head(client.get(detail_url(article, "en")).content.decode())
    assert head.meta("name", "description") == ["Why the back seizes up, and what helps."]
    assert head.meta("property", "og:description") == ["Why the back seizes up, and what helps."]
    assert head.meta("property", "og:title") == ["What Causes Back Spasms? Find Relief"]
    assert head.meta("property", "og:url") == ["http://testserver" + detail_url(article, "en")]


def test_json_ld_describes_the_medical_page(client, db):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    head = Head(client.get(detail_url(sciatica, "de")).content.decode())
    page = head.block("MedicalWebPage")
    assert page["inLanguage"] == "de"
    assert page["lastReviewed"] == "2026-10-02"
    assert page["name"] == sciatica.title_de
    assert [part.get("hasHealthAspect") for part in page["hasPart"] if "hasHealthAspect" in part] == [
        "https://schema.org/OverviewHealthAspect",
        "https://schema.org/CausesHealthAspect",
        "https://schema.org/SymptomsHealthAspect",
        "https://schema.org/SeeDoctorHealthAspect",
    ]


def test_json_ld_faq_page_names_every_faq(client, article):
    head = Head(client.get(detail_url(article, "es")).content.decode())
    questions = [entry["name"] for entry in head.block("FAQPage")["mainEntity"]]
    assert questions == [faq.question_es for faq in article.faqs.all()]
    assert all(entry["acceptedAnswer"]["text"] for entry in head.block("FAQPage")["mainEntity"])


def test_text_cannot_break_out_of_the_json_ld_script(client, article):
    title = "Spasms </script><script>alert(1)</script> & <!-- more"
    Article.objects.filter(pk=article.pk).update(title_en=title)
    publish_now(article)
    page = client.get(detail_url(article, "en")).content.decode()
    assert "<script>alert(1)" not in page
    assert Head(page).block("MedicalWebPage")["name"] == title


def test_markup_in_the_text_is_shown_not_run(client, article):
    Article.objects.filter(pk=article.pk).update(intro_en='<script>alert("x")</script> <b>bold</b>')
    publish_now(article)
    page = client.get(detail_url(article, "en")).content.decode()
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in page


def test_slug_of_another_language_redirects_permanently_to_this_languages_slug(client, article):
    response = client.get(detail_url(article, "de", slug=article.slug_en))
    assert response.status_code == 301
    assert response["Location"] == detail_url(article, "de")


def test_incomplete_translation_is_served_in_english_at_that_languages_url(client, db):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    response = client.get(detail_url(posture, "fr", slug=posture.slug_en))
    assert response.status_code == 200
    page = response.content.decode()
    head = Head(page)
    assert '<html lang="fr" dir="ltr">' in page
    assert "Cet article n’a pas encore été traduit dans votre langue" in page
    assert '<article class="article" lang="en" dir="ltr">' in page
    assert "<h1>Good Posture for a Healthy Back: Desk, Phone and Sleep</h1>" in page
    assert head.meta("name", "robots") == ["noindex"]
    assert head.canonical() == "http://testserver" + detail_url(posture, "en")
    assert head.hreflangs() == {}


def test_incomplete_translation_under_its_own_slug_redirects_for_now_to_the_english_slug(client, db):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    Article.objects.filter(pk=posture.pk).update(slug_fr="bonne-posture")
    publish_now(posture)
    assert Publication.objects.live().get(article=posture, language="fr").slug == posture.slug_en
    response = client.get(url_in("fr", "articles:detail", slug="bonne-posture"))
    # Temporary: once the French is published, this address is the French page itself.
    assert (response.status_code, response["Location"]) == (302, detail_url(posture, "fr", slug=posture.slug_en))
    assert client.get(detail_url(posture, "fr", slug=posture.slug_en)).status_code == 200


def test_a_drafts_slug_answers_404(client, db):
    from articles.tests.factories import make_article

    draft = make_article("Never published here", publish=False)
    assert client.get(url_in("en", "articles:detail", slug=draft.slug_en)).status_code == 404


def test_other_pages_name_no_hreflang_for_an_incomplete_language(client, db):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    page = client.get(detail_url(posture, "es")).content.decode()
    assert set(Head(page).hreflangs()) == {"en", "es", "de", "ar", "x-default"}
    assert 'lang="fr"' not in page.split('class="languages"')[1].split("</nav>")[0]


def test_language_switcher_lists_complete_languages_linking_to_the_same_article(client, db):
    posture = Article.objects.get(slug_en__startswith="good-posture")
    page = client.get(detail_url(posture, "en")).content.decode()
    switcher = page.split('class="languages"')[1].split("</nav>")[0]
    links = re.findall(r'href="/language/(\w+)/\?next=([^"]+)"', switcher)
    assert [code for code, _next in links] == ["es", "de", "ar"]
    assert "Español" in switcher and "العربيّة" in switcher


def test_draft_article_is_404(client, db):
    draft = make_draft("a-draft")
    assert client.get(detail_url(draft, "en")).status_code == 404


def test_scheduled_article_is_404_until_its_time(client, monkeypatch):
    scheduled = make_article("Scheduled for tomorrow", publish=False)
    go_live = timezone.now() + datetime.timedelta(days=1)
    article_publish(article=scheduled, at=go_live, skip_review=True)
    assert client.get(detail_url(scheduled, "en")).status_code == 404
    assert "Scheduled for tomorrow" not in client.get("/en/articles/").content.decode()
    later = go_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert client.get(detail_url(scheduled, "en")).status_code == 200
    assert "Scheduled for tomorrow" in client.get("/en/articles/").content.decode()


def test_drafts_never_appear_in_the_list_or_home(client, db):
    make_draft("draft-only-slug")
    assert "draft-only-slug" not in client.get("/en/articles/").content.decode()
    assert "draft-only-slug" not in client.get("/en/").content.decode()


def test_staff_preview_shows_a_draft_privately(client, django_user_model):
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(url_in("en", "articles:preview", pk=make_draft("a-draft").pk))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Preview: readers cannot see this article" in response.content.decode()


def test_preview_is_404_for_the_public(client, db):
    assert client.get(url_in("en", "articles:preview", pk=make_draft("a-draft").pk)).status_code == 404


def test_preview_is_404_for_a_user_who_is_not_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(url_in("en", "articles:preview", pk=make_draft("a-draft").pk)).status_code == 404


@pytest.mark.parametrize("path", ["/xx/", "/zz/articles/", "/english/"])
def test_unknown_language_prefix_is_404(client, article, path):
    assert client.get(path).status_code == 404


def test_unknown_article_is_404(client, article):
    assert client.get("/en/articles/no-such-article/").status_code == 404


def test_topic_page_lists_its_published_articles(client, db):
    page = client.get(url_in("es", "articles:topic", slug="dolor-nervioso")).content.decode()
    assert "<h1>Dolor nervioso</h1>" in page
    assert "Ciática" in page
    assert "Buena postura" not in page


def test_topic_slug_of_another_language_redirects(client, db):
    response = client.get(url_in("de", "articles:topic", slug="nerve-pain"))
    assert response.status_code == 301
    assert response["Location"] == url_in("de", "articles:topic", slug="nervenschmerzen")


def test_a_save_changes_nothing_public_until_it_is_published_then_shows_on_a_cached_page(client, article):
    url = detail_url(article, "en")
    assert "Find Relief" in client.get(url).content.decode()
    article.title_en = "Back Spasms Explained"
    article.save()
    services.article_saved(article=article)
    page = client.get(url).content.decode()
    assert "Find Relief" in page and "Back Spasms Explained" not in page
    publish_now(article)
    assert "Back Spasms Explained" in client.get(url).content.decode()


def add_parts(article, sections: int, rows: int, faqs: int):
    for number in range(sections):
        section = Section.objects.create(
            article=article,
            order=100 + number,
            heading_en=f"Part {number}",
            body_en="Text.\n- Term: text",
            aspect=Section.Aspect.OVERVIEW,
        )
        table = TriggerTable.objects.create(section=section, trigger_heading_en="A", description_heading_en="B")
        TriggerRow.objects.bulk_create(
            TriggerRow(table=table, order=row, trigger_en=f"t{row}", description_en=f"d{row}") for row in range(rows)
        )
    FAQ.objects.bulk_create(
        FAQ(article=article, order=100 + number, question_en=f"Q{number}?", answer_en="A.") for number in range(faqs)
    )
    return publish_now(services.article_saved(article=article))


# The live article for the slug, the scope numbers of the article and topics, its publication,
# the publication's topics, the related publications and their scope numbers. The whole
# document is one field of the publication, so its size changes nothing.
ARTICLE_PAGE_QUERIES = 6


def test_article_page_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        assert client.get(detail_url(sciatica, "en")).status_code == 200


def test_large_article_page_makes_the_same_number_of_queries(client, django_assert_num_queries):
    sciatica = add_parts(Article.objects.get(slug_en__startswith="sciatica"), sections=40, rows=10, faqs=30)
    with django_assert_num_queries(ARTICLE_PAGE_QUERIES):
        page = client.get(detail_url(sciatica, "en")).content.decode()
    assert "Part 39" in page and "Q29?" in page
    assert ARTICLE_PAGE_QUERIES <= 12


def test_a_tracking_parameter_is_served_from_the_article_cache(client, django_assert_num_queries):
    url = detail_url(Article.objects.get(slug_en__startswith="sciatica"), "en")
    client.get(url)
    with django_assert_num_queries(1):  # the numbers of the scopes the answer depends on
        assert client.get(url + "?utm_source=newsletter").status_code == 200


def test_an_edit_reaches_the_article_cache_when_it_is_published(client):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    url = detail_url(sciatica, "en")
    client.get(url)
    Article.objects.filter(pk=sciatica.pk).update(intro_en="A changed intro.")
    services.article_saved(article=sciatica)
    assert "A changed intro." not in client.get(url).content.decode()
    publish_now(sciatica)
    assert "A changed intro." in client.get(url).content.decode()


def test_a_staff_preview_is_never_served_to_the_public(client, django_user_model):
    draft = make_draft("a-draft")
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(url_in("en", "articles:preview", pk=draft.pk)).status_code == 200
    assert client.get(detail_url(draft, "en")).status_code == 404
    client.logout()
    assert client.get(url_in("en", "articles:preview", pk=draft.pk)).status_code == 404


def test_preview_of_an_article_without_an_address_yet(client, django_user_model):
    draft = Article.objects.create(title_en="Untitled draft", intro_en="i", conclusion_en="c")
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    response = client.get(url_in("en", "articles:preview", pk=draft.pk))
    assert response.status_code == 200
    assert "<h1>Untitled draft</h1>" in response.content.decode()


def test_article_without_an_address_cannot_be_published_and_is_left_out_of_lists(client):
    untitled = Article.objects.create(title_en="No address", intro_en="i", conclusion_en="c")
    with pytest.raises(PublishRefused, match="slug"):
        article_publish(article=untitled, skip_review=True)
    assert not Publication.objects.filter(article=untitled).exists()
    page = client.get("/en/articles/").content.decode()
    assert "No address" not in page
    assert client.get("/en/").status_code == 200


def test_topic_without_an_address_is_left_out_of_pages(client, article):
    topic = Topic.objects.create(name_en="Unfinished topic")
    article.topics.add(topic)
    publish_now(article)
    assert Publication.objects.live().filter(article=article, topics=topic).exists()
    assert "Unfinished topic" not in client.get("/en/").content.decode()
    assert ">Unfinished topic</a>" not in client.get(detail_url(article, "en")).content.decode()


def test_preview_language_switcher_stays_in_the_preview(client, article, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    page = client.get(url_in("en", "articles:preview", pk=article.pk)).content.decode()
    assert "?next=" + url_in("es", "articles:preview", pk=article.pk) + '"' in page


def test_a_topic_page_is_paginated(client, db):
    from articles.tests.factories import make_article

    topic = Topic.objects.get(slug_en="back-pain")
    for number in range(12):
        article = make_article(f"Topic article {number}", publish=False)
        article.topics.add(topic)
        publish_now(article)
    first = client.get(topic.get_absolute_url()).content.decode()
    assert "Page 1 of 2" in first and first.count('class="card"') == 10
    assert client.get(topic.get_absolute_url() + "?page=2").status_code == 200
    assert client.get(topic.get_absolute_url() + "?page=9").status_code == 404
