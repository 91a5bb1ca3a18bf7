"""Search over live publications and site-wide FAQs in one language, forgiving accents, case and typos.

Each publication keeps its searchable text in `search_text` (title first, then summary, intro,
sections, table cells, FAQs, conclusion; see articles.publishing.document.search_text), and the
same text folded (`search_folded`, made by `fold` when it is published).

`matching` is the rule, shared by the search page and the API's `search` filter: which
publications match a query and in what order. The page shows them RESULTS_PER_PAGE at a time, and
only the results shown get a snippet, cut from a bounded piece of their text: the piece around the
first match, found in the folded text (a few hundred characters, where the whole text is several
thousand).

On PostgreSQL the search is full-text with the language's `backhealth_<config>` text-search
configuration (its stemmer behind `unaccent`, migration articles 0006), served by the partial GIN
index per language; the rank weighs the title most, then the summary, then the rest. A query that
finds nothing is corrected word by word from the publications that `pg_trgm` finds similar. The
snippet is the text-search headline of the piece (of the whole text when the piece has no word as
written, a match by the stemmer alone), so the stemmer's matches are marked too.

Elsewhere (SQLite in development) every folded word must appear in the folded text, found in SQL;
a match in the title counts most, then each match in the rest. Corrections come from the words
of the language's newest texts.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Length, Replace, StrIndex, Substr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.folding import fold, fold_characters
from articles.pages import LINK_FIELDS
from articles.publishing.models import Publication
from articles.publishing.vectors import SEARCH_CONFIGS, stored_or_made
from faq.models import FAQ

# A reader's query is a few words; anything longer is cut so that a pasted page answers at once.
MAX_WORDS = 12
MAX_WORD_LENGTH = 50
RESULTS_PER_PAGE = 10
MAX_ANSWERS = 3
SNIPPET_BEFORE = 60
SNIPPET_AFTER = 160
# The piece of text a snippet is cut from: this much before and after the first match, enough for
# the snippet's window and for PostgreSQL's headline of HEADLINE_WORDS words.
PIECE_BEFORE = 200
PIECE_AFTER = 500
HEADLINE_WORDS = 35
# Shorter words are too ambiguous to correct ("of", "en").
MIN_CORRECTED_LENGTH = 4
# How alike a correction must be (difflib's ratio of the folded words).
CORRECTION_CUTOFF = 0.75
# The publications whose words may correct a typo: on PostgreSQL the most similar ones, found by
# their trigrams; elsewhere the newest ones.
CORRECTION_SOURCES = 5
FALLBACK_CORRECTION_SOURCES = 200
# Without full-text ranking, a match in the title counts as many as this many in the text.
TITLE_WEIGHT = 10
# What a result needs: a link, and the text its snippet is cut from.
RESULT_FIELDS = (*LINK_FIELDS, "first_published_at", "search_text", "search_folded")

# Marks put around matches by PostgreSQL's headline before the text is escaped (characters from
# Unicode's private-use area, which no article text has a reason to hold).
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords={HEADLINE_WORDS}, MinWords=15, ShortWord=2"
WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class SearchResult:
    publication: Publication
    snippet: SafeString


@dataclass(frozen=True)
class Answer:
    """A site-wide FAQ that matches the query, shown as an answer above the articles."""

    question: str
    answer: list[str]
    url: str


@dataclass(frozen=True)
class Found:
    """What the search page shows: answers, the matching articles and, for a query with typos, the
    query it searched instead (`corrected`).

    `articles` is a queryset, best first, not read yet: the page reads one page of it, and
    `results` gives those publications their snippets.
    """

    articles: QuerySet = field(default_factory=Publication.objects.none)
    answers: list[Answer] = field(default_factory=list)
    corrected: str | None = None
    # The words the articles match (the query's or the correction's), and their language.
    words: list[str] = field(default_factory=list)
    language: str = settings.LANGUAGE_CODE

    def results(self, publications) -> list[SearchResult]:
        """Each of `publications` (a page of `articles`) with its snippet."""
        return with_snippets(publications, self.words, self.language)


def query_words(query: str) -> list[str]:
    """The query's words, at most MAX_WORDS of them, each at most MAX_WORD_LENGTH characters."""
    words = []
    for match in WORD.finditer(query or ""):
        words.append(match.group()[:MAX_WORD_LENGTH])
        if len(words) == MAX_WORDS:
            break
    return words


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")


