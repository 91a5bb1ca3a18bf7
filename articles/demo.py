"""The demo content in `content/`: article text files per language, loaded through the importer."""

import datetime
import json
from pathlib import Path

import reversion
from django.conf import settings
from django.db import transaction

from articles import services, textformat
from articles.models import SOURCE_LANGUAGE, Article, Topic
from articles.publishing.services import article_publish
from faq.models import FAQ

CONTENT_DIR = Path(settings.BASE_DIR) / "content"


def _read(path: Path) -> str:
    return textformat.decode(path.read_bytes())


def _topic(entry: dict) -> Topic:
    slugs = {language: services.article_slug(name) for language, name in entry["name"].items()}
    topic = Topic.objects.filter(slug_en=slugs["en"]).first() or Topic()
    if topic.pk:
        return topic
    for language, name in entry["name"].items():
        setattr(topic, f"name_{language}", name)
        setattr(topic, f"slug_{language}", slugs[language])
        setattr(topic, f"description_{language}", entry["description"][language])
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def _article(entry: dict, directory: Path, topics: dict[str, Topic]) -> tuple[Article, bool]:
    source = _read(directory / f"{entry['name']}.{SOURCE_LANGUAGE}.txt")
    slug = services.article_slug(textformat.parse(source).title)
    existing = Article.objects.filter(slug_en=slug).first()
    if existing:
        return existing, False
    article = services.article_import(text=source, topics=tuple(topics[slug] for slug in entry["topics"]))
    for language, _name in settings.LANGUAGES:
        path = directory / f"{entry['name']}.{language}.txt"
        if language != SOURCE_LANGUAGE and path.exists():
            services.article_import(text=_read(path), language=language, article=article)
    for section, aspect in zip(article.sections.all(), entry["aspects"], strict=True):
        section.aspect = aspect
        section.save(update_fields=["aspect"])
    article.last_reviewed = datetime.date.fromisoformat(entry["last_reviewed"])
    article.next_review_due = datetime.date.fromisoformat(entry["next_review_due"])
    article.save(update_fields=["last_reviewed", "next_review_due", "updated"])
    article = services.article_saved(article=article)
    # The demo is published as it is, with no review (the review history says so).
    article_publish(article=article, skip_review=True, reason="demo content (load_demo)")
    article.refresh_from_db()
    # The first revision in the history: the English each translation was made from, against
    # which the translator's screen marks exactly the segments an editor changes later.
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_comment("Loaded as demo content")
    return article, True


def demo_load(*, directory: Path = CONTENT_DIR, log=print) -> None:
    """Load what is missing; what is there already (and any edit made to it) is left alone."""
    manifest = json.loads((directory / "demo.json").read_text(encoding="utf-8"))
    topics = {}
    for entry in manifest["topics"]:
        topic = _topic(entry)
        topics[topic.slug_en] = topic
    for entry in manifest["articles"]:
        article, created = _article(entry, directory, topics)
        log(f"{'loaded' if created else 'kept'} article {article.pk}: {article.slug_en}")
    if FAQ.objects.site_wide().exists():
        log("kept site-wide FAQs")
        return
    texts = {}
    for language, _name in settings.LANGUAGES:
        path = directory / f"{manifest['site_faqs']}.{language}.txt"
        if path.exists():
            texts[language] = _read(path)
    faqs = site_faqs_import(texts=texts)
    log(f"loaded {len(faqs)} site-wide FAQs")


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
