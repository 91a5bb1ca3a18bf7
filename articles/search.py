"""Search over live publications in one language, ranked best first, with highlighted snippets.

Each publication keeps its searchable text in `search_text` (title, summary, intro, sections,
table cells, FAQs, conclusion; see articles.publishing.document.search_text). On PostgreSQL the
search is full-text with that language's text-search configuration, served by the partial GIN
expression index per language of migration 0004; elsewhere (SQLite in development) every word
must appear, case-insensitively.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.publishing.models import Publication

# PostgreSQL text-search configuration per site language; migration 0004 indexes the same ones.
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}

# A reader's query is a few words; anything longer is cut so that a pasted page answers at once.
MAX_WORDS = 12
MAX_WORD_LENGTH = 50
MAX_RESULTS = 50
SNIPPET_BEFORE = 60
SNIPPET_AFTER = 160

# Marks put around matches by PostgreSQL's headline before the text is escaped (characters from
# Unicode's private-use area, which no article text has a reason to hold).
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class SearchResult:
    publication: Publication
    snippet: SafeString


def query_words(query: str) -> list[str]:
    """The query's words, at most MAX_WORDS of them, each at most MAX_WORD_LENGTH characters."""
    words = []
    for match in WORD.finditer(query or ""):
        words.append(match.group()[:MAX_WORD_LENGTH])
        if len(words) == MAX_WORDS:
            break
    return words


def search_articles(query: str, language: str) -> list[SearchResult]:
    """Live publications written in `language` whose text matches `query`, best first."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    words = query_words(query)
    if not words:
        return []
    articles = Publication.objects.live().in_language(language).translated()
    if connection.vendor == "postgresql":
        return _full_text(articles, words, language)
    return _contains_all(articles, words, language)


def full_text_vector(language: str) -> SearchVector:
    """The same expression as the language's index in migration 0004, so PostgreSQL can use it."""
    return SearchVector("search_text", config=TEXT_SEARCH_CONFIGS[language])


def _full_text(articles, words: list[str], language: str) -> list[SearchResult]:
    config = TEXT_SEARCH_CONFIGS[language]
    field = "search_text"
    vector = full_text_vector(language)
    search = SearchQuery(" ".join(words), config=config, search_type="plain")
    found = (
        articles.alias(vector=vector)
        .filter(vector=search)
        .annotate(
            rank=SearchRank(vector, search),
            headline=SearchHeadline(
                field,
                search,
                config=config,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
                short_word=2,
            ),
        )
        .order_by("-rank", "-first_published_at", "-id")[:MAX_RESULTS]
    )
    return [
        SearchResult(publication=publication, snippet=_marked(publication.headline, publication.search_text))
        for publication in found
    ]


def _marked(headline: str, text: str) -> SafeString:
    """Escape a PostgreSQL headline, turn its START/STOP marks into <mark>, show where it is cut."""
    headline = " ".join(headline.split())
    plain = headline.replace(START, "").replace(STOP, "")
    text = " ".join((text or "").split())
    pieces = ["" if text.startswith(plain) else "… "]
    for number, chunk in enumerate(headline.split(START)):
        if number == 0:
            pieces.append(escape(chunk.replace(STOP, "")))
            continue
        matched, _stop, rest = chunk.partition(STOP)
        pieces.append(f"<mark>{escape(matched)}</mark>{escape(rest.replace(STOP, ''))}")
    pieces.append("" if text.endswith(plain) else " …")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def _contains_all(articles, words: list[str], language: str) -> list[SearchResult]:
    """The fallback: every word appears in the text (case-insensitively); more matches rank higher.

    Matching happens in Python because SQLite's LIKE folds the case of ASCII letters only.
    """
    needles = [word.lower() for word in dict.fromkeys(words)]
    scores = {}
    for pk, text in articles.values_list("pk", "search_text"):
        folded = (text or "").lower()
        if all(needle in folded for needle in needles):
            scores[pk] = sum(folded.count(needle) for needle in needles)
    best = sorted(scores, key=lambda pk: -scores[pk])[:MAX_RESULTS]
    by_pk = articles.in_bulk(best)
    ranked = sorted(by_pk.values(), key=lambda article: (-scores[article.pk], _newest_first(article)))
    return [SearchResult(publication=found, snippet=_snippet(found.search_text, needles)) for found in ranked]


def _newest_first(publication: Publication) -> tuple:
    return (-publication.first_published_at.timestamp(), -publication.pk)


def _snippet(text: str, needles: list[str]) -> SafeString:
    """A window of the text around the first match, cut at words, every match in <mark>."""
    text = " ".join((text or "").split())
    pattern = re.compile("|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True)), re.I)
    first = pattern.search(text)
    begin, end = (first.start(), first.end()) if first else (0, 0)
    begin, end = max(0, begin - SNIPPET_BEFORE), min(len(text), end + SNIPPET_AFTER)
    # Cut at spaces, never inside the first match.
    if begin > 0:
        space = text.find(" ", begin, first.start() if first else end)
        begin = space + 1 if space != -1 else begin
    if end < len(text):
        space = text.rfind(" ", first.end() if first else begin, end)
        end = space if space != -1 else end
    window = text[begin:end]
    pieces = ["… " if begin > 0 else ""]
    position = 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(window[position:]))
    pieces.append(" …" if end < len(text) else "")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)