def search_site(query: str, language: str) -> Found:
    """The search page: matching site-wide FAQs and articles; with no article found, the query
    corrected from the words the site has, and the articles that finds."""
    _check_language(language)
    words = query_words(query)
    if not words:
        return Found(language=language)
    articles = found_articles(query, language)
    answers = site_answers(query, language)
    if not answers and not articles.exists():
        suggestion = suggest(query, language)
        corrected = found_articles(suggestion, language) if suggestion else None
        answers = site_answers(suggestion, language) if suggestion else []
        if answers or (corrected is not None and corrected.exists()):
            return Found(
                articles=corrected,
                answers=answers,
                corrected=suggestion,
                words=query_words(suggestion),
                language=language,
            )
    return Found(articles=articles, answers=answers, words=words, language=language)


def found_articles(query: str, language: str) -> QuerySet:
    """Live publications written in `language` whose text matches `query`, best first, with what
    a result shows (read when the queryset is, for the rows read)."""
    _check_language(language)
    articles = Publication.objects.live().in_language(language).translated().only(*RESULT_FIELDS)
    return matching(articles, query, language)


def search_articles(query: str, language: str) -> list[SearchResult]:
    """The first page of live publications written in `language` whose text matches `query`."""
    return with_snippets(found_articles(query, language)[:RESULTS_PER_PAGE], query_words(query), language)


def matching(publications: QuerySet, query: str, language: str) -> QuerySet:
    """The publications of `publications` (all in `language`) whose text has every word of
    `query`, accents and case aside, annotated with their `rank` and ordered best first."""
    _check_language(language)
    words = query_words(query)
    if not words:
        return publications.none()
    if connection.vendor == "postgresql":
        search = full_text_query(words, language)
        found = publications.alias(vector=full_text_vector(language)).filter(vector=search)
        found = found.annotate(rank=SearchRank(stored_or_made(language), search))
    else:
        needles = _needles(words)
        if not needles:
            return publications.none()
        found = publications
        for needle in needles:
            found = found.filter(search_folded__contains=needle)
        found = found.annotate(rank=sum(_folded_score(needle) for needle in needles))
    return found.order_by("-rank", "-first_published_at", "-id")


def full_text_vector(language: str) -> SearchVector:
    """The same expression as the language's index in migration 0006, so PostgreSQL can use it."""
    return SearchVector("search_text", config=SEARCH_CONFIGS[language])


def full_text_query(words: list[str], language: str) -> SearchQuery:
    return SearchQuery(" ".join(words), config=SEARCH_CONFIGS[language], search_type="plain")


def _body(text: str) -> str:
    """The search text after its first line, the title (a snippet shows something new)."""
    return text.partition("\n")[2] or text


def _needles(words: list[str]) -> list[str]:
    """The query's distinct words, folded; a word that folds to nothing (a lone accent) is dropped."""
    return [needle for needle in dict.fromkeys(fold(word) for word in words) if needle]


def _occurrences(text, needle: str):
    """How many times `needle` is in the text expression `text`, in SQL."""
    return (Length(text) - Length(Replace(text, Value(needle), Value("")))) / len(needle)


def _folded_score(needle: str):
    """TITLE_WEIGHT for each match in the title (the folded text's first line), one for each in the text."""
    lines = Concat(F("search_folded"), Value("\n"))
    title = Substr(lines, 1, StrIndex(lines, Value("\n")))
    return TITLE_WEIGHT * _occurrences(title, needle) + _occurrences(F("search_folded"), needle)


def with_snippets(publications, words: list[str], language: str) -> list[SearchResult]:
    """Each publication (read from `found_articles`) with a snippet of its text around `words`."""
    publications = list(publications)
    needles = _needles(words)
    full_text = connection.vendor == "postgresql"
    pieces = []
    for found in publications:
        text = _body(found.search_text)
        piece = _piece(text, _body(found.search_folded), needles)
        if piece is None:
            # No word as written after the title. On PostgreSQL, a match by the stemmer alone:
            # the headline looks for it in the whole text; elsewhere the snippet is its start.
            piece = Piece(text) if full_text else _cut(text, 0)
        pieces.append(piece)
    if full_text:
        headlines = _headlines([piece.text for piece in pieces], words, language) if pieces else []
        snippets = [_marked(headline, piece) for headline, piece in zip(headlines, pieces, strict=True)]
    else:
        snippets = [_snippet(piece, needles) for piece in pieces]
    return [
        SearchResult(publication=found, snippet=snippet) for found, snippet in zip(publications, snippets, strict=True)
    ]


