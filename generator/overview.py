"""Pages that open the collection as a whole: the home page's entries per audience and its newest
additions, the coverage map (how many practices per priority and sector, per theme and target
group, with a search link per cell) and the compare page's list of practices. Pure functions over
loaded records; the search addresses use the filter table of ``search_keys``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .loader import LoadedPractice
from .search_keys import FILTER_TERMS, search_address
from .vocabulary import Term, Vocabulary

COMPARE_MAX = 4  # practices side by side on the compare page


@dataclass(frozen=True)
class Audience:
    """An entry point of the home page: for whom, and the search it opens (filter key -> term ids;
    any of the values within a filter, all filters together, as the search page does)."""

    title: str
    text: str
    filters: dict[str, tuple[str, ...]]


# The selections per audience, in one place: the home page links each to its search.
AUDIENCES: tuple[Audience, ...] = (
    Audience(
        "Voor scholen",
        "Praktijken voor leerlingen, leerkrachten en scholen: kennismaken met beroepen, werkplekleren en lesmateriaal.",
        {"doelgroep": ("leerlingen", "leerkrachten", "scholen")},
    ),
    Audience(
        "Voor bedrijven",
        "Wat werkgevers deden om mensen te vinden, op te leiden en te houden.",
        {"doelgroep": ("werkgevers",)},
    ),
    Audience(
        "Voor sectorfondsen",
        "Praktijken die een hele sector samen opzet: de acties van sectorfondsen (zoals Alimento, Volta en Educam) en sectorfederaties.",
        {"niveau": ("sector",)},
    ),
    Audience(
        "Voor beleidsmakers",
        "Praktijken die het beleid en de structuren voor vaardigheden versterken. Zie ook waar praktijken ontbreken, op de dekkingskaart.",
        {"prioriteit": ("beleid",)},
    ),
)


def audience_links(search_href: str, vocab: dict[str, Vocabulary]) -> list[tuple[Audience, str]]:
    """Every audience with the address of its search (relative to the page, from ``search_href``)."""
    return [(audience, search_address(search_href, vocab, {k: list(v) for k, v in audience.filters.items()})) for audience in AUDIENCES]


def audience_members(practices: list[LoadedPractice], audience: Audience) -> list[LoadedPractice]:
    """The practices an audience's search finds: any value within a filter, all filters together."""
    return [item for item in practices if all(set(values) & set(FILTER_TERMS[key](item.practice)) for key, values in audience.filters.items())]


@dataclass(frozen=True)
class Cell:
    count: int
    link: str  # the search for this cell's practices (relative to the page)


@dataclass(frozen=True)
class CoverageRow:
    term: Term
    total: Cell  # practices with this row's term, any column
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Coverage:
    """A table of counts: practices per row term and column term, each cell a search link."""

    id: str
    caption: str
    row_header: str
    columns: tuple[Term, ...]
    rows: tuple[CoverageRow, ...]

    @property
    def empty(self) -> int:
        """How many cells hold no practice."""
        return sum(1 for row in self.rows for cell in row.cells if cell.count == 0)


def coverage(
    practices: list[LoadedPractice],
    vocab: dict[str, Vocabulary],
    search_href: str,
    id: str,
    caption: str,
    row_header: str,
    rows: tuple[str, str],
    columns: tuple[str, str],
) -> Coverage:
    """Counts for ``rows`` and ``columns``, each a (search filter key, vocabulary kind) pair."""
    row_key, row_kind = rows
    column_key, column_kind = columns
    columns_terms = vocab[column_kind].terms
    values = [(set(FILTER_TERMS[row_key](item.practice)), set(FILTER_TERMS[column_key](item.practice))) for item in practices]
    table = []
    for term in vocab[row_kind].terms:
        members = [in_columns for in_rows, in_columns in values if term.id in in_rows]
        cells = tuple(
            Cell(
                sum(1 for in_columns in members if column.id in in_columns),
                search_address(search_href, vocab, {row_key: [term.id], column_key: [column.id]}),
            )
            for column in columns_terms
        )
        table.append(CoverageRow(term, Cell(len(members), search_address(search_href, vocab, {row_key: [term.id]})), cells))
    return Coverage(id, caption, row_header, columns_terms, tuple(table))


def coverage_tables(practices: list[LoadedPractice], vocab: dict[str, Vocabulary], search_href: str) -> list[Coverage]:
    """The coverage map: sectors against priorities, target groups against themes."""
    return [
        coverage(
            practices,
            vocab,
            search_href,
            "sector-prioriteit",
            "Praktijken per sector en prioriteit",
            "Sector",
            ("sector", "sectors"),
            ("prioriteit", "priorities"),
        ),
        coverage(
            practices,
            vocab,
            search_href,
            "doelgroep-thema",
            "Praktijken per doelgroep en thema",
            "Doelgroep",
            ("doelgroep", "target_groups"),
            ("thema", "themes"),
        ),
    ]


def newest(practices: list[LoadedPractice], dates: dict[Path, tuple[datetime, datetime]], limit: int = 5) -> list[tuple[LoadedPractice, datetime]]:
    """The practices added last (``dates``: when each file was added and last changed, as the feed
    takes them from git), newest first; ties by title."""
    dated = [(item, dates[item.path][0]) for item in practices if item.path in dates]
    return sorted(dated, key=lambda pair: (-pair[1].timestamp(), pair[0].practice.title.casefold()))[:limit]


def compare_config_json(practices: list[LoadedPractice], data_href: str) -> str:
    """What the compare page's script needs, as JSON safe inside a <script> block: where the
    per-practice files are (relative to the page), how many practices fit, and every practice's
    slug and title (to choose from)."""
    data = {
        "data": data_href,
        "max": COMPARE_MAX,
        "practices": [{"slug": item.slug, "title": item.practice.title} for item in practices],
    }
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
