"""Issue 16, trust and visible bugs: source years, "Laatst nagekeken", status, one filter value per
source, the level apart from the regions, Dutch 404 and footer, one h1 on the home page, contacts,
notes on the source out of the main view, browse pages, and a CSV that Belgian Excel opens.

Nothing here pins the collection: expected values are computed from the records and vocabularies."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from collections import Counter
from urllib.parse import urlencode, urljoin

import pytest
from markupsafe import escape
from pydantic import ValidationError

from generator.browse import initial, make_facets
from generator.export import practices_csv
from generator.loader import load_practices, practice_files
from generator.models import Practice
from generator.vocabulary import load_vocabularies

from .conftest import ROOT

VOCAB = load_vocabularies()
DOCUMENTS = VOCAB["documents"]


@pytest.fixture(scope="module")
def built_items(built_project):
    """The records the built site was made from."""
    return load_practices(practice_files(built_project.practices_dir)).practices


def page_text(built_project, path: str) -> str:
    return (built_project.site_dir / path).read_text(encoding="utf-8")


def visible_text(markup: str) -> str:
    """The text of an HTML fragment, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


# The model and the records


def test_every_document_has_a_year_of_publication():
    assert all(isinstance(term.year, int) and 1900 <= term.year <= 2100 for term in DOCUMENTS.terms)


def test_every_record_was_reviewed_and_says_whether_it_still_runs():
    for item in load_practices(practice_files(ROOT / "practices")).practices:
        assert isinstance(item.practice.reviewed, datetime.date), item.slug
        assert item.practice.status in ("ongoing", "ended", "unknown"), item.slug
        if item.practice.period and item.practice.period.ongoing:
            assert item.practice.status == "ongoing", item.slug


def minimal(**fields) -> dict:
    return {
        "title": "T",
        "summary": "S",
        "description": "D",
        "target_groups": {"terms": ["werkzoekenden"]},
        "sectors": ["bouw"],
        "coordination": {"organisations": ["O"]},
        "scope": {"level": "sector"},
        "priorities": {"terms": ["matchen"], "basis": "editors"},
        "sources": [{"document": DOCUMENTS.ids[0], "section": "X"}],
        **fields,
    }


def test_reviewed_is_a_date_as_yaml_reads_it_or_as_text():
    assert Practice.model_validate(minimal(reviewed=datetime.date(2026, 11, 30))).reviewed == datetime.date(2026, 11, 30)
    assert Practice.model_validate(minimal(reviewed="2026-11-30")).reviewed == datetime.date(2026, 11, 30)
    for wrong in (20261130, "30/11/2026", "2026-02-30", datetime.datetime(2026, 11, 30, 12, 0), "1999-12-31"):
        with pytest.raises(ValidationError):
            Practice.model_validate(minimal(reviewed=wrong))


def test_status_is_one_of_three_words():
    assert Practice.model_validate(minimal()).status == "unknown"
    with pytest.raises(ValidationError):
        Practice.model_validate(minimal(status="yes"))


# Open data for spreadsheets


def test_excel_csv_has_a_bom_semicolons_and_the_same_rows(built_items):
    plain = practices_csv(built_items, "https://example.org/", VOCAB)
    excel = practices_csv(built_items, "https://example.org/", VOCAB, excel=True)
    assert excel.startswith("\ufeff") and not plain.startswith("\ufeff")
    assert excel[1:].split("\r\n", 1)[0].count(";") == plain.split("\n", 1)[0].count(",")
    rows = list(csv.reader(io.StringIO(plain)))
    assert list(csv.reader(io.StringIO(excel[1:], newline=""), delimiter=";")) == rows


