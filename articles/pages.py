"""What the public pages show: an article in one language, links to articles, structured data.

Views look things up and render; this module turns models into what a template prints, reading
each field in one explicit language so an incomplete translation never mixes two languages.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from articles import textformat
from articles.models import SOURCE_LANGUAGE, Article, Section, Topic, language_codes
from articles.services import article_document

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

# Characters that could end a <script> element or open a comment inside it (as json_script does).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def url_in(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def alternates(urls: dict[str, str]) -> list[dict]:
    """The language switcher's entries: each language's own name and its URL, in LANGUAGES order."""
    return [
        {"code": code, "name": translation.get_language_info(code)["name_local"], "url": urls[code]}
        for code in language_codes()
        if code in urls
    ]


def same_page_in_every_language(name: str, **kwargs) -> dict[str, str]:
    return {code: url_in(code, name, **kwargs) for code in language_codes()}


def json_ld(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> element that no text can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 (<, > and & are escaped above)


def by_any_slug(queryset, slug: str, language: str):
    """The object whose slug is `slug` in some language, this language's first; None if there is none."""
    condition = Q()
    for code in language_codes():
        condition |= Q(**{f"slug_{code}": slug})
    found = list(queryset.filter(condition))
    found.sort(key=lambda obj: getattr(obj, f"slug_{language}") != slug)
    return found[0] if found else None


def article_slug(article: Article, language: str, complete: bool) -> str:
    """The slug of the article's URL in `language`: the English one until the translation is complete."""
    return article.slug_in(language) if complete else article.slug_en


def article_url(article: Article, language: str, complete: bool) -> str:
    return url_in(language, "articles:detail", slug=article_slug(article, language, complete))


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


def with_completeness(queryset, language: str):
    """Articles that can be linked to (they have an English address), each marked complete or not."""
    return (
        queryset.exclude(slug_en__isnull=True)
        .exclude(slug_en="")
        .annotate(
            complete_here=Exists(Article.objects.complete_in(language).filter(pk=OuterRef("pk"))),
        )
    )


def article_links(articles, language: str) -> list[ArticleLink]:
    """Links for articles annotated by `with_completeness`."""
    links = []
    for article in articles:
        shown = language if article.complete_here else SOURCE_LANGUAGE
        links.append(
            ArticleLink(
                url=article_url(article, language, article.complete_here),
                title=getattr(article, f"title_{shown}"),
                summary=article.meta_description(shown),
                language=shown,
                last_reviewed=article.last_reviewed,
            )
        )
    return links


@dataclass
class SectionContent:
    anchor: str
    heading: str
    aspect: str
    blocks: list
    table: dict | None


@dataclass
class ArticleContent:
    """One article's text in one language, ready to print."""

    language: str
    title: str
    intro: list[str]
    sections: list[SectionContent]
    faqs: list[textformat.FAQ]
    conclusion: list[str]
    description: str
    aspects: list[str] = field(default_factory=list)


def article_content(article: Article, language: str) -> ArticleContent:
    """The article's text in `language` (no fallback), from prefetched parts: no queries."""
    document = article_document(article, language)
    sections = []
    for number, (section, part) in enumerate(zip(article.sections.all(), document.sections, strict=True), 1):
        table = None
        if part.table:
            table = {
                "caption": getattr(section.table, f"caption_{language}") or "",
                "columns": part.table.columns,
                "rows": part.table.rows,
            }
        sections.append(
            SectionContent(
                anchor=f"section-{number}",
                heading=part.heading,
                aspect=section.aspect,
                blocks=textformat.blocks(part.body),
                table=table,
            )
        )
    aspects = list(dict.fromkeys(section.aspect for section in sections if section.aspect))
    return ArticleContent(
        language=language,
        title=document.title,
        intro=document.intro,
        sections=sections,
        faqs=document.faqs,
        conclusion=document.conclusion,
        description=article.meta_description(language),
        aspects=aspects,
    )


def article_structured_data(article: Article, content: ArticleContent, url: str) -> list[SafeString]:
    """JSON-LD blocks for the article page: a MedicalWebPage and, with questions, a FAQPage."""
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": content.title,
        "headline": content.title,
        "description": content.description,
        "url": url,
        "inLanguage": content.language,
        "dateModified": article.updated,
    }
    if article.publish_at:
        page["datePublished"] = article.publish_at
    if article.last_reviewed:
        page["lastReviewed"] = article.last_reviewed
    if content.aspects:
        page["hasHealthAspect"] = [f"https://schema.org/{HEALTH_ASPECTS[aspect]}" for aspect in content.aspects]
    topics = [getattr(topic, f"name_{content.language}") or topic.name_en for topic in article.topics.all()]
    if topics:
        page["about"] = [{"@type": "Thing", "name": name} for name in topics]
    blocks = [json_ld(page)]
    if content.faqs:
        blocks.append(
            json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "FAQPage",
                    "inLanguage": content.language,
                    "mainEntity": [
                        {
                            "@type": "Question",
                            "name": faq.question,
                            "acceptedAnswer": {"@type": "Answer", "text": "\n".join(faq.answer)},
                        }
                        for faq in content.faqs
                    ],
                }
            )
        )
    return blocks
