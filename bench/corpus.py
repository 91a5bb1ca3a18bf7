"""Generated article texts for `make bench`: real sentences in five languages, realistic sizes.

Each generated article is made of sections, FAQs, intros and conclusions taken from the demo
articles in `content/` (the ones translated into every language), picked by a seeded random
choice, so every language's text has the same line kinds as the English one and the importer
takes it as a translation. Sizes vary from about a third of a demo article to twice one.
Not every article is translated into every language, as on a real site: the others are served in
English.
"""

import json
import random
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings

from articles import textformat

CONTENT = Path(__file__).resolve().parent.parent / "content"
SOURCE = "en"
# Raise it when the generated articles change: a database built by an older generator is not reused.
VERSION = 1
# The share of articles translated into each language.
TRANSLATED = {"es": 0.95, "de": 0.9, "fr": 0.85, "ar": 0.8}
TOPIC_COUNT = 12


@dataclass
class GeneratedArticle:
    documents: dict[str, textformat.Document]  # language → document, English first
    topics: tuple[int, ...]  # indexes into the generated topics

    @property
    def texts(self) -> dict[str, str]:
        """Language → the document as a text an editor would import."""
        return {language: textformat.render(document) for language, document in self.documents.items()}


def _templates() -> list[dict[str, textformat.Document]]:
    languages = [code for code, _name in settings.LANGUAGES]
    found = []
    for english in sorted(CONTENT.glob("*.en.txt")):
        name = english.name.removesuffix(".en.txt")
        paths = {language: CONTENT / f"{name}.{language}.txt" for language in languages}
        if name.startswith("site-") or not all(path.exists() for path in paths.values()):
            continue
        found.append({language: textformat.parse(path.read_text(encoding="utf-8")) for language, path in paths.items()})
    if not found:
        raise SystemExit(f"no demo article in {CONTENT} is translated into every language")
    return found


class Corpus:
    def __init__(self, seed: int = 14):
        self.templates = _templates()
        self.languages = list(self.templates[0])
        self.seed = seed
        # Every (template, index) pair, the same in every language.
        english = [template[SOURCE] for template in self.templates]
        self.sections = [(t, i) for t, document in enumerate(english) for i in range(len(document.sections))]
        self.faqs = [(t, i) for t, document in enumerate(english) for i in range(len(document.faqs))]

    def article(self, number: int) -> GeneratedArticle:
        rng = random.Random(self.seed * 1_000_003 + number)  # noqa: S311 (repeatable text, not secrets)
        base = rng.randrange(len(self.templates))
        sections = rng.sample(self.sections, rng.randint(2, min(8, len(self.sections))))
        faqs = rng.sample(self.faqs, rng.randint(1, min(5, len(self.faqs))))
        languages = [SOURCE] + [language for language, share in TRANSLATED.items() if rng.random() < share]
        documents = {}
        for language in languages:
            template = self.templates[base][language]
            documents[language] = replace(
                template,
                # A number keeps every title (so every slug) distinct; the words stay the demo's.
                title=f"{template.title} {number}",
                sections=[self.templates[t][language].sections[i] for t, i in sections],
                faqs=[self.templates[t][language].faqs[i] for t, i in faqs],
            )
        topics = tuple(sorted(rng.sample(range(TOPIC_COUNT), rng.choice((1, 1, 2)))))
        return GeneratedArticle(documents=documents, topics=topics)

    def topic(self, number: int) -> tuple[dict[str, str], dict[str, str]]:
        """A topic's names and descriptions per language: the demo's, then numbered variants."""
        demo = json.loads((CONTENT / "demo.json").read_text(encoding="utf-8"))["topics"]
        entry = demo[number % len(demo)]
        suffix = "" if number < len(demo) else f" {number // len(demo) + 1}"
        return (
            {language: name + suffix for language, name in entry["name"].items()},
            dict(entry["description"]),
        )