def test_built_excel_csv_matches_the_standard_csv(built_project):
    data = built_project.site_dir / "data"
    raw = (data / "practices-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(data / "practices-excel.csv", encoding="utf-8-sig", newline="") as file:
        excel = list(csv.reader(file, delimiter=";"))
    with open(data / "practices.csv", encoding="utf-8", newline="") as file:
        plain = list(csv.reader(file))
    assert excel == plain and len(plain) > 1


def test_open_data_page_offers_the_excel_file(built_project):
    page = page_text(built_project, "open-data/index.html")
    assert 'href="../data/practices-excel.csv"' in page
    for column in ("status", "reviewed"):
        assert f"<code>{column}</code>" in page


def test_open_data_carries_review_date_status_and_source_years(built_project, built_items):
    import json

    data = json.loads(page_text(built_project, "data/practices.json"))
    assert {d["id"]: d["year"] for d in data["documents"]} == {t.id: t.year for t in DOCUMENTS.terms}
    by_slug = {p["slug"]: p for p in data["practices"]}
    for item in built_items:
        assert by_slug[item.slug]["reviewed"] == item.practice.reviewed.isoformat()
        assert by_slug[item.slug]["status"] == item.practice.status
    with open(built_project.site_dir / "data" / "practices.csv", encoding="utf-8", newline="") as file:
        rows = {row["slug"]: row for row in csv.DictReader(file)}
    for item in built_items:
        first = item.practice.sources[0].document
        assert rows[item.slug]["reviewed"] == item.practice.reviewed.isoformat()
        assert f"{first} ({DOCUMENTS.get(first).year})" in rows[item.slug]["sources"]
    feed = page_text(built_project, "feed.xml")
    assert feed.count("Laatst nagekeken: ") == len(built_items)


# Pages


def test_practice_page_shows_sources_with_years_and_the_review_date(built_project, built_items):
    item = next(i for i in built_items if len(i.practice.sources) > 0)
    text = visible_text(page_text(built_project, f"praktijken/{item.slug}/index.html"))
    assert "Laatst nagekeken:" in text
    for source in item.practice.sources:
        document = DOCUMENTS.get(source.document)
        assert f"{document.nl} ({document.year})" in text


def test_status_is_shown_only_where_the_source_says_it(built_project, built_items):
    for status, label in (("ongoing", "Loopt nog"), ("ended", "Afgelopen"), ("unknown", None)):
        item = next((i for i in built_items if i.practice.status == status), None)
        if item is None:
            continue
        page = page_text(built_project, f"praktijken/{item.slug}/index.html")
        if label:
            year = DOCUMENTS.get(item.practice.sources[0].document).year
            assert f"{label} <small>(volgens de bron van {year})</small>" in page, item.slug
        else:
            assert 'class="pk-status' not in page


def test_level_is_its_own_item_not_a_region_badge(built_project, built_items):
    item = built_items[0]
    page = page_text(built_project, f"praktijken/{item.slug}/index.html")
    level = VOCAB["levels"].label(item.practice.scope.level)
    assert re.search(r"<dt[^>]*>Niveau</dt>\s*<dd><p class=\"pk-level\">" + re.escape(html.escape(level, quote=False)), page)
    regions = re.search(r'<ul class="pk-badges" aria-label="Regio"[^>]*>(.*?)</ul>', page, re.S)[1]
    assert level not in visible_text(regions)
    assert ">Prioriteiten</dt>" in page and "Aangepakte uitdagingen" not in page


def test_each_filter_value_is_written_once_per_page(built_project, built_items):
    for item in built_items:
        page = page_text(built_project, f"praktijken/{item.slug}/index.html")
        values = re.findall(r'data-pagefind-filter="([^"]+)"[^>]*>([^<]*)<', page)
        doubles = [value for value, count in Counter(values).items() if count > 1]
        assert doubles == [], item.slug


def test_no_colon_right_before_a_contact_email(built_project, built_items):
    with_email = [i for i in built_items if any(c.email for c in i.practice.contacts)]
    assert with_email
    for item in with_email:
        page = page_text(built_project, f"praktijken/{item.slug}/index.html")
        assert not re.search(r":\s*<a href=\"mailto:", page), item.slug


def test_notes_about_the_source_are_in_the_disclosure_not_the_table(built_project, built_items):
    pattern = re.compile(r"Gedrukt als|extractie|De bron schrijft")
    checked = 0
    for item in built_items:
        figures = item.practice.outcomes.figures if item.practice.outcomes else []
        for figure in figures:
            if figure.note and pattern.search(figure.note):
                page = page_text(built_project, f"praktijken/{item.slug}/index.html")
                table = re.search(r'<table class="pk-figures">.*?</table>', page, re.S)[0]
                notes = re.search(r'<details class="pk-editor-notes".*?</details>', page, re.S)[0]
                assert figure.note[:40] not in html.unescape(table)
                assert figure.note[:40] in html.unescape(notes)
                checked += 1
    assert checked


def test_over_lists_the_five_sources_with_the_vocabularys_years(built_project):
    text = visible_text(page_text(built_project, "over/index.html"))
    for term in DOCUMENTS.terms:
        assert f"{term.nl} ({term.year})" in text, term.id
    years = [int(y) for y in re.findall(r"\((\d{4})\):", text)]
    assert sorted(years) == sorted(term.year for term in DOCUMENTS.terms)


def test_home_page_has_one_h1_and_its_title_once(built_project):
    page = page_text(built_project, "index.html")
    assert len(re.findall(r"<h1[\s>]", page)) == 1
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1].strip()
    assert title == "Praktijkenbank Vaardigheden"


def test_404_is_dutch_with_a_search_box_and_links(built_project):
    page = page_text(built_project, "404.html")
    assert '<html lang="nl"' in page
    assert "Pagina niet gevonden" in page and "Not found" not in page
    form = re.search(r'<form class="[^"]*pk-notfound-search[^"]*" action="([^"]+)"[^>]*role="search"', page)
    assert form and form[1].endswith("zoeken/")
    assert re.search(r'<input id="pk-notfound-q" type="search" name="q"', page)
    for target in ("bladeren/", "zoeken/"):
        assert re.search(rf'href="[^"]*{target}"', page), target


