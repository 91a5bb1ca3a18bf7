from django.shortcuts import render
from django.utils.translation import get_language

from backhealth.cache import cached_for_anonymous, depends_on
from backhealth.languages import SOURCE_LANGUAGE, alternates, same_page_in_every_language
from backhealth.structured_data import faq_page, json_ld, site_organization
from faq.models import FAQ, SITE_FAQS

# `?question=<id>`: the question a link opens (a fragment alone never reaches the server, and
# <details> has no way to open itself from :target without a script).
OPEN_PARAMETER = "question"


def question_anchor(faq: FAQ) -> str:
    return f"question-{faq.pk}"


@cached_for_anonymous(parameters=(OPEN_PARAMETER,))
def faq_list(request):
    depends_on(SITE_FAQS)
    language = get_language()
    opened = request.GET.get(OPEN_PARAMETER, "")
    faqs = []
    for faq in FAQ.objects.site_wide():
        # A question not yet translated is shown in English, marked as such for screen readers.
        shown = (
            language if getattr(faq, f"question_{language}") and getattr(faq, f"answer_{language}") else SOURCE_LANGUAGE
        )
        faqs.append(
            {
                "question": getattr(faq, f"question_{shown}"),
                "answer": getattr(faq, f"answer_{shown}").split("\n"),
                "language": shown,
                "anchor": question_anchor(faq),
                "open": opened == str(faq.pk),
                "link": f"{request.path}?{OPEN_PARAMETER}={faq.pk}#{question_anchor(faq)}",
            }
        )
    url = request.build_absolute_uri(request.path)
    structured_data = None
    if faqs:
        structured_data = json_ld({**faq_page(faqs, language, url=url), "publisher": site_organization(request)})
    return render(
        request,
        "faq/faq_list.html",
        {
            "faqs": faqs,
            "structured_data": structured_data,
            "canonical": url,
            "alternates": alternates(same_page_in_every_language("faq:list")),
        },
    )
