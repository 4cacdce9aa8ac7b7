"""Charts of a record's figures, drawn at build time as inline SVG (no chart JavaScript).

Four kinds, chosen from the data:
- a series: one figure label measured over several periods (Project 3030's registrations per school year);
- counts per group: several figures with the same unit and period (HEV certificates per level);
- target against realised: figures that have a `target`, one row each, with the share reached;
- budget planned against spent: costs that have both amounts, with the share spent.
Every chart has a title and a text description, and the same numbers stand in a table on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .models import Cost, Figure
from .safe import html_text

WIDTH = 760
ROW = 34
LABEL_WIDTH = 230
BAR_MAX = WIDTH - LABEL_WIDTH - 240


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


def group_charts(figures: list[Figure], fmt, exclude: frozenset[int] | set[int] = frozenset()) -> list[Chart]:
    """A chart per unit and period that two or more differently labelled figures share."""
    groups: dict[tuple[str | None, str | None], list[Figure]] = {}
    for figure in figures:
        if figure.target is None and figure.unit and id(figure) not in exclude:
            groups.setdefault((figure.unit, figure.period), []).append(figure)
    charts = []
    for (unit, period), members in groups.items():
        if unit is None or not 2 <= len(members) <= 12 or len({f.label for f in members}) != len(members):
            continue
        rows = tuple(Row(f.label, f.value, text=figure_text(f, fmt)) for f in members)
        title = ("Aandelen in %" if unit == "%" else unit[:1].upper() + unit[1:]) + (f" ({period})" if period else "")
        charts.append(Chart(title, _describe(rows), rows, "series"))
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


def svg(chart: Chart, chart_id: str) -> Markup:
    """The chart as an accessible inline SVG: horizontal bars, values written beside them."""
    height = ROW * len(chart.rows) + 10
    scale_max = max(max(r.value, r.reference or 0) for r in chart.rows) if chart.kind == "series" else None
    parts = [
        f'<svg class="pk-chart__svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-t">{html_text(chart.title)}</title><desc id="{chart_id}-d">{html_text(chart.description)}</desc>',
    ]
    for index, row in enumerate(chart.rows):
        y = 5 + index * ROW
        top = scale_max if scale_max is not None else max(row.value, row.reference or 0)
        bar = 0 if not top else BAR_MAX * row.value / top
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        parts.append(f'<text x="0" y="{y + 19}" class="pk-chart__label">{html_text(label)}</text>')
        if row.reference is not None and top:
            reference = BAR_MAX * row.reference / top
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{reference:.1f}" height="20" class="pk-chart__reference"/>'
            )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 7}" width="{bar:.1f}" height="14" class="pk-chart__bar"/>')
        parts.append(
            f'<text x="{LABEL_WIDTH + max(bar, (BAR_MAX * (row.reference or 0) / top) if top else 0) + 6:.1f}" '
            f'y="{y + 19}" class="pk-chart__value">{html_text(row.text)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
