from django.shortcuts import render
from django.utils.translation import get_language

from backhealth.cache import cached_for_anonymous, depends_on
from backhealth.languages import SOURCE_LANGUAGE, alternates, same_page_in_every_language
from faq.models import FAQ, SITE_FAQS


@cached_for_anonymous
def faq_list(request):
    depends_on(SITE_FAQS)
    language = get_language()
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
                "anchor": f"question-{faq.pk}",
            }
        )
    return render(
        request,
        "faq/faq_list.html",
        {"faqs": faqs, "alternates": alternates(same_page_in_every_language("faq:list"))},
    )