@dataclass(frozen=True)
class Piece:
    """A piece of a text, and whether the text goes on before it and after it."""

    text: str
    cut_before: bool = False
    cut_after: bool = False


def _piece(text: str, folded: str, needles: list[str]) -> Piece | None:
    """The piece of `text` around the first needle in `folded` (`text` folded); None without one.

    Each line folds to one line, so the match's line is found in the folded text, and only that
    line is folded again to find where the match starts as written.
    """
    if not needles or folded.count("\n") != text.count("\n"):
        return None
    pattern = _pattern(needles)
    # A match at the start of a word first ("arm" in "arm pain", not in "pharmacy").
    found = re.search(rf"(?<!\w)(?:{pattern.pattern})", folded) or pattern.search(folded)
    if found is None:
        return None
    line_start = 0
    for _line in range(folded.count("\n", 0, found.start())):
        line_start = text.index("\n", line_start) + 1
    line_end = text.find("\n", line_start)
    line = text[line_start:] if line_end == -1 else text[line_start:line_end]
    # The position in the line of each folded character, as in _matches.
    origin = [index for index, part in enumerate(fold_characters(line)) for _ in part]
    return _cut(text, line_start + origin[found.start() - folded.rfind("\n", 0, found.start()) - 1])


def _cut(text: str, keep: int) -> Piece:
    """The piece of `text` from PIECE_BEFORE characters before `keep` to PIECE_AFTER after it,
    cut between words."""
    begin, end = max(0, keep - PIECE_BEFORE), min(len(text), keep + PIECE_AFTER)
    if begin > 0:
        space = SPACE.search(text, begin, keep)
        begin = space.end() if space else begin
    if end < len(text):
        space = max(text.rfind(" ", keep, end), text.rfind("\n", keep, end))
        end = space if space > keep else end
    return Piece(text[begin:end], cut_before=begin > 0, cut_after=end < len(text))


def _headlines(texts: list[str], words: list[str], language: str) -> list[str]:
    """PostgreSQL's headline of each text for the words, in one query."""
    config = SEARCH_CONFIGS[language]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, text, plainto_tsquery(%s::regconfig, %s), %s)"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS texts(text, number) ORDER BY number",
            [config, config, " ".join(words), HEADLINE_OPTIONS, texts],
        )
        return [headline for (headline,) in cursor.fetchall()]


