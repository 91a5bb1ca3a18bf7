"""Accent and case folding for search ("Rücken" → "rucken"), the same on every database.

Publishing stores each publication's search text folded (`Publication.search_folded`); the search
folds the query's words the same way and finds them in it. No database here.
"""

import functools
import unicodedata


def fold(text: str) -> str:
    """Lower case without accents ("Rücken" → "rucken"), as `unaccent` and the stemmers do."""
    return "".join(fold_characters(text or ""))


def fold_characters(text: str) -> list[str]:
    """Each character of `text` folded on its own (some become two, such as "ß", or none), so a
    match in the folded text can be traced back to the characters as written."""
    return [_fold_character(character) for character in text]


# A text uses a few hundred distinct characters: each is folded once, not at every occurrence.
@functools.lru_cache(maxsize=4096)
def _fold_character(character: str) -> str:
    return "".join(
        part for part in unicodedata.normalize("NFKD", character.casefold()) if not unicodedata.combining(part)
    )
