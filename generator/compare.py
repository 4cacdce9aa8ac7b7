"""What the compare page (``vergelijken/?p=slug,slug``) shows of a practice, as one small JSON file
per practice (``site/data/praktijken/<slug>.json``), so the page fetches only the practices it
compares, not the whole collection.

Each file holds the rows of the comparison in their order, each a label and lines of plain text
(some with a link): the page's script puts them into table cells with ``textContent`` and sets a
link only when it is an http(s) or mailto address. Where the source gives nothing, the row says
"niet vermeld in de bron"."""

from __future__ import annotations

import json
from pathlib import Path

from .loader import LoadedPractice
from .models import Figure, Practice
from .render import euro, number
from .urls import PRACTICE_DATA_FOLDER, page_url, practice_path
from .vocabulary import Vocabulary

NOT_IN_SOURCE = "niet vermeld in de bron"
MAX_TEXT = 400  # characters of a long text (the outcomes in words) in a cell


def _line(text: str, href: str | None = None) -> dict:
    line = {"text": " ".join(text.split())}
    if href:
        line["href"] = href
    return line


def _shorten(text: str, limit: int = MAX_TEXT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _figure(figure: Figure) -> str:
    unit = f" {figure.unit}" if figure.unit else ""
    qualifier = f"{figure.qualifier} " if figure.qualifier else ""
    text = f"{figure.label}: {qualifier}{number(figure.value)}{unit}"
    if figure.target is not None:
        text += f" (streefcijfer {number(figure.target)}{unit})"
    if figure.period:
        text += f", {figure.period}"
    return text


def _costs(practice: Practice) -> list[dict]:
    lines = []
    for cost in practice.costs:
        text = cost.wording
        if cost.amount_eur is not None and euro(cost.amount_eur) not in cost.wording:
            text += f" ({euro(cost.amount_eur)}{f', {cost.year}' if cost.year else ''})"
        budget = [
            f"gepland {euro(cost.planned_eur)}" if cost.planned_eur is not None else "",
            f"besteed {euro(cost.spent_eur)}" if cost.spent_eur is not None else "",
        ]
        if any(budget):
            text += " – " + ", ".join(part for part in budget if part)
        if cost.kind != "total":
            text += f" [{cost.kind_label}]"
        lines.append(_line(text))
    return lines


def _contacts(practice: Practice) -> list[dict]:
    lines = []
    for contact in practice.contacts:
        who = ", ".join(part for part in (contact.name, contact.role, contact.organisation) if part)
        if who:
            lines.append(_line(who))
        if contact.email:
            lines.append(_line(contact.email, "mailto:" + contact.email))
        if contact.phone:
            lines.append(_line("tel. " + contact.phone))
    lines += [_line(link.label or link.url, link.url) for link in practice.links]
    return lines


def compare_rows(practice: Practice, vocab: dict[str, Vocabulary]) -> list[dict]:
    """The rows of the comparison for one practice: key, label and lines."""
    p = practice
    figures = p.outcomes.figures if p.outcomes else []
    period = [_line(p.period.wording + (" (loopt nog)" if p.period.ongoing and "loopt" not in p.period.wording else ""))] if p.period else []
    scope = [vocab["countries"].label(p.scope.country), *(vocab["regions"].label(r) for r in p.scope.regions)]
    rows = [
        ("wat", "Wat", [_line(p.summary)]),
        ("doel", "Doel", [_line(_shorten(p.goal))] if p.goal else []),
        ("doelgroep", "Doelgroep", [_line(", ".join(vocab["target_groups"].label(t) for t in p.target_groups.terms))]),
        ("sector", "Sector", [_line(", ".join(vocab["sectors"].label(s) for s in p.sectors))]),
        ("thema", "Soort actie", [_line(", ".join(vocab["themes"].label(t) for t in p.themes.terms))] if p.themes else []),
        ("regio", "Waar", [_line(", ".join(scope) + f" ({vocab['levels'].label(p.scope.level).lower()})")]),
        ("periode", "Periode", period),
        ("kosten", "Kosten", _costs(p)),
        ("resultaten", "Resultaten", [_line(_figure(f)) for f in figures] or ([_line(_shorten(p.outcomes.text))] if p.outcomes and p.outcomes.text else [])),
        ("contact", "Contact", _contacts(p)),
        ("bron", "Bron", [_line(f"{vocab['documents'].cited(s.document)}, {s.section}") for s in p.sources]),
    ]
    return [{"key": key, "label": label, "lines": lines or [_line(NOT_IN_SOURCE)], "given": bool(lines)} for key, label, lines in rows]


def compare_record(item: LoadedPractice, vocab: dict[str, Vocabulary]) -> dict:
    """One practice's file: its slug, title, page (relative to the site root) and rows."""
    return {"slug": item.slug, "title": item.practice.title, "url": page_url(practice_path(item.slug)), "rows": compare_rows(item.practice, vocab)}


def write_compare_data(site_dir: Path, practices: list[LoadedPractice], vocab: dict[str, Vocabulary]) -> None:
    folder = site_dir / PRACTICE_DATA_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for item in practices:
        text = json.dumps(compare_record(item, vocab), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        (folder / f"{item.slug}.json").write_text(text + "\n", encoding="utf-8")
