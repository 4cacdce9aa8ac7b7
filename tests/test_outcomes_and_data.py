"""Issue: outcomes you can see and data you can take away — charts, derived figures, downloads, print, feed."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime
from xml.etree import ElementTree as ET

import pytest
from playwright.sync_api import expect

from generator.charts import budget_chart, series_charts, share, target_chart
from generator.loader import load_practice, load_practices, practice_files
from generator.render import euro, number

from .conftest import RECORDS, ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def collection():
    return {item.slug: item.practice for item in load_practices(practice_files(ROOT / "practices")).practices}


@pytest.fixture(scope="module")
def built_collection(built_project):
    """The records the built site was made from (records added to practices/ since are not in it)."""
    return {item.slug: item.practice for item in load_practices(practice_files(built_project.practices_dir)).practices}


def drawn(chart) -> str:
    """A chart as the practice page draws it (the chart_bars macro)."""
    from generator.render import make_environment

    return str(make_environment().get_template("parts.html.j2").module.chart_bars(chart, "x"))


def test_series_chart_holds_each_periods_value(collection):
    figures = collection["project-3030"].outcomes.figures
    chart = next(c for c in series_charts(figures, number)[0] if c.title == "Inschrijvingen per periode")
    expected = [(f.period, f.value) for f in figures if f.label == "Inschrijvingen"]
    assert [(row.label, row.value) for row in chart.rows] == expected
    drawing = drawn(chart)
    assert '<span class="pk-bars__label">schooljaar 2012-2013</span>' in drawing
    assert '<span class="pk-bars__value">559 inschrijvingen</span>' in drawing
    widths = [float(w) for w in re.findall(r'class="pk-bars__bar" style="width: ([\d.]+)%"', drawing)]
    assert len(widths) == len(expected)
    assert widths[0] == max(widths) == 100  # 559 is the largest value, so the longest bar


def test_counts_per_group_chart_for_hev_certificates_per_level(collection):
    from generator.charts import group_charts

    chart = group_charts(collection["sectorale-hev-certificering"].outcomes.figures, number)[0]
    assert chart.title == "Certificeringen (sinds 2011)"
    rows = {row.label: row.text for row in chart.rows}
    assert rows["Certificeringen HEV 1"] == "5.040 certificeringen"
    assert rows["Certificeringen HEV 2"] == "7.164 certificeringen"
    assert rows["Certificeringen HEV 3"] == "41 certificeringen"
    # The total is not a bar among its parts: it is named above them.
    assert "Uitgereikte certificeringen (totaal)" not in rows
    assert (chart.total.label, chart.total.text) == ("Uitgereikte certificeringen (totaal)", "meer dan 12.000 certificeringen")
    assert "meer dan 12.000 certificeringen" in drawn(chart).split('<ul class="pk-bars__rows">')[0]


def test_a_total_by_its_label_or_by_its_parts_labels_is_not_a_bar():
    from generator.charts import group_charts
    from generator.models import Figure

    figures = [
        Figure(label="Bezoekende groepen", value=248, unit="groepen"),
        Figure(label="Bezoekende groepen uit Gent", value=150, unit="groepen"),
        Figure(label="Bezoekende groepen uit Brugge", value=48, unit="groepen"),
    ]
    chart = group_charts(figures, number)[0]
    assert [row.label for row in chart.rows] == ["Bezoekende groepen uit Gent", "Bezoekende groepen uit Brugge"]
    assert chart.total.label == "Bezoekende groepen"
    unrelated = [Figure(label="Deelnemers", value=10, unit="personen"), Figure(label="Geslaagden", value=8, unit="personen")]
    assert group_charts(unrelated, number)[0].total is None


def test_target_chart_shows_realised_against_target_and_the_share():
    practice = load_practice(RECORDS / "valid" / "volledig-voorbeeld.yaml")[0].practice
    chart = target_chart(practice.outcomes.figures, number)
    assert [(r.label, r.value, r.reference) for r in chart.rows] == [("Bereikte jongeren", 6850, 800)]
    assert chart.rows[0].text == "6.850 van 800 jongeren (856%)"


def test_budget_chart_shows_spent_against_planned(collection):
    chart = budget_chart(collection["alimento-sectorale-wedstrijden"].costs, euro)
    assert chart.rows[0].value == 58822.47 and chart.rows[0].reference == 221500
    assert chart.rows[0].text == "€ 58.822,47 van € 221.500 (27%)"


def test_share_is_rounded_and_safe_for_zero():
    assert share(1, 3) == 33 and share(5, 0) is None


def test_charts_on_the_page_carry_the_records_figures(built_project, collection):
    page = (built_project.site_dir / "praktijken" / "alimento-sectorale-wedstrijden" / "index.html").read_text(encoding="utf-8")
    assert "Gerealiseerd tegenover streefcijfer" in page and "Besteed tegenover gepland budget" in page
    first = collection["alimento-sectorale-wedstrijden"].outcomes.figures[0]
    assert f"{number(first.value)} van {number(first.target)}" in page
    assert f"{share(first.value, first.target)}%" in page  # the derived share, also in the table


def test_json_download_has_every_practice_with_the_same_figures(built_project, built_collection):
    collection = built_collection
    data = json.loads((built_project.site_dir / "data" / "practices.json").read_text(encoding="utf-8"))
    assert data["count"] == len(collection) == len(data["practices"])
    by_slug = {p["slug"]: p for p in data["practices"]}
    assert set(by_slug) == set(collection)
    for slug, practice in collection.items():
        figures = practice.outcomes.figures if practice.outcomes else []
        assert [f["value"] for f in by_slug[slug].get("outcomes", {}).get("figures", [])] == [f.value for f in figures], slug
    wedstrijden = by_slug["alimento-sectorale-wedstrijden"]
    page = (built_project.site_dir / "praktijken" / "alimento-sectorale-wedstrijden" / "index.html").read_text(encoding="utf-8")
    assert euro(wedstrijden["costs"][0]["planned_eur"]) in page and wedstrijden["url"].endswith("/praktijken/alimento-sectorale-wedstrijden/")


def test_csv_download_has_one_row_per_practice(built_project, built_collection):
    collection = built_collection
    rows = list(csv.DictReader(io.StringIO((built_project.site_dir / "data" / "practices.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(collection)
    row = next(r for r in rows if r["slug"] == "project-3030")
    assert row["title"] == "Project 3030"
    assert row["max_amount_eur"] == "1279925"
    assert row["priorities"] == "Vaardigheden beter inzetten op de werkvloer | De financiering van onderwijs en opleiding versterken"
    assert row["start"] == "2009" and row["ongoing"] == "True"


def test_schema_download_equals_the_committed_schema(built_project):
    assert (built_project.site_dir / "data" / "practice.schema.json").read_text(encoding="utf-8") == (ROOT / "generator" / "practice.schema.json").read_text(
        encoding="utf-8"
    )


def test_open_data_page_explains_every_csv_column_and_the_licence(built_project):
    from generator.export import CSV_COLUMNS

    text = (ROOT / "content" / "open-data.md").read_text(encoding="utf-8")
    assert [c for c in CSV_COLUMNS if f"| `{c}` |" not in text] == []
    assert "CC BY 4.0" in text
    page = (built_project.site_dir / "open-data" / "index.html").read_text(encoding="utf-8")
    assert 'href="../data/practices.csv"' in page and 'href="../feed.xml"' in page


def test_feed_is_atom_with_every_practice_newest_first(built_project, built_collection):
    collection = built_collection
    root = ET.parse(built_project.site_dir / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(collection)
    updated = []
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None and entry.find(f"{ATOM}{required}").text, required
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        updated.append(datetime.fromisoformat(entry.find(f"{ATOM}updated").text))
    assert updated == sorted(updated, reverse=True)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    assert {e.find(f"{ATOM}title").text for e in entries} == {p.title for p in collection.values()}


def test_pages_announce_the_feed(built_project):
    home = (built_project.site_dir / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in home


def test_practice_page_prints_as_a_fiche_without_navigation(page, site_url):
    page.goto(site_url + "praktijken/alimento-sectorale-wedstrijden/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".pk-header-search", ".pk-related"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".pk-id-card")).to_be_visible()
    expect(page.locator(".pk-chart").first).to_be_visible()
    expect(page.locator("table.pk-figures").first).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_feed_dates_come_from_git_history_when_there_is_one(tmp_path):
    """A record's 'added' date is its first commit, 'updated' its last, not the file's modification time."""
    import os
    import subprocess

    from generator.export import change_dates

    folder = tmp_path / "practices"
    folder.mkdir()
    record = folder / "een.yaml"
    record.write_text("title: Een\n", encoding="utf-8")

    def commit(message: str, when: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
        subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True, env=env)
        subprocess.run([*git, "commit", "-qm", message], cwd=tmp_path, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit("toegevoegd", "2024-03-01T10:00:00+01:00")
    record.write_text("title: Een (verbeterd)\n", encoding="utf-8")
    commit("verbeterd", "2025-06-15T09:30:00+02:00")

    added, changed = change_dates([record])[record]
    assert added == datetime.fromisoformat("2024-03-01T10:00:00+01:00")
    assert changed == datetime.fromisoformat("2025-06-15T09:30:00+02:00")
