"""Data to take away: the collection as JSON and CSV, the JSON Schema, and an Atom feed of
practices added or changed. Pure functions make the text; ``write_exports`` puts it in the site."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from .compare import write_compare_data
from .loader import LoadedPractice
from .render import max_cost
from .schema import schema_text
from .urls import page_url, practice_path
from .vocabulary import Vocabulary, load_vocabularies

ATOM = "http://www.w3.org/2005/Atom"
CSV_COLUMNS = [
    "slug",
    "url",
    "title",
    "summary",
    "sectors",
    "target_groups",
    "priorities",
    "priorities_basis",
    "themes",
    "level",
    "country",
    "regions",
    "places",
    "coordinators",
    "period",
    "start",
    "end",
    "ongoing",
    "status",
    "max_amount_eur",
    "long_term",
    "sources",
    "see_also",
    "editor_notes",
    "reviewed",
]
# The same table for a spreadsheet set to Belgian (Dutch or French) settings: Excel there splits on
# ";" (the comma is the decimal sign) and reads a file as UTF-8 only when it starts with a BOM.
EXCEL_DELIMITER = ";"
BOM = "\ufeff"


def practice_url(item: LoadedPractice, site_url: str) -> str:
    """The full address of a practice's page."""
    return site_url + page_url(practice_path(item.slug))


def practice_record(item: LoadedPractice, site_url: str) -> dict:
    """One practice as open data: every field of the record, plus its slug and page address."""
    return {"slug": item.slug, "url": practice_url(item, site_url), **item.practice.model_dump(mode="json", exclude_none=True)}


def practices_json(practices: list[LoadedPractice], site_url: str, vocab: dict[str, Vocabulary]) -> str:
    data = {
        "title": "Praktijkenbank Vaardigheden",
        "licence": "CC BY 4.0",
        "count": len(practices),
        "vocabularies": {kind: {t.id: t.nl for t in v.terms} for kind, v in vocab.items()},
        "documents": [{"id": t.id, "name": t.nl, "year": t.year} for t in vocab["documents"].terms],
        "practices": [practice_record(item, site_url) for item in practices],
    }
    return json.dumps(data, ensure_ascii=False, allow_nan=False) + "\n"  # no indent: Python's C encoder, 4 x faster


