"""Reading a shopper's search words: the full-text query they stand for, and their spelling.

The query is PostgreSQL full text (websearch syntax, English stems); the last plain word is matched
as a prefix, so "hood" finds hoodies while the shopper is still typing. Spelling is checked against
catalog_search_words, the dictionary of the catalog's own words (ts_stat, refreshed by a task): a
word the catalog does not use is replaced by the closest one by trigram similarity (pg_trgm).
Each word's verdict is kept in the process's memory ("local" cache) under the catalog version (a
refresh that changes the dictionary bumps it), so a search for words seen before costs no query
and no round trip.
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.core.cache import caches
from django.db import connection

from apps.catalog.version import catalog_version

SEARCH_CONFIG = "english"

# Quotes, an excluded -word or "or" ask for websearch semantics: the words are then taken as typed.
_WEBSEARCH_SYNTAX = re.compile(r'"|(?:^|\s)-\w|(?:^|\s)or(?:\s|$)', re.IGNORECASE)
_PLAIN_WORD = re.compile(r"^\w+$")
# Words worth correcting: letters only, three or more (numbers and sizes are taken as typed).
_CORRECTABLE = re.compile(r"^[^\W\d_]{3,}$")

# A verdict outlives no dictionary change (the version is in its key); the hour only bounds the memory.
VERDICT_SECONDS = 3600

# One round trip for all the query's words. A word is known when the catalog has it or a word of the
# same stem ("hoodies"), and the last word also when it begins one (it is being typed); an unknown word gets
# the most similar known word, the more common first on a tie.
_CORRECTIONS_SQL = """
    SELECT typed.word,
           (SELECT known.word FROM catalog_search_words known
             WHERE known.word %% typed.word
             ORDER BY similarity(known.word, typed.word) DESC, known.ndoc DESC, known.word
             LIMIT 1)
      FROM unnest(%s::text[]) AS typed(word)
     WHERE NOT EXISTS (
           SELECT 1 FROM catalog_search_words known
            WHERE (typed.word = %s AND known.word LIKE typed.word || '%%')
               OR known.stem = coalesce((ts_lexize('english_stem', typed.word))[1], typed.word))
"""


def uses_websearch_syntax(text: str) -> bool:
    return bool(_WEBSEARCH_SYNTAX.search(text))


def search_query(text: str) -> SearchQuery:
    """The tsquery of a shopper's words: all of them, the last also as a prefix ("hood" → hood:*)."""
    text = text.strip()
    head, _, last = text.rpartition(" ")
    if uses_websearch_syntax(text) or not _PLAIN_WORD.match(last):
        return SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    prefix = SearchQuery(f"'{last}':*", search_type="raw", config=SEARCH_CONFIG)
    return SearchQuery(head, search_type="websearch", config=SEARCH_CONFIG) & prefix if head.strip() else prefix


def corrected_spelling(text: str) -> str | None:
    """The query with each word the catalog does not know replaced by its closest known word, or
    None when every word is known (or none has a close enough one). One query."""
    if uses_websearch_syntax(text):
        return None
    words = text.lower().split()
    candidates = sorted({word for word in words if _CORRECTABLE.match(word)})
    if not candidates:
        return None
    corrections = {typed: known for typed, known in _verdicts(candidates, last=words[-1]).items() if known}
    if not corrections:
        return None
    return " ".join(corrections.get(word, word) for word in words)


def _verdicts(words, *, last):
    """{word: the known word replacing it, or "" when it is known or nothing is close}. The last
    word is judged as one being typed (a known word's beginning passes), so it has a key of its own.
    Verdicts come from the cache; the missing ones from one query, then kept."""
    cache = caches["local"]
    version = catalog_version()
    keys = {word: f"search:spelling:{version}:{'typing' if word == last else 'whole'}:{word}" for word in words}
    found = cache.get_many(list(keys.values()))
    verdicts = {word: found[key] for word, key in keys.items() if key in found}
    missing = [word for word in words if word not in verdicts]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(_CORRECTIONS_SQL, [missing, last])
            unknown = {typed: known or "" for typed, known in cursor.fetchall()}
        fresh = {word: unknown.get(word, "") for word in missing}
        cache.set_many({keys[word]: verdict for word, verdict in fresh.items()}, VERDICT_SECONDS)
        verdicts.update(fresh)
    return verdicts
