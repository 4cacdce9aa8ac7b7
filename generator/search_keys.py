"""The one table of what search can filter and sort on. The practice template writes the filters
(``data-pagefind-filter``) by these keys, the theme writes every sort key on every indexed page,
the browse pages use the same keys, and the search page (``zoeken.js``) reads the table from a JSON
block on its page: nothing else names a filter, a sort key or a fact's metadata."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

# Filter key (as Pagefind and the address of a search use it) -> the label visitors see, in the
# order the search page shows them.
FILTERS: dict[str, str] = {
    "prioriteit": "Prioriteit",
    "sector": "Sector",
    "doelgroep": "Doelgroep",
    "thema": "Thema",
    "land": "Land",
    "regio": "Regio",
    "niveau": "Niveau",
    "periode": "Gestart in",
    "bron": "Bron",
}

# The filters whose values are terms of a vocabulary: the practice page writes a term's Dutch
# name as the filter value, so a search address names terms by that name (search_address).
FILTER_KINDS: dict[str, str] = {
    "prioriteit": "priorities",
    "sector": "sectors",
    "doelgroep": "target_groups",
    "thema": "themes",
    "land": "countries",
    "regio": "regions",
    "niveau": "levels",
    "bron": "documents",
}

# The term ids a practice carries for each of those filters (the home page's audiences and the
# coverage map count practices by them, as the search counts the practice pages' filter values).
FILTER_TERMS: dict[str, Callable[[Any], list[str]]] = {
    "prioriteit": lambda p: list(p.priorities.terms),
    "sector": lambda p: list(p.sectors),
    "doelgroep": lambda p: list(p.target_groups.terms),
    "thema": lambda p: list(p.themes.terms) if p.themes else [],
    "land": lambda p: [p.scope.country],
    "regio": lambda p: list(p.scope.regions),
    "niveau": lambda p: [p.scope.level],
    "bron": lambda p: [source.document for source in p.sources],
}

# Sort keys: every indexed page carries each (0 when it has no value), or Pagefind would drop it
# from results sorted by that key.
SORT_KEYS = ("jaar", "kosten")

# The facts of a practice (generator/facts.py), in the order cards and results show them. The
# practice page writes each as Pagefind metadata named FACT_META_PREFIX + key; the search page
# shows them in this order.
FACT_KEYS = ("kosten", "periode", "land", "niveau", "resultaat")
FACT_META_PREFIX = "feit_"


@dataclass(frozen=True)
class SortOption:
    id: str  # in the address: ?sort=…
    label: str
    key: str | None  # None: by relevance
    direction: str = "desc"


SORT_OPTIONS = (
    SortOption("relevantie", "Meest relevant", None),
    SortOption("nieuwste", "Nieuwste eerst (startjaar)", "jaar", "desc"),
    SortOption("oudste", "Oudste eerst (startjaar)", "jaar", "asc"),
    SortOption("kosten", "Hoogste kosten eerst", "kosten", "desc"),
)


def search_filter(key: str) -> str:
    """A filter key, checked against the table (a misspelt key fails the build, not the search)."""
    if key not in FILTERS:
        raise KeyError(f"onbekende zoekfilter {key!r}; gekend: {', '.join(FILTERS)}")
    return key


def sort_values(meta: dict) -> dict[str, int]:
    """Every sort key of a page, from its front matter's ``sort`` mapping (0 where it has none)."""
    given = meta.get("sort")
    if not isinstance(given, dict):
        given = {}
    return {key: int(given.get(key, 0)) for key in SORT_KEYS}


def search_words(practice: Any, vocab: dict[str, Any]) -> list[str]:
    """What the practice page adds to the index as hidden text, so that search finds it by every
    wording of its terms: the names and variants of its sectors, target groups, themes, regions,
    country and priorities and of their broader terms (``Vocabulary.search_words``), and its places.
    The ID card's lists of these stay out of the index (and so out of the excerpts)."""
    themes = getattr(practice, "themes", None)
    kinds = (
        ("sectors", practice.sectors),
        ("target_groups", practice.target_groups.terms),
        ("themes", themes.terms if themes is not None and "themes" in vocab else []),
        ("regions", practice.scope.regions),
        ("countries", [practice.scope.country]),
        ("priorities", practice.priorities.terms),
    )
    words: list[str] = []
    for kind, ids in kinds:
        for term_id in ids:
            words += vocab[kind].search_words(term_id)
    words += practice.scope.places
    unique: dict[str, str] = {}
    for word in words:
        unique.setdefault(word.casefold(), word)
    return list(unique.values())


def filter_value(vocab: dict, key: str, term: str) -> str:
    """A term as the practice pages write it in a search filter: its Dutch name; a source document
    with its year, as every mention of a source. The practice page writes its hidden filter values with it."""
    vocabulary = vocab[FILTER_KINDS[key]]
    return vocabulary.cited(term) if FILTER_KINDS[key] == "documents" else vocabulary.label(term)


def search_address(search_page_href: str, vocab: dict, filters: dict[str, list[str]]) -> str:
    """The address of a search with these filters ({filter key: [term ids]}), as the search page
    reads it: ``…/zoeken/?prioriteit=Leercultuur+ontwikkelen&sector=Bouw`` (each value the term's
    Dutch name, a source document's with its year: exactly the filter value the practice pages carry)."""
    pairs = [(search_filter(key), filter_value(vocab, key, term)) for key, terms in filters.items() for term in terms]
    return search_page_href + "?" + urlencode(pairs)


# Vocabularies whose wordings the search page suggests when a search finds nothing.
SUGGESTION_KINDS = ("sectors", "target_groups", "themes", "regions")


def related_terms(vocab: dict[str, Any]) -> list[list]:
    """The terms the search page suggests from when a search finds nothing: for each, its wordings
    (name first, then variants) and the positions of its broader terms in this list. The page
    suggests a term's other wordings and its broader and narrower terms."""
    terms = [(kind, term) for kind in SUGGESTION_KINDS if kind in vocab for term in vocab[kind].terms]
    position = {(kind, term.id): i for i, (kind, term) in enumerate(terms)}
    return [[[term.nl, *term.variants], [position[(kind, b)] for b in term.broader]] for kind, term in terms]


def search_config_json(vocab: dict[str, Any] | None = None) -> str:
    """The table as JSON for the search page (safe inside a <script> block: no "<"), with the
    vocabularies' terms for suggestions when a search finds nothing."""
    data = {
        "filters": FILTERS,
        "sorts": [asdict(option) for option in SORT_OPTIONS],
        "facts": [{"key": key, "meta": FACT_META_PREFIX + key} for key in FACT_KEYS],
        "terms": related_terms(vocab or {}),
    }
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
