"""Visitors compare and decide: themes on every record and their browse pages, the compare page
(/vergelijken/?p=…), the coverage map (/dekking/) and the home page's entries. Expectations come
from the records the site was built from, never from a pinned collection."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from generator.compare import compare_rows
from generator.loader import load_practices
from generator.overview import AUDIENCES, audience_members
from generator.vocabulary import load_vocabularies

from .conftest import ROOT
from .test_browser import AXE_TAGS, RESULT_TITLES, all_result_titles

VOCAB = load_vocabularies()


def loaded(folder: Path = ROOT / "practices"):
    result = load_practices(sorted(folder.glob("*.yaml")))
    return sorted(result.practices, key=lambda item: item.practice.title.casefold())


def test_every_record_has_one_to_three_themes_from_the_vocabulary():
    themes = VOCAB["themes"]
    for item in loaded():
        assert item.practice.themes is not None, item.slug
        terms = item.practice.themes.terms
        assert 1 <= len(terms) <= 3 and len(set(terms)) == len(terms), item.slug
        assert all(themes.resolve(term) == term for term in terms), item.slug
        assert item.practice.themes.basis == "editors", item.slug  # the sources name no themes


def test_the_theme_vocabulary_has_about_ten_kinds_each_used_and_described():
    themes = VOCAB["themes"]
    assert 8 <= len(themes.terms) <= 12
    used = {term for item in loaded() for term in item.practice.themes.terms}
    assert used == set(themes.ids)
    assert all(term.description for term in themes.terms)


def practice_links(html: str) -> set[str]:
    """The practices a page's cards link to (by slug)."""
    return set(re.findall(r'class="pk-card__title" href="[^"]*praktijken/([a-z0-9-]+)/"', html))


def test_a_theme_page_lists_exactly_the_practices_with_that_theme(built_project):
    practices = loaded(built_project.root / "practices")
    site = built_project.site_dir
    index = (site / "themas" / "index.html").read_text(encoding="utf-8")
    for term in VOCAB["themes"].terms:
        expected = {item.slug for item in practices if term.id in item.practice.themes.terms}
        page = site / "themas" / term.id / "index.html"
        assert page.exists() == bool(expected), term.id
        if expected:
            assert practice_links(page.read_text(encoding="utf-8")) == expected, term.id
            assert f'themas/{term.id}/"' in index


def test_a_practice_page_carries_its_themes_as_search_filter_and_links(built_project):
    item = loaded(built_project.root / "practices")[0]
    html = (built_project.site_dir / "praktijken" / item.slug / "index.html").read_text(encoding="utf-8")
    for term in item.practice.themes.terms:
        assert re.search(rf'href="\.\./\.\./themas/{term}/" data-pagefind-filter="thema">{re.escape(VOCAB["themes"].label(term))}<', html)
    assert f'vergelijken/?voeg={item.slug}"' in html


def two_to_compare(practices):
    """Two practices whose costs and contacts the source gives, and a third."""
    full = [item for item in practices if item.practice.costs and item.practice.contacts]
    a, b = full[0], full[-1]
    third = next(item for item in practices if item.slug not in (a.slug, b.slug))
    return a, b, third


def cells(page, row: str) -> dict[str, str]:
    return dict(page.locator(f'tr[data-row="{row}"] td').evaluate_all("tds => tds.map(td => [td.dataset.slug, td.innerText])"))


def test_compare_shows_two_practices_aligned_survives_reload_and_takes_a_third(page, site_url, built_project):
    a, b, third = two_to_compare(loaded(built_project.root / "practices"))
    page.goto(site_url + f"vergelijken/?p={a.slug},{b.slug}")
    for attempt in range(2):  # as loaded, and again after a reload
        headers = page.locator(".pk-compare-table thead th[data-slug]")
        expect(headers).to_have_count(2)
        expect(headers.nth(0)).to_contain_text(a.practice.title)
        expect(headers.nth(1)).to_contain_text(b.practice.title)
        for row in ("kosten", "contact", "doelgroep", "periode", "resultaten"):
            shown = cells(page, row)
            assert list(shown) == [a.slug, b.slug], row  # one row, both practices, in order
            for item in (a, b):
                expected = next(r for r in compare_rows(item.practice, VOCAB) if r["key"] == row)
                for line in expected["lines"]:
                    assert line["text"] in " ".join(shown[item.slug].split()), (row, item.slug)
        contact = page.locator(f'tr[data-row="contact"] td[data-slug="{a.slug}"] a[href^="mailto:"]')
        if any(c.email for c in a.practice.contacts):
            expect(contact.first).to_be_visible()
        if attempt == 0:
            page.reload()
    expect(page).to_have_url(re.compile(rf"\?p={a.slug},{b.slug}$"))
    page.get_by_label("Praktijk toevoegen").select_option(third.slug)
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".pk-compare-table thead th[data-slug]")).to_have_count(3)
    expect(page).to_have_url(re.compile(rf"\?p={a.slug},{b.slug},{third.slug}$"))
    page.get_by_role("button", name=f"Verwijder {a.practice.title} uit de vergelijking").click()
    expect(page).to_have_url(re.compile(rf"\?p={b.slug},{third.slug}$"))
    assert page.js_errors == []