def _marked(headline: str, piece: Piece) -> SafeString:
    """Escape a PostgreSQL headline, turn its START/STOP marks into <mark>, show where it is cut."""
    headline = " ".join(headline.split())
    plain = headline.replace(START, "").replace(STOP, "")
    text = " ".join(piece.text.split())
    pieces = ["" if text.startswith(plain) and not piece.cut_before else "… "]
    for number, chunk in enumerate(headline.split(START)):
        if number == 0:
            pieces.append(escape(chunk.replace(STOP, "")))
            continue
        matched, _stop, rest = chunk.partition(STOP)
        pieces.append(f"<mark>{escape(matched)}</mark>{escape(rest.replace(STOP, ''))}")
    pieces.append("" if text.endswith(plain) and not piece.cut_after else " …")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def _pattern(needles: list[str]) -> re.Pattern:
    """Any of the needles, the longest first."""
    return re.compile("|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True)))


def _matches(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the folded needles occur in `text`, as (start, end) positions in `text` itself."""
    characters = fold_characters(text)
    folded = "".join(characters)
    # The position in `text` of each folded character.
    origin = [index for index, part in enumerate(characters) for _ in part]
    spans = []
    for match in _pattern(needles).finditer(folded):
        if match.end() > match.start():
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
    return spans


def _snippet(piece: Piece, needles: list[str]) -> SafeString:
    """A window of the piece around its first match, cut at words, every match in <mark>."""
    text = " ".join(piece.text.split())
    spans = _matches(text, needles)
    first_start, first_end = spans[0] if spans else (0, 0)
    begin, end = max(0, first_start - SNIPPET_BEFORE), min(len(text), first_end + SNIPPET_AFTER)
    # Cut at spaces, never inside the first match.
    if begin > 0:
        space = text.find(" ", begin, first_start)
        begin = space + 1 if space != -1 else begin
    if end < len(text):
        space = text.rfind(" ", first_end, end)
        end = space if space != -1 else end
    pieces = ["… " if begin > 0 or piece.cut_before else ""]
    position = begin
    for start, stop in spans:
        if start < position or stop > end:
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:stop])}</mark>")
        position = stop
    pieces.append(escape(text[position:end]))
    pieces.append(" …" if end < len(text) or piece.cut_after else "")
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of text is escaped above)


def suggest(query: str, language: str) -> str | None:
    """The query with each word the site does not have replaced by the most alike one it has in
    `language`; None when nothing needs or allows a correction."""
    _check_language(language)
    words = query_words(query)
    articles = Publication.objects.live().in_language(language).translated()
    # PostgreSQL finds the texts most like each word; elsewhere the newest texts serve every word,
    # so they are read and folded once.
    newest = None if connection.vendor == "postgresql" else _vocabulary(_newest_texts(articles))
    corrected = []
    for word in words:
        folded = fold(word)
        if len(folded) < MIN_CORRECTED_LENGTH:
            corrected.append(word)
            continue
        vocabulary = newest if newest is not None else _vocabulary(_similar_texts(articles, word))
        if folded in vocabulary:
            corrected.append(word)
            continue
        closest = difflib.get_close_matches(folded, vocabulary, n=1, cutoff=CORRECTION_CUTOFF)
        corrected.append(vocabulary[closest[0]] if closest else word)
    suggestion = " ".join(corrected)
    return suggestion if fold(suggestion) != fold(" ".join(words)) else None


def _similar_texts(articles, word: str) -> list[str]:
    """Texts with a word like `word`, found by their trigrams (PostgreSQL).

    The first few the index finds, in no order: ordering every text that has a like word by its
    similarity reads all of them (seconds at ten thousand articles), and the closest word among
    these texts' words is chosen afterwards anyway.
    """
    return list(
        articles.filter(search_text__trigram_word_similar=word)
        .order_by()
        .values_list("search_text", flat=True)[:CORRECTION_SOURCES]
    )


def _newest_texts(articles) -> list[str]:
    return list(articles.newest_first().values_list("search_text", flat=True)[:FALLBACK_CORRECTION_SOURCES])


def _vocabulary(texts: list[str]) -> dict[str, str]:
    """Each folded word of the texts, with the word as first written."""
    vocabulary = {}
    # Each distinct word is folded once, in the order it first appears.
    for word in dict.fromkeys(WORD.findall("\n".join(texts))):
        vocabulary.setdefault(fold(word), word.lower())
    return vocabulary


def site_answers(query: str, language: str) -> list[Answer]:
    """Site-wide FAQs translated into `language` whose question or answer has every word."""
    _check_language(language)
    words = query_words(query)
    if not words:
        return []
    question, answer = f"question_{language}", f"answer_{language}"
    faqs = FAQ.objects.site_wide().exclude(**{f"{question}__isnull": True}).exclude(**{question: ""})
    faqs = faqs.exclude(**{f"{answer}__isnull": True}).exclude(**{answer: ""})
    if connection.vendor == "postgresql":
        search = full_text_query(words, language)
        vector = SearchVector(question, weight="A", config=SEARCH_CONFIGS[language]) + SearchVector(
            answer, weight="D", config=SEARCH_CONFIGS[language]
        )
        matching = list(faqs.annotate(vector=vector, rank=SearchRank(vector, search)).filter(vector=search))
        matching.sort(key=lambda faq: -faq.rank)
    else:
        needles = [fold(word) for word in words]
        matching = [
            faq
            for faq in faqs
            if all(needle in fold(f"{getattr(faq, question)}\n{getattr(faq, answer)}") for needle in needles)
        ]
    page = reverse("faq:list")
    return [
        Answer(
            question=getattr(faq, question),
            answer=getattr(faq, answer).split("\n"),
            url=f"{page}?question={faq.pk}#question-{faq.pk}",
        )
        for faq in matching[:MAX_ANSWERS]
    ]
