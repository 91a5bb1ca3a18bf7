from django.db import transaction

from articles import textformat
from articles.models import SOURCE_LANGUAGE
from faq.models import FAQ


@transaction.atomic
def site_faqs_import(*, texts: dict[str, str]) -> list[FAQ]:
    """Site-wide FAQs from one text per language; every translation lists the same questions."""
    parsed = {language: textformat.parse_faqs(text) for language, text in texts.items()}
    source = parsed[SOURCE_LANGUAGE]
    for language, faqs in parsed.items():
        if [len(faq.answer) for faq in faqs] != [len(faq.answer) for faq in source]:
            raise textformat.TextFormatError(
                None, f"the {language} FAQs do not match the English ones question by question"
            )
    start = FAQ.objects.site_wide().count()
    created = []
    for index, _question in enumerate(source):
        faq = FAQ(order=start + index)
        for language, faqs in parsed.items():
            setattr(faq, f"question_{language}", faqs[index].question)
            setattr(faq, f"answer_{language}", "\n".join(faqs[index].answer))
        faq.full_clean()
        faq.save()
        created.append(faq)
    return created