def test_vergelijk_from_a_card_adds_to_the_last_comparison(page, site_url, built_project):
    a, b, _ = two_to_compare(loaded(built_project.root / "practices"))
    page.goto(site_url + f"vergelijken/?p={a.slug}")
    expect(page.get_by_role("status")).to_contain_text("minstens één")
    page.goto(site_url + "praktijken/")
    page.locator(f'.pk-card__compare a[href$="vergelijken/?voeg={b.slug}"]').click()
    expect(page).to_have_url(re.compile(rf"vergelijken/\?p={a.slug},{b.slug}$"))
    expect(page.locator(".pk-compare-table thead th[data-slug]")).to_have_count(2)


def test_vergelijk_from_a_search_result_adds_to_the_last_comparison(page, site_url, built_project):
    a, b, _ = two_to_compare(loaded(built_project.root / "practices"))
    page.goto(site_url + f"vergelijken/?p={a.slug}")
    expect(page.get_by_role("status")).to_contain_text("minstens één")
    page.goto(site_url + "zoeken/?q=" + quote(b.practice.title))
    result = page.locator(".pk-search__results > .pk-card").filter(has=page.locator(f'.pk-card__title[href$="praktijken/{b.slug}/"]'))
    expect(result).to_have_count(1)
    # Every practice among the results has its own "Vergelijk", named after it for a screen reader.
    practices = page.locator(".pk-search__results > .pk-card").filter(has=page.locator('.pk-card__title[href*="praktijken/"]'))
    expect(page.locator(".pk-search__results .pk-card__compare a")).to_have_count(practices.count())
    expect(practices.locator(".pk-card__compare a")).to_have_count(practices.count())
    link = result.get_by_role("link", name=f"Vergelijk {b.practice.title}")
    expect(link).to_have_attribute("href", f"../vergelijken/?voeg={b.slug}")
    link.click()
    expect(page).to_have_url(re.compile(rf"vergelijken/\?p={a.slug},{b.slug}$"))
    expect(page.locator(".pk-compare-table thead th[data-slug]")).to_have_count(2)
    assert page.js_errors == []


def test_compare_is_text_only_and_refuses_unknown_practices(page, site_url):
    page.goto(site_url + "vergelijken/?p=bestaat-niet,<img src=x onerror=alert(1)>")
    expect(page.get_by_role("status")).to_contain_text("Onbekende praktijk")
    assert page.locator(".pk-compare img").count() == 0
    assert page.js_errors == []


def test_compare_without_javascript_says_how_to_compare(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "vergelijken/?p=a,b")
    expect(page.locator("#pk-compare")).to_contain_text("Vergelijken werkt met JavaScript")
    expect(page.locator("#pk-compare a", has_text="Alle praktijken")).to_have_attribute("href", "../praktijken/")
    context.close()


def test_compare_works_at_phone_width(browser, site_url, built_project):
    a, b, _ = two_to_compare(loaded(built_project.root / "practices"))
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE")
    page = context.new_page()
    for path in (f"vergelijken/?p={a.slug},{b.slug}", "dekking/"):
        page.goto(site_url + path)
        page.locator("table").first.wait_for()
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    context.close()


def coverage_cells(page):
    """Every cell of the coverage map: its count and its link (None for an empty cell)."""
    return page.locator("table.pk-coverage td").evaluate_all(
        "tds => tds.map(td => [parseInt(td.textContent, 10), td.querySelector('a') ? td.querySelector('a').getAttribute('href') : null])"
    )


def test_coverage_counts_are_the_records_and_empty_cells_are_visible(page, site_url, built_project):
    practices = loaded(built_project.root / "practices")
    page.goto(site_url + "dekking/")
    first = page.locator("table.pk-coverage").first
    rows = first.locator("tbody tr")
    expect(rows).to_have_count(len(VOCAB["sectors"].terms))
    for index, sector in enumerate(VOCAB["sectors"].terms):
        counts = rows.nth(index).locator("td").all_inner_texts()
        expected = [sum(1 for i in practices if sector.id in i.practice.sectors and p.id in i.practice.priorities.terms) for p in VOCAB["priorities"].terms]
        expected.append(sum(1 for i in practices if sector.id in i.practice.sectors))
        assert [int(re.match(r"\d+", c)[0]) for c in counts] == expected, sector.id
    empty = page.locator("table.pk-coverage td.pk-cov--0")
    if empty.count():
        expect(empty.first).to_contain_text("geen praktijken")  # read out, though only "0" shows
        assert empty.first.locator("a").count() == 0


