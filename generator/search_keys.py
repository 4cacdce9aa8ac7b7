"""The one table of what search can filter and sort on. The practice template writes the filters
(``data-pagefind-filter``) by these keys, the theme writes every sort key on every indexed page,
the browse pages use the same keys, and the search page (``zoeken.js``) reads the table from a JSON
block on its page: nothing else names a filter or a sort key."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

# Filter key (as Pagefind and the address of a search use it) -> the label visitors see, in the
# order the search page shows them.
FILTERS: dict[str, str] = {
    "prioriteit": "Prioriteit",
    "sector": "Sector",
    "doelgroep": "Doelgroep",
    "land": "Land",
    "regio": "Regio",
    "periode": "Gestart in",
    "bron": "Bron",
}

# Sort keys: every indexed page carries each (0 when it has no value), or Pagefind would drop it
# from results sorted by that key.
SORT_KEYS = ("jaar", "kosten")


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


def search_config_json() -> str:
    """The table as JSON for the search page (safe inside a <script> block: no "<")."""
    data = {"filters": FILTERS, "sorts": [asdict(option) for option in SORT_OPTIONS]}
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
