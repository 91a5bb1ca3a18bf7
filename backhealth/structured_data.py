"""JSON-LD for public pages: a safe <script> payload, and the organization that publishes the site.

The organization comes from the settings (`SITE_ORGANIZATION`), so a deployment names itself
without a code change; its address defaults to the site's own.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# Characters that could end a <script> element or open a comment inside it (as json_script does).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data) -> SafeString:
    """JSON for a <script type="application/ld+json"> element that no text can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 (<, > and &, all that could end the element, are escaped above)


def site_organization(request) -> dict:
    """The schema.org `Organization` that publishes the site."""
    configured = settings.SITE_ORGANIZATION
    organization = {
        "@type": "Organization",
        "name": configured["name"],
        "url": configured.get("url") or request.build_absolute_uri("/"),
    }
    if configured.get("email"):
        organization["email"] = configured["email"]
    return organization


def faq_page(faqs: list[dict], language: str, *, url: str) -> dict:
    """A schema.org FAQPage of `{"question", "answer": [paragraph, ...], "language"?}` entries."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "inLanguage": language,
        "mainEntity": [question(faq, language) for faq in faqs],
    }


def question(faq: dict, language: str) -> dict:
    entry = {
        "@type": "Question",
        "name": faq["question"],
        "acceptedAnswer": {"@type": "Answer", "text": "\n".join(faq["answer"])},
    }
    # A question shown in English on another language's page says so.
    if faq.get("language", language) != language:
        entry["inLanguage"] = faq["language"]
    return entry