def search_count(page) -> int:
    status = page.locator(".pk-search__status")
    expect(status).to_have_text(re.compile(r"gevonden"))
    return int(re.match(r"(\d+) praktijk", status.inner_text())[1])


def test_a_coverage_cell_opens_a_search_with_as_many_results(page, site_url):
    page.goto(site_url + "dekking/")
    cells_ = [cell for cell in coverage_cells(page) if cell[1]]
    # The fullest, the emptiest and one in between of each table (not pinned to the collection).
    chosen = {max(cells_)[1]: max(cells_)[0], min(cells_)[1]: min(cells_)[0]}
    theme_cells = (
        page.locator("table.pk-coverage").nth(1).locator("td a").evaluate_all("as => as.map(a => [parseInt(a.textContent, 10), a.getAttribute('href')])")
    )
    chosen[theme_cells[len(theme_cells) // 2][1]] = theme_cells[len(theme_cells) // 2][0]
    for link, count in chosen.items():
        page.goto(site_url + "dekking/" + link)
        assert search_count(page) == count, link
        shown = page.locator(RESULT_TITLES)
        expect(shown.first).to_be_visible()
        more = page.get_by_role("button", name="Meer resultaten")
        while more.is_visible():
            before = shown.count()
            more.click()
            expect(shown).not_to_have_count(before)
        assert shown.count() == count, link


def test_home_page_opens_the_collection(page, site_url, built_project):
    practices = loaded(built_project.root / "practices")
    page.goto(site_url)
    links = page.locator(".md-content a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    for target in ("sectoren/", "doelgroepen/", "themas/", "regios/", "organisaties/", "praktijken/", "vergelijken/", "dekking/"):
        assert target in links, target
    entries = page.locator(".pk-audiences a")
    expect(entries).to_have_count(len(AUDIENCES))
    for index, audience in enumerate(AUDIENCES):
        expect(entries.nth(index)).to_have_text(audience.title)
    assert all(audience_members(practices, audience) for audience in AUDIENCES)
    expect(page.locator(".pk-newest li")).to_have_count(min(5, len(practices)))
    entries.nth(0).click()
    assert search_count(page) == len(audience_members(practices, AUDIENCES[0]))


def test_the_sector_fund_entry_finds_the_sector_funds_practices_in_every_source(page, site_url, built_project):
    """'Voor sectorfondsen' selects the practices a whole sector sets up (level 'Sectoraal'), not one
    source: the SERV fiches of Alimento's Bakkersatelier, Educam and FBZ come with the fund reports."""
    practices = loaded(built_project.root / "practices")
    sector_level = {item.practice.title for item in practices if item.practice.scope.level == "sector"}
    fund = next(audience for audience in AUDIENCES if audience.title == "Voor sectorfondsen")
    assert {item.practice.title for item in audience_members(practices, fund)} == sector_level
    page.goto(site_url)
    page.locator(".pk-audiences a", has_text="Voor sectorfondsen").click()
    expect(page).to_have_url(re.compile(r"zoeken/\?niveau=Sectoraal$"))
    assert search_count(page) == len(sector_level)
    found = set(all_result_titles(page))
    assert found == sector_level
    by_slug = {item.slug: item.practice.title for item in practices}
    for slug in ("bakkersatelier", "educam", "ibo-kapperssector"):  # in the SERV and WES reports, not a fund's own
        if slug in by_slug:
            assert by_slug[slug] in found, slug
    assert "Bakkersatelier" in found
    # The level is a search filter of its own, with a count per level.
    page.locator(".pk-filter summary", has_text="Niveau").click()
    expect(page.get_by_label(re.compile(r"^Sectoraal \(\d+\)$"))).to_be_checked()


@pytest.mark.parametrize("path", ["vergelijken/?p={a},{b}", "dekking/", "themas/", "themas/{theme}/", ""])
def test_new_pages_have_no_accessibility_violations(page, site_url, built_project, path):
    from axe_playwright_python.sync_playwright import Axe

    a, b, _ = two_to_compare(loaded(built_project.root / "practices"))
    page.goto(site_url + path.format(a=a.slug, b=b.slug, theme=VOCAB["themes"].ids[0]))
    if path.startswith("vergelijken"):
        page.locator(".pk-compare-table").wait_for()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
