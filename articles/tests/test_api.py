"""The article API: content, languages, filters, pagination and drafts (DESIGN.md "API")."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, Section, Topic
from articles.publishing.document import WorkingCopy, build, meta_description
from articles.publishing.models import ChangeEvent, Publication
from articles.publishing.services import article_publish
from articles.tests.factories import make_article, publish_now

pytestmark = pytest.mark.usefixtures("seed_once")


@pytest.fixture
def article(seed_once, db):
    """The seed article; each test runs in a savepoint, so changes to it end with the test."""
    return Article.objects.get(pk=seed_once.pk)


@pytest.fixture
def client():
    return APIClient()


def detail_url(article, **query) -> str:
    url = f"/api/v1/articles/{article.pk}/"
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> list[int]:
    return [item["id"] for item in results(response)]


# The detail: the whole article as structure


def test_detail_gives_the_article_as_structure(client, article):
    data = client.get(detail_url(article)).json()
    assert data["id"] == article.pk
    assert data["language"] == "en"
    assert data["title"] == "What Causes Back Spasms? Find Relief"
    assert data["slug"] == article.slug_en
    assert data["intro"] and all(isinstance(paragraph, str) for paragraph in data["intro"])
    assert [section["heading"] for section in data["sections"]] == [s.heading_en for s in article.sections.all()]
    assert data["faqs"][0] == {
        "question": article.faqs.first().question_en,
        "answer": article.faqs.first().answer_en.split("\n"),
    }
    assert data["conclusion"] == article.conclusion_en.split("\n")


def test_detail_blocks_keep_paragraphs_lists_and_the_table_in_order(client, db):
    article = make_article("Blocks", sections=1, tables=1)
    blocks = client.get(detail_url(article)).json()["sections"][0]["blocks"]
    assert blocks == [
        {"type": "paragraph", "text": "The first paragraph of section 0."},
        {
            "type": "list",
            "items": [
                {"term": "Term 0", "text": "what the term means."},
                {"term": None, "text": "A bullet without a term."},
            ],
        },
        {"type": "paragraph", "text": "The last paragraph of section 0."},
        {
            "type": "table",
            "caption": None,
            "columns": ["Trigger", "Description"],
            "rows": [["Lifting 0", "Strain"], ["Sitting 0", "Stiffness"]],
        },
    ]


def test_detail_gives_table_caption_and_section_aspect(client, db):
    article = make_article("Captions", sections=1, tables=1)
    section = article.sections.get()
    section.aspect = Section.Aspect.CAUSES
    section.save()
    section.table.caption_en = "What sets spasms off"
    section.table.save()
    unpublished = client.get(detail_url(article)).json()["sections"][0]
    assert (unpublished["aspect"], unpublished["blocks"][-1]["caption"]) == (None, None)
    publish_now(article)
    data = client.get(detail_url(article)).json()["sections"][0]
    assert data["aspect"] == "causes"
    assert data["blocks"][-1]["caption"] == "What sets spasms off"


def test_section_without_aspect_gives_null(client, db):
    article = make_article("No aspect", sections=1, tables=0)
    assert client.get(detail_url(article)).json()["sections"][0]["aspect"] is None


def test_detail_gives_dates(client, db):
    article = make_article("Dates")
    article.last_reviewed = datetime.date(2026, 9, 15)
    article.next_review_due = datetime.date(2027, 9, 15)
    article.save()
    assert client.get(detail_url(article)).json()["last_reviewed"] is None
    article = publish_now(article)
    data = client.get(detail_url(article)).json()
    assert data["last_reviewed"] == "2026-09-15"
    assert data["next_review_due"] == "2027-09-15"
    assert data["published"].startswith(str(article.publish_at.date()))
    assert data["updated"]


def test_public_url_answers_with_the_article_page(client, article):
    public_url = client.get(detail_url(article, lang="de")).json()["public_url"]
    assert client.get(public_url.removeprefix("http://testserver")).status_code == 200


def test_list_gives_summaries_and_detail_urls_without_sections(client, article):
    [item] = results(client.get("/api/v1/articles/"))
    assert item["url"] == f"http://testserver/api/v1/articles/{article.pk}/?lang=en"
    assert item["summary"] == meta_description(build(WorkingCopy.of(article), "en"), article.summary_en)
    assert item["summary"] and len(item["summary"]) <= 160
    assert "sections" not in item and "faqs" not in item and "intro" not in item
    assert item["languages"] == ["en", "es", "fr", "de", "ar"]


# Languages


def test_lang_parameter_chooses_the_language(client, article):
    response = client.get(detail_url(article, lang="es"))
    assert response.json()["title"] == article.title_es
    assert response["Content-Language"] == "es"


def test_accept_language_chooses_the_language_without_lang(client, article):
    response = client.get(detail_url(article), HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")
    assert response.json()["language"] == "fr"
    assert response["Content-Language"] == "fr"


def test_lang_parameter_wins_over_accept_language(client, article):
    response = client.get(detail_url(article, lang="de"), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["language"] == "de"


def test_english_without_lang_or_accept_language(client, article):
    assert client.get(detail_url(article))["Content-Language"] == "en"


@pytest.mark.parametrize("header", ["garbage;;;q=x", "*", "zz-ZZ", "x" * 1000, "en;q=abc,,,", "ñ"])
def test_junk_accept_language_gives_english(client, article, header):
    response = client.get(detail_url(article), HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("lang", ["xx", "", "ES", "es_MX", "english", "esp", "es-"])
def test_unknown_language_is_refused_naming_the_supported_ones(client, article, lang):
    response = client.get(detail_url(article, lang=lang))
    assert response.status_code == 400
    assert response.json()["supported_languages"] == ["en", "es", "fr", "de", "ar"]
    assert "en, es, fr, de, ar" in response.json()["detail"]


def test_unknown_language_is_refused_on_every_endpoint(client, article):
    for url in ["/api/v1/articles/", "/api/v1/topics/", "/api/v1/faqs/", "/api/v1/languages/"]:
        assert client.get(url + "?lang=xx").status_code == 400, url


def test_answers_vary_on_accept_language(client, article):
    for url in ["/api/v1/articles/", detail_url(article), "/api/v1/topics/", "/api/v1/faqs/", "/api/v1/languages/"]:
        assert "Accept-Language" in client.get(url)["Vary"], url


def test_partly_translated_article_is_never_mixed(client, db):
    article = make_article("Mixed", languages=("es",))
    section = article.sections.first()
    section.body_es = ""
    section.save()
    services.article_saved(article=article)
    # The complete Spanish publication stays live until the incomplete working copy is published.
    assert client.get(detail_url(article, lang="es")).json()["language"] == "es"
    publish_now(article)
    response = client.get(detail_url(article, lang="es"))
    assert "[es]" not in response.content.decode()
    assert (response.json()["language"], response.json()["is_fallback"]) == ("en", True)


def test_complete_article_is_not_a_fallback(client, article):
    data = client.get(detail_url(article, lang="ar")).json()
    assert data["is_fallback"] is False
    assert data["title"] == article.title_ar


# Filters, search and ordering


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_slug_filter_finds_the_article_by_any_language_slug(client, article, language):
    slug = getattr(article, f"slug_{language}")
    assert ids(client.get("/api/v1/articles/", {"slug": slug})) == [article.pk]


def test_unknown_slug_finds_nothing(client, article):
    assert ids(client.get("/api/v1/articles/?slug=does-not-exist")) == []


def test_updated_since_gives_articles_changed_since(client, db):
    old = make_article("Old")
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    Publication.objects.filter(article=old).update(live_from=ten_days_ago, first_published_at=ten_days_ago)
    new = make_article("New")
    since = (timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ids(client.get("/api/v1/articles/", {"updated_since": since})) == [new.pk]


def test_updated_since_takes_an_offset_and_a_plain_date(client, article):
    assert ids(client.get("/api/v1/articles/", {"updated_since": "2000-01-01T00:00:00+05:30"})) == [article.pk]
    assert ids(client.get("/api/v1/articles/", {"updated_since": "2000-01-01"})) == [article.pk]
    assert ids(client.get("/api/v1/articles/", {"updated_since": "2999-01-01"})) == []


def test_updated_since_counts_a_scheduled_article_that_went_live(client, db):
    article = make_article("Scheduled", publish=False)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Article.objects.filter(pk=article.pk).update(updated=long_ago)
    article_publish(article=article, at=timezone.now() + datetime.timedelta(hours=1), skip_review=True)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(client.get("/api/v1/articles/", {"updated_since": since})) == []
    went_live = timezone.now() - datetime.timedelta(hours=1)
    Publication.objects.filter(article=article).update(live_from=went_live, first_published_at=went_live)
    cache.clear()
    assert ids(client.get("/api/v1/articles/", {"updated_since": since})) == [article.pk]


@pytest.mark.parametrize(
    "value",
    ["yesterday", "2026-13-01", "2026-01-01T25:00:00", "0001-01-01T00:00:00+23:00", "9999-12-31T23:59:59-23:00"],
)
def test_bad_updated_since_is_refused(client, article, value):
    response = client.get("/api/v1/articles/", {"updated_since": value})
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["errors"]["updated_since"][0]


def test_search_finds_words_in_the_requested_language(client, article):
    assert ids(client.get("/api/v1/articles/", {"search": "espasmos", "lang": "es"})) == [article.pk]
    assert ids(client.get("/api/v1/articles/", {"search": "espasmos", "lang": "en"})) == []


def test_search_needs_every_word(client, article):
    assert ids(client.get("/api/v1/articles/", {"search": "spasms posture"})) == [article.pk]
    assert ids(client.get("/api/v1/articles/", {"search": "spasms zebra"})) == []


@pytest.mark.parametrize("ordering", ["bogus", "title", "-", "updated,bogus"])
def test_unknown_ordering_is_refused(client, article, ordering):
    response = client.get("/api/v1/articles/", {"ordering": ordering})
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_unknown_query_parameters_are_ignored(client, article):
    assert ids(client.get("/api/v1/articles/?colour=blue")) == [article.pk]


def test_null_character_in_a_filter_is_refused(client, article):
    response = client.get("/api/v1/articles/", {"search": "spasms\x00"})
    assert response.status_code == 400


# Pagination


def test_page_size_of_100_is_allowed(client, article):
    assert client.get("/api/v1/articles/?page_size=100").status_code == 200


@pytest.mark.parametrize("page_size", ["101", "100000", "0", "-1", "abc", "1.5", "١٠"])
def test_page_size_outside_1_to_100_is_refused(client, article, page_size):
    response = client.get("/api/v1/articles/", {"page_size": page_size})
    assert response.status_code == 400
    assert "from 1 to 100" in response.json()["errors"]["page_size"][0]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "last", ""])
def test_page_that_is_not_a_positive_number_is_refused(client, article, page):
    response = client.get("/api/v1/articles/", {"page": page})
    assert response.status_code == 400
    assert "page" in response.json()["errors"]


@pytest.mark.parametrize("page", ["2", "99999", "9" * 40])
def test_page_beyond_the_last_is_not_found(client, article, page):
    response = client.get("/api/v1/articles/", {"page": page})
    assert response.status_code == 404
    assert "no page" in response.json()["detail"].lower()


# Drafts and scheduled articles never leak


@pytest.fixture
def hidden(db):
    """A draft and an article scheduled for tomorrow, both complete in Spanish, in a topic."""
    topic = Topic.objects.create(name_en="Hidden topic", slug_en="hidden-topic")
    draft = make_article("Secret draft", publish=False, languages=("es",))
    scheduled = make_article("Secret scheduled", publish=False, languages=("es",))
    for secret in (draft, scheduled):
        secret.topics.add(topic)
    article_publish(article=scheduled, at=timezone.now() + datetime.timedelta(days=1), skip_review=True)
    return draft, scheduled


def test_hidden_articles_have_no_detail(client, hidden):
    for secret in hidden:
        assert client.get(detail_url(secret)).status_code == 404


def test_hidden_articles_are_not_listed_counted_or_found(client, article, hidden):
    queries = [{}, {"slug": "secret-draft"}, {"topic": "hidden-topic"}, {"search": "secret"}, {"lang": "es"}]
    for query in queries:
        body = client.get("/api/v1/articles/", query).json()
        assert body["count"] == len(body["results"])
        assert not {item["id"] for item in body["results"]} & {secret.pk for secret in hidden}, query


def test_hidden_articles_are_not_in_topic_counts(client, hidden):
    [topic] = results(client.get("/api/v1/topics/"))
    assert topic["article_count"] == 0


def test_hidden_articles_are_not_in_language_counts(client, article, hidden):
    counts = {item["code"]: item["article_count"] for item in results(client.get("/api/v1/languages/"))}
    assert counts == {"en": 1, "es": 1, "fr": 1, "de": 1, "ar": 1}


def test_staff_see_no_hidden_article_either(client, hidden, django_user_model):
    staff = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-123456789")
    client.force_login(staff)
    assert ids(client.get("/api/v1/articles/")) == [
        Article.objects.get(slug_en="what-causes-back-spasms-find-relief").pk
    ]
    assert client.get(detail_url(hidden[0])).status_code == 404


def test_scheduled_article_appears_once_due(client, hidden):
    _draft, scheduled = hidden
    assert client.get(detail_url(scheduled)).status_code == 404
    due = timezone.now() - datetime.timedelta(seconds=1)
    Publication.objects.filter(article=scheduled).update(live_from=due)
    ChangeEvent.objects.filter(article_id=scheduled.pk).update(at=due)
    cache.clear()
    assert client.get(detail_url(scheduled)).status_code == 200
    [topic] = results(client.get("/api/v1/topics/"))
    assert topic["article_count"] == 1


# Topics and languages


def test_untranslated_topic_is_named_in_english(client, db):
    topic = Topic.objects.create(name_en="Only English", slug_en="only-english")
    data = client.get(f"/api/v1/topics/{topic.pk}/?lang=de").json()
    assert (data["language"], data["name"]) == ("en", "Only English")