def practices_csv(practices: list[LoadedPractice], site_url: str, vocab: dict[str, Vocabulary], excel: bool = False) -> str:
    """One row per practice; lists are joined with ' | ' and terms are written as their Dutch names.

    With ``excel``, for a spreadsheet with Belgian settings: ";" between cells, a BOM first and
    Windows line ends; the cells are the same."""
    out = io.StringIO()
    if excel:
        out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=EXCEL_DELIMITER if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writeheader()

    def names(kind: str, ids: list[str]) -> str:
        return " | ".join(vocab[kind].label(i) for i in ids)

    for item in practices:
        p = item.practice
        highest = max_cost(p)
        writer.writerow(
            {
                key: spreadsheet_safe(value)
                for key, value in {
                    "slug": item.slug,
                    "url": practice_url(item, site_url),
                    "title": p.title,
                    "summary": p.summary,
                    "sectors": names("sectors", p.sectors),
                    "target_groups": names("target_groups", p.target_groups.terms),
                    "priorities": names("priorities", p.priorities.terms),
                    "priorities_basis": p.priorities.basis,
                    "themes": names("themes", p.themes.terms) if p.themes else "",
                    "level": vocab["levels"].label(p.scope.level),
                    "country": p.scope.country,
                    "regions": names("regions", p.scope.regions),
                    "places": " | ".join(p.scope.places),
                    "coordinators": " | ".join(p.coordination.organisations),
                    "period": p.period.wording if p.period else "",
                    "start": p.period.start if p.period and p.period.start else "",
                    "end": p.period.end if p.period and p.period.end else "",
                    "ongoing": (p.period.ongoing if p.period else ""),
                    "status": p.status,
                    "max_amount_eur": _plain(highest) if highest else "",
                    "long_term": p.long_term,
                    "sources": " | ".join(f"{s.document} ({vocab['documents'].get(s.document).year}): {s.section}" for s in p.sources),
                    "see_also": " | ".join(p.see_also),
                    "editor_notes": " | ".join(f"{n.kind}: {' '.join(n.text.split())}" for n in p.editor_notes),
                    "reviewed": p.reviewed.isoformat() if p.reviewed else "",
                }.items()
            }
        )
    return out.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with =, +, -, @, a tab
    or a carriage return gets a leading apostrophe (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def change_dates(paths: list[Path]) -> dict[Path, tuple[datetime, datetime]]:
    """When each file was first added and last changed, from git (one call), else its modification time."""
    dates: dict[Path, tuple[datetime, datetime]] = {}
    if paths:
        root = paths[0].parent
        try:
            log = subprocess.run(
                ["git", "log", "--format=%x00%cI", "--name-only", "--relative", "--", "."],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            log = ""
        for chunk in log.split("\x00")[1:]:
            lines = [line for line in chunk.strip().splitlines() if line]
            if not lines:
                continue
            when = datetime.fromisoformat(lines[0])
            for name in lines[1:]:
                path = root / name
                changed = dates[path][1] if path in dates else when  # the log is newest first
                dates[path] = (when, changed)  # so the last date seen is when the file was added
    fallback = {}
    for path in paths:
        if path not in dates:
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            fallback[path] = (modified, modified)
    return {**dates, **fallback}


def last_update(item: LoadedPractice, dates: dict[Path, tuple[datetime, datetime]]) -> datetime:
    """When a practice last changed: its file's last change, or the day it was last checked against
    its source (``reviewed``), whichever is later."""
    changed = dates[item.path][1]
    reviewed = item.practice.reviewed
    if reviewed is None:
        return changed
    checked = datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=UTC)
    return max(changed, checked)


def atom_feed(practices: list[LoadedPractice], site_url: str, dates: dict[Path, tuple[datetime, datetime]], vocab: dict[str, Vocabulary] | None = None) -> str:
    """Atom (RFC 4287) feed of practices, most recently added, changed or checked first."""
    documents = (vocab or load_vocabularies())["documents"]
    ET.register_namespace("", ATOM)

    def sub(parent, tag, text=None, **attrs):
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    entries = sorted(practices, key=lambda item: (last_update(item, dates), item.slug), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    sub(feed, "id", site_url)
    sub(feed, "title", "Praktijkenbank Vaardigheden: nieuwe en gewijzigde praktijken")
    sub(feed, "updated", max((last_update(i, dates) for i in practices), default=datetime.now(UTC)).isoformat())
    sub(feed, "link", rel="self", href=site_url + "feed.xml")
    sub(feed, "link", rel="alternate", type="text/html", href=site_url)
    author = sub(feed, "author")
    sub(author, "name", "Redactie Praktijkenbank Vaardigheden")
    for item in entries:
        url = practice_url(item, site_url)
        added = dates[item.path][0]
        entry = sub(feed, "entry")
        sub(entry, "id", url)
        sub(entry, "title", item.practice.title)
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "published", added.isoformat())
        sub(entry, "updated", last_update(item, dates).isoformat())
        sub(entry, "summary", item.practice.summary)
        p = item.practice
        sources = "; ".join(f"{documents.label(s.document)} ({documents.get(s.document).year})" for s in p.sources)
        lines = [p.summary, f"Bron: {sources}."]
        if p.reviewed:
            lines.append(f"Laatst nagekeken: {p.reviewed.isoformat()}.")
        sub(entry, "content", "\n\n".join(lines), type="text")
        for sector in item.practice.sectors:
            sub(entry, "category", term=sector)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def write_exports(site_dir: Path, practices: list[LoadedPractice], site_url: str, vocab: dict[str, Vocabulary]) -> None:
    data = site_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "practices.json").write_text(practices_json(practices, site_url, vocab), encoding="utf-8")
    (data / "practices.csv").write_text(practices_csv(practices, site_url, vocab), encoding="utf-8")
    # newline="" keeps the "\r\n" the Excel table is written with.
    with open(data / "practices-excel.csv", "w", encoding="utf-8", newline="") as file:
        file.write(practices_csv(practices, site_url, vocab, excel=True))
    (data / "practice.schema.json").write_text(schema_text(), encoding="utf-8")
    write_compare_data(site_dir, practices, vocab)  # one small file per practice, for the compare page
    dates = change_dates([item.path for item in practices])
    (site_dir / "feed.xml").write_text(atom_feed(practices, site_url, dates, vocab), encoding="utf-8")
