"""Charts of a record's figures, drawn at build time as HTML bars (no chart JavaScript, no SVG):
labels and values are text in the page's own font, so they reflow and stay legible on a phone.

Four kinds, chosen from the data:
- a series: one figure label measured over several periods (Project 3030's registrations per school year);
- counts per group: several figures with the same unit and period (HEV certificates per level);
- target against realised: figures that have a `target`, one row each, with the share reached;
- budget planned against spent: costs that have both amounts, with the share spent.
Every chart has a title (above it) and a text description, and the same numbers stand in a table
on the page. A total is never a bar among its parts: a group chart names it above its bars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Cost, Figure


@dataclass(frozen=True)
class Row:
    label: str
    value: float
    reference: float | None = None  # target or planned budget, drawn as an outline
    text: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    rows: tuple[Row, ...]
    kind: str  # "series", "target" or "budget"
    total: Row | None = None  # the total of the parts the rows show, named above them


def share(part: float, whole: float) -> int | None:
    """part / whole as a rounded percentage; None when whole is 0."""
    return round(100 * part / whole) if whole else None


def _describe(rows) -> str:
    """A chart's text description: every row's label and value, as the page's table has them."""
    return "; ".join(f"{r.label}: {r.text}" for r in rows)


def figure_text(figure: Figure, fmt) -> str:
    """A figure's value as the page shows it: qualifier, number and unit ("meer dan 12.000 certificeringen")."""
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    unit = f" {figure.unit}" if figure.unit else ""
    return f"{qualifier}{fmt(figure.value)}{unit}"


TOTAL_WORD = re.compile(r"\b(?:totaal|totale|total|in totaal)\b", re.IGNORECASE)


def is_total(figure: Figure, others: list[Figure]) -> bool:
    """Whether a figure is the total of the others in its group: its label says so ("(totaal)"),
    or every other label starts with its label ("Bezoekende groepen" and "Bezoekende groepen uit
    Oost-Vlaanderen", …) and its value is at least their sum."""
    if TOTAL_WORD.search(figure.label):
        return True
    label = figure.label.casefold()
    return (
        bool(others)
        and all(o.label.casefold().startswith(label) and len(o.label) > len(figure.label) for o in others)
        and figure.value >= sum(o.value for o in others)
    )


def group_charts(figures: list[Figure], fmt, exclude: frozenset[int] | set[int] = frozenset()) -> list[Chart]:
    """A chart per unit and period that two or more differently labelled figures share (a total
    among them is named above the bars, not drawn as one of them)."""
    groups: dict[tuple[str | None, str | None], list[Figure]] = {}
    for figure in figures:
        if figure.target is None and figure.unit and id(figure) not in exclude:
            groups.setdefault((figure.unit, figure.period), []).append(figure)
    charts = []
    for (unit, period), members in groups.items():
        if unit is None or not 2 <= len(members) <= 12 or len({f.label for f in members}) != len(members):
            continue
        totals = [f for f in members if is_total(f, [o for o in members if o is not f])]
        total = totals[0] if len(totals) == 1 else None
        parts = [f for f in members if f is not total]
        if len(parts) < 2:
            continue
        rows = tuple(Row(f.label, f.value, text=figure_text(f, fmt)) for f in parts)
        total_row = Row(total.label, total.value, text=figure_text(total, fmt)) if total else None
        title = ("Aandelen in %" if unit == "%" else unit[:1].upper() + unit[1:]) + (f" ({period})" if period else "")
        description = (f"{total_row.label}: {total_row.text}. " if total_row else "") + _describe(rows)
        charts.append(Chart(title, description, rows, "series", total_row))
    return charts


def series_charts(figures: list[Figure], fmt) -> tuple[list[Chart], set[int]]:
    """A chart per figure label that the source gives for two or more periods, and the ids of the
    figures they show."""
    groups: dict[tuple[str, str | None], list[Figure]] = {}
    for figure in figures:
        if figure.period and figure.target is None:
            groups.setdefault((figure.label, figure.unit), []).append(figure)
    charts: list[Chart] = []
    used: set[int] = set()
    for (label, _unit), members in groups.items():
        if len({f.period for f in members}) < 2 or len(members) != len({f.period for f in members}):
            continue
        used.update(id(f) for f in members)
        rows = tuple(Row(f.period or "", f.value, text=figure_text(f, fmt)) for f in members)
        charts.append(Chart(f"{label} per periode", _describe(rows), rows, "series"))
    return charts, used


def target_chart(figures: list[Figure], fmt) -> Chart | None:
    rows = []
    for f in figures:
        if f.target is None:
            continue
        suffix = f" {f.unit}" if f.unit else ""
        reached = share(f.value, f.target)
        text = f"{fmt(f.value)} van {fmt(f.target)}{suffix}" + (f" ({reached}%)" if reached is not None else "")
        rows.append(Row(f.label, f.value, f.target, text))
    if not rows:
        return None
    return Chart("Gerealiseerd tegenover streefcijfer", _describe(rows), tuple(rows), "target")


def budget_chart(costs: list[Cost], fmt_euro) -> Chart | None:
    rows = []
    for c in costs:
        if c.planned_eur is None or c.spent_eur is None:
            continue
        spent = share(c.spent_eur, c.planned_eur)
        text = f"{fmt_euro(c.spent_eur)} van {fmt_euro(c.planned_eur)}" + (f" ({spent}%)" if spent is not None else "")
        rows.append(Row(c.covers or c.wording, c.spent_eur, c.planned_eur, text))
    if not rows:
        return None
    return Chart("Besteed tegenover gepland budget", _describe(rows), tuple(rows), "budget")


@dataclass(frozen=True)
class Bar:
    """One row as drawn: its label and value text, and the widths (in % of the track) of its bar
    and of the outline around it (target or planned amount)."""

    label: str
    text: str
    width: float
    reference_width: float | None


def bars(chart: Chart) -> list[Bar]:
    """The rows of a chart with their widths: a series shares one scale, a target or budget row is
    scaled to the larger of its value and its reference. The ``chart_bars`` macro
    (templates/parts.html.j2) draws them."""
    scale_max = max(max(r.value, r.reference or 0) for r in chart.rows) if chart.kind == "series" else None
    drawn = []
    for row in chart.rows:
        top = scale_max if scale_max is not None else max(row.value, row.reference or 0)
        width = 100 * max(row.value, 0) / top if top > 0 else 0
        reference = 100 * max(row.reference, 0) / top if row.reference is not None and top > 0 else None
        drawn.append(Bar(row.label, row.text, round(width, 1), None if reference is None else round(reference, 1)))
    return drawn
