"""What the public pages show, read from publications only: links, one article, structured data.

Views look things up and render; this module turns publications into what a template prints.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.safestring import SafeString

from articles.models import Article, Section, Topic, language_codes
from articles.publishing import reads
from articles.publishing.models import Publication
from backhealth.languages import url_in
from backhealth.structured_data import faq_page, json_ld

# schema.org's HealthAspectEnumeration member for each section aspect.
HEALTH_ASPECTS = {
    Section.Aspect.OVERVIEW: "OverviewHealthAspect",
    Section.Aspect.CAUSES: "CausesHealthAspect",
    Section.Aspect.SYMPTOMS: "SymptomsHealthAspect",
    Section.Aspect.SELF_CARE: "SelfCareHealthAspect",
    Section.Aspect.TREATMENT: "TreatmentsHealthAspect",
    Section.Aspect.PREVENTION: "PreventionHealthAspect",
    Section.Aspect.GET_HELP: "SeeDoctorHealthAspect",
}


# What a link to an article needs; a list never reads the documents or their search text.
LINK_FIELDS = reads.LINK_FIELDS  # written once, in the page's reads


def live_in(language: str):
    """What readers of `language` can read now, newest first, as links."""
    return Publication.objects.live().in_language(language).newest_first().only(*LINK_FIELDS, "first_published_at")


def by_any_slug(queryset, slug: str, language: str):
    """The object whose slug is `slug` in some language, this language's first; None if there is none."""
    condition = Q()
    for code in language_codes():
        condition |= Q(**{f"slug_{code}": slug})
    found = list(queryset.filter(condition))
    found.sort(key=lambda obj: getattr(obj, f"slug_{language}") != slug)
    return found[0] if found else None


def article_with_slug(slug: str, language: str) -> tuple[int | None, bool]:
    """The article that readers reach through `slug`, and whether the slug is a published one.

    Its live slug in `language` comes first, then in any other language, then a slug it had in an
    earlier publication (those redirect for good), then a slug of the working copy, such as an
    incomplete translation's (that redirect is temporary: once the translation is published, the
    slug is the page itself, and a browser must not remember the redirect).
    """
    found = reads.live_with_slug(slug)
    found.sort(key=lambda row: (row[1] != language, row[2] != row[1]))
    if found:
        return found[0][0], True
    # Links to an old address keep working after a retitle.
    earlier = Publication.objects.filter(slug=slug).order_by("-live_from").values_list("article_id", flat=True).first()
    if earlier is not None:
        return earlier, True
    condition = Q()
    for code in language_codes():
        condition |= Q(**{f"slug_{code}": slug})
    return Article.objects.filter(condition).values_list("pk", flat=True).first(), False


def topic_slug(topic: Topic, language: str) -> str:
    return getattr(topic, f"slug_{language}") or topic.slug_en


@dataclass
class ArticleLink:
    """An article in a list: in the reader's language when complete in it, otherwise in English."""

    url: str
    title: str
    summary: str
    language: str
    last_reviewed: object


def article_links(publications) -> list[ArticleLink]:
    return [
        ArticleLink(
            url=publication.get_absolute_url(),
            title=publication.title,
            summary=publication.description,
            language=publication.served_language,
            last_reviewed=publication.last_reviewed,
        )
        for publication in publications
    ]


def article_urls(publication: Publication) -> dict[str, str]:
    """The article's page in every language it is complete in."""
    return {code: url_in(code, "articles:detail", slug=slug) for code, slug in publication.alternates.items()}


def article_structured_data(publication: Publication, topics, url: str, *, publisher: dict) -> list[SafeString]:
    """JSON-LD blocks for the article page: a MedicalWebPage whose sections are its parts, each a
    HealthTopicContent with its health aspect (the shape of the NHS website content API), and,
    with questions, a FAQPage."""
    document = publication.document
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": publication.title,
        "headline": publication.title,
        "description": publication.description,
        "url": url,
        "inLanguage": publication.served_language,
        "datePublished": publication.first_published_at,
        "dateModified": publication.live_from,
        "publisher": publisher,
    }
    if publication.last_reviewed:
        page["lastReviewed"] = publication.last_reviewed
    # Only a reviewer the review recorded; the date alone names nobody.
    if publication.reviewed_by:
        page["reviewedBy"] = {"@type": "Person", "name": publication.reviewed_by}
    names = [getattr(topic, f"name_{publication.served_language}") or topic.name_en for topic in topics]
    if names:
        page["about"] = [{"@type": "Thing", "name": name} for name in names]
    parts = []
    for section in document["sections"]:
        part = {"@type": "HealthTopicContent", "name": section["heading"]}
        if section["aspect"]:
            part["hasHealthAspect"] = f"https://schema.org/{HEALTH_ASPECTS[section['aspect']]}"
        parts.append(part)
    if parts:
        page["hasPart"] = parts
    blocks = [json_ld(page)]
    if document["faqs"]:
        blocks.append(json_ld(faq_page(document["faqs"], publication.served_language, url=url)))
    return blocks
