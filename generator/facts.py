"""The facts a visitor compares practices by, computed once for the cards, the search results
and the sort keys: total cost, start year or period, country (when not Belgium), level and a
one-line result.

A card (``parts.html.j2``), a search result (the practice page's Pagefind metadata, which
``zoeken.js`` shows) and the sort keys (the practice page's front matter ``sort:``) all take
their values from ``practice_facts``, so a list sorted by cost or year is sorted by exactly what
its cards show. Facts are plain text; the templates escape them like any record text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .formats import euro, number
from .models import COST_KIND_LABELS, Cost, Figure, Practice
from .search_keys import FACT_KEYS, FACT_META_PREFIX, SORT_KEYS
from .vocabulary import Vocabulary

NOT_IN_SOURCE = "niet vermeld in de bron"
HOME_COUNTRY = "BE"
MAX_TEXT = 90  # characters of record text (a cost's or period's wording, a figure's label) in a fact


@dataclass(frozen=True)
class Fact:
    key: str  # one of search_keys.FACT_KEYS
    label: str  # "Kostprijs", "Budget", "Gestart", …
    text: str  # "€ 250.000", "niet vermeld in de bron", …

    @property
    def line(self) -> str:
        """Label and text on one line, as the search page receives it ("Kostprijs: € 250.000")."""
        return f"{self.label}: {self.text}"

    @property
    def meta(self) -> str:
        """The name of its Pagefind metadata on the practice page."""
        return FACT_META_PREFIX + self.key


@dataclass(frozen=True)
class Facts:
    items: tuple[Fact, ...]
    sort: dict[str, int]  # the sort keys (search_keys.SORT_KEYS) as these facts show them


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """Record text on one line, cut at a word before ``limit`` characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return (cut or text[: limit - 1]) + "…"


def _amounts(cost: Cost) -> list[float]:
    return [a for a in (cost.amount_eur, cost.spent_eur, cost.planned_eur) if a is not None]


def max_cost(practice: Practice) -> float:
    """The largest amount the practice's own total costs name (for sorting by cost); 0 if none.

    Amounts per participant, ceilings, fees, hypothetical amounts and amounts for a wider project
    (``Cost.kind`` other than ``total``) do not say what the practice cost, so they do not count.
    The cost fact shows the cost that holds this amount."""
    return max((a for c in practice.costs if c.kind == "total" for a in _amounts(c)), default=0)


def start_year(practice: Practice) -> int:
    """The year the practice started (for sorting by year); 0 if the source gives none."""
    return practice.period.start if practice.period and practice.period.start else 0


def cost_fact(practice: Practice) -> Fact:
    totals = [c for c in practice.costs if c.kind == "total"]
    with_amounts = [c for c in totals if _amounts(c)]
    if with_amounts:
        highest = max_cost(practice)
        cost = next(c for c in with_amounts if highest in _amounts(c))
        when = f" ({cost.year})" if cost.year else (f" ({shorten(cost.period, 60)})" if cost.period else "")
        others = len(with_amounts) - 1
        more = f" (+{others} {'ander bedrag' if others == 1 else 'andere bedragen'})" if others else ""
        if cost.amount_eur is not None:
            return Fact("kosten", "Kostprijs", f"{euro(cost.amount_eur)}{when}{more}")
        parts = []
        if cost.planned_eur is not None:
            parts.append(f"gepland {euro(cost.planned_eur)}")
        if cost.spent_eur is not None:
            parts.append(f"besteed {euro(cost.spent_eur)}")
        return Fact("kosten", "Budget", ", ".join(parts) + when + more)
    if totals:  # only words ("onbekend", "verdeeld over het partnerschap"): as the source puts it
        return Fact("kosten", "Kosten", shorten(totals[0].wording))
    if practice.costs:
        kinds = sorted({COST_KIND_LABELS[c.kind] for c in practice.costs}, key=list(COST_KIND_LABELS.values()).index)
        return Fact("kosten", "Totale kost", f"{NOT_IN_SOURCE} (wel: {', '.join(kinds)})")
    return Fact("kosten", "Kosten", NOT_IN_SOURCE)


def period_fact(practice: Practice) -> Fact:
    period = practice.period
    if period is None:
        return Fact("periode", "Periode", NOT_IN_SOURCE)
    if period.start and period.end:
        span = str(period.start) if period.start == period.end else f"{period.start}–{period.end}"
        return Fact("periode", "Periode", span + (", loopt nog" if period.ongoing else ""))
    if period.start:
        return Fact("periode", "Gestart", f"{period.start}" + (", loopt nog" if period.ongoing else ""))
    return Fact("periode", "Periode", shorten(period.wording))


def figure_line(figure: Figure) -> str:
    """A figure in one line: "Bereikte jongeren: 6.850 (streefcijfer 800)"; the unit is left out
    where the label already names it."""
    unit = figure.unit or ""
    show_unit = bool(unit) and unit.casefold() not in figure.label.casefold()
    suffix = f" {unit}" if show_unit else ""
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    value = f"{qualifier}{number(figure.value)}{suffix}"
    target = f" (streefcijfer {number(figure.target)}{suffix})" if figure.target is not None else ""
    return f"{shorten(figure.label, 70)}: {value}{target}"


def result_fact(practice: Practice) -> Fact:
    outcomes = practice.outcomes
    if outcomes and outcomes.figures:
        return Fact("resultaat", "Resultaat", figure_line(outcomes.figures[0]))
    if outcomes and outcomes.text:
        return Fact("resultaat", "Resultaat", "beschreven, zonder cijfers")
    return Fact("resultaat", "Resultaat", NOT_IN_SOURCE)


def practice_facts(practice: Practice, vocab: dict[str, Vocabulary]) -> Facts:
    """The facts of a practice, in the order of search_keys.FACT_KEYS (the country only when not
    Belgium), and its sort keys (search_keys.SORT_KEYS) from the same values."""
    items = [cost_fact(practice), period_fact(practice)]
    if practice.scope.country != HOME_COUNTRY:
        items.append(Fact("land", "Land", vocab["countries"].label(practice.scope.country)))
    items.append(Fact("niveau", "Niveau", vocab["levels"].label(practice.scope.level)))
    items.append(result_fact(practice))
    sort = {"jaar": start_year(practice), "kosten": int(max_cost(practice))}
    assert tuple(sort) == SORT_KEYS and [f.key for f in items] == [k for k in FACT_KEYS if k in {f.key for f in items}]
    return Facts(tuple(items), sort)