def test_footer_is_dutch_with_links_to_over_open_data_licence_and_accessibility(built_project):
    for path in ("index.html", "over/index.html", "404.html"):
        page = page_text(built_project, path)
        footer = re.search(r"<footer.*?</footer>", page, re.S)[0]
        assert "Made with" not in footer
        base = "http://site.test/" + path
        links = {urljoin(base, href) for href in re.findall(r'href="([^"]+)"', footer)}
        for target in ("over/", "open-data/", "toegankelijkheid/"):
            assert urljoin("http://site.test/", target) in links, (path, target)
        assert "https://creativecommons.org/licenses/by/4.0/deed.nl" in links
        assert "Gemaakt met" in footer


def test_bijdragen_front_matter_is_read_not_shown(built_project):
    page = page_text(built_project, "bijdragen/index.html")
    article = visible_text(re.search(r"<article.*?</article>", page, re.S)[0])
    assert "title: Een praktijk toevoegen" not in article and "description: Handleiding" not in article
    assert "<title>Een praktijk toevoegen of verbeteren" in page


# Browse pages


def test_sectors_are_listed_by_name(built_project, built_items):
    page = page_text(built_project, "sectoren/index.html")
    names = [html.unescape(n) for n in re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="pk-count">', page)]
    assert names and names == sorted(names, key=str.casefold)


def test_regions_are_grouped_belgium_then_other_countries(built_project, built_items):
    page = page_text(built_project, "regios/index.html")
    assert ">In België</h2>" in page
    abroad = {item.practice.scope.country for item in built_items} - {"BE"}
    if abroad:
        assert page.index(">In België</h2>") < page.index(">Andere landen</h2>")
        after = page.split(">Andere landen</h2>", 1)[1]
        assert VOCAB["countries"].label("BE") not in visible_text(after.split("</ul>", 1)[0])


def test_organisations_are_listed_a_to_z_with_a_jump_bar(built_project, built_items):
    page = page_text(built_project, "organisaties/index.html")
    jump = re.search(r'<nav class="pk-jump"[^>]*>(.*?)</nav>', page, re.S)[1]
    letters = re.findall(r'<a href="#(letter-[a-z]+|letter-overige)">', jump)
    organisations = {name for item in built_items for name in item.practice.coordination.organisations}
    assert len(letters) == len({initial(name) for name in organisations})
    for anchor in letters:
        assert f'id="{anchor}"' in page


def test_facets_group_values_in_order():
    items = load_practices(practice_files(ROOT / "practices")).practices
    facets = {facet.folder: facet for facet in make_facets(items, VOCAB)}
    letters = [group.heading for group in facets["organisaties"].groups()]
    plain = [letter for letter in letters if letter != "0–9"]
    assert plain == sorted(plain) and letters[: len(plain)] == plain
    assert sum(len(group.values) for group in facets["organisaties"].groups()) == len(facets["organisaties"].values)
    assert initial("École") == "E" and initial("3M") == "0–9" and initial("agoria") == "A"


def test_source_filter_counts_each_practice_once(site_url, page, built_items):
    """Pagefind's count for a source equals the number of practices citing it (WES: cited twice by some)."""
    wes = "wes-zorg-techniek"
    expected = sum(1 for item in built_items if any(s.document == wes for s in item.practice.sources))
    page.goto(site_url + "zoeken/")
    counts = page.evaluate("""async () => {
        const pagefind = await import("/pagefind/pagefind.js");
        await pagefind.init();
        return (await pagefind.filters()).bron;
    }""")
    assert counts[DOCUMENTS.cited(wes)] == expected
    for term in DOCUMENTS.terms:
        cited = sum(1 for item in built_items if any(s.document == term.id for s in item.practice.sources))
        assert counts.get(f"{term.nl} ({term.year})", 0) == cited, term.id
    # Every value names its document's year, as every other mention of a source does.
    assert all(re.search(r" \(\d{4}\)$", value) for value in counts), sorted(counts)


def test_the_compare_page_names_each_source_with_its_year(built_project, built_items):
    import json

    for item in built_items:
        record = json.loads(page_text(built_project, f"data/praktijken/{item.slug}.json"))
        sources = next(row for row in record["rows"] if row["key"] == "bron")
        assert [line["text"] for line in sources["lines"]] == [
            f"{DOCUMENTS.get(s.document).nl} ({DOCUMENTS.get(s.document).year}), {s.section}" for s in item.practice.sources
        ], item.slug


def test_a_search_address_names_a_source_as_its_filter_value(built_project, built_items):
    from generator.search_keys import search_address

    item = built_items[0]
    document = item.practice.sources[0].document
    page = page_text(built_project, f"praktijken/{item.slug}/index.html")
    value = f"{DOCUMENTS.get(document).nl} ({DOCUMENTS.get(document).year})"
    assert f'<span data-pagefind-filter="bron">{escape(value)}</span>' in page
    assert search_address("../zoeken/", VOCAB, {"bron": [document]}) == "../zoeken/?" + urlencode({"bron": value})
