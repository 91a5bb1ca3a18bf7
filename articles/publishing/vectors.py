"""Each publication's weighted full-text vector on PostgreSQL, stored when it is published.

Ranking a search by relevance reads every matching publication's vector; made at query time,
that is three `to_tsvector` calls per match (about 1.5 ms each on these texts), so a common word
at thousands of articles took seconds. Publications never change, so the vector is made once:
the title weighs most (A), then the summary or description (B), then the rest (D), in the text
search configuration of the language the publication is written in. Elsewhere (SQLite) the
column stays empty and the search ranks by its folded text instead.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection
from django.db.models.functions import Coalesce

# PostgreSQL's own text-search configuration per site language (its stemmer and stop words).
TEXT_SEARCH_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "de": "german", "ar": "arabic"}
# The same with accents folded first (migration articles 0006 makes them and indexes them).
SEARCH_CONFIGS = {language: f"backhealth_{config}" for language, config in TEXT_SEARCH_CONFIGS.items()}


def weighted_vector(language: str) -> SearchVector:
    """The title weighs most, then the summary (or description), then the rest."""
    config = SEARCH_CONFIGS[language]
    return (
        SearchVector("title", config=config, weight="A")
        + SearchVector("description", config=config, weight="B")
        + SearchVector("search_text", config=config, weight="D")
    )


def store_search_vectors(publications) -> None:
    """Store the vector of each publication of the queryset `publications` (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    for language in SEARCH_CONFIGS:
        publications.filter(served_language=language).update(search_vector=weighted_vector(language))


def stored_or_made(language: str):
    """The stored vector, or one made now for a publication that has none yet."""
    return Coalesce("search_vector", weighted_vector(language), output_field=SearchVectorField())
