"""Issue 16 in Chromium: facts on cards and search results, sorting by what they show, charts on a
phone, keyboard focus and target sizes, axe on every page type at desktop and phone width, and
search that finds (vocabulary wordings, suggestions, the back button)."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from generator.facts import practice_facts
from generator.loader import load_practices, practice_files
from generator.vocabulary import load_vocabularies

from .test_browser import all_result_titles

RESULTS = ".pk-search__results > li"
RESULT_TITLES = ".pk-search__results .pk-card__title"
FACTS_OF = """items => items.map(item => [...item.querySelectorAll('.pk-facts > .pk-fact')]
    .map(f => [f.querySelector('dt').textContent, f.querySelector('dd').textContent]))"""


@pytest.fixture(scope="module")
def built(built_project):
    """slug -> practice, of the records the built site was made from."""
    return {item.slug: item.practice for item in load_practices(practice_files(built_project.practices_dir)).practices}


def phone(browser, width: int = 375):
    return browser.new_context(viewport={"width": width, "height": 800}, locale="nl-BE", device_scale_factor=1)


def all_results(page) -> None:
    """Press "Meer resultaten" until every result of the current search shows."""
    all_result_titles(page)


def result_of(page, slug: str):
    return page.locator(RESULTS).filter(has=page.locator(f'.pk-card__title[href$="praktijken/{slug}/"]'))


def euros(text: str) -> list[float]:
    return [float(a.replace(".", "").replace(",", ".")) for a in re.findall(r"€ (\d[\d.]*(?:,\d\d)?)", text)]


# Facts on cards and results


def test_every_card_on_the_financing_page_shows_its_cost_or_that_the_source_gives_none(page, site_url, built):
    vocab = load_vocabularies()
    page.goto(site_url + "prioriteiten/financiering/")
    cards = page.locator(".pk-cards > .pk-card")
    expect(cards.first).to_be_visible()
    for card in cards.all():
        slug = card.locator(".pk-card__title").get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
        cost = card.locator(".pk-fact--kosten")
        expect(cost).to_have_count(1)
        expected = next(f for f in practice_facts(built[slug], vocab).items if f.key == "kosten")
        expect(cost).to_have_text(expected.label + expected.text)
        practice = built[slug]
        if any(c.kind == "total" and (c.amount_eur or c.planned_eur or c.spent_eur) for c in practice.costs):
            expect(cost.locator("dd")).to_contain_text("€ ")
        elif not practice.costs:
            expect(cost.locator("dd")).to_have_text("niet vermeld in de bron")


@pytest.mark.parametrize("slug", ["kunststoffen-communicatiecampagne", "jet-net", "we-care"])
def test_a_search_result_shows_the_same_facts_as_its_card(page, site_url, built, slug):
    page.goto(site_url + "praktijken/")
    card = page.locator(".pk-cards > .pk-card").filter(has=page.locator(f'.pk-card__title[href$="praktijken/{slug}/"]'))
    on_card = card.evaluate_all(FACTS_OF)[0]
    assert on_card[0][0] in ("Kostprijs", "Budget", "Kosten", "Totale kost")
    page.goto(site_url + "zoeken/?q=" + quote_plus(built[slug].title))
    result = result_of(page, slug)
    expect(result).to_have_count(1)
    assert result.evaluate_all(FACTS_OF)[0] == on_card
    if built[slug].scope.country != "BE":
        expect(result.locator(".pk-fact--land dd")).not_to_be_empty()


def test_sorting_by_cost_follows_the_costs_the_results_show(page, site_url):
    page.goto(site_url + "zoeken/?prioriteit=" + quote_plus("De financiering van onderwijs en opleiding versterken") + "&sort=kosten")
    all_results(page)
    shown = [
        max(euros(text), default=0)
        for text in page.locator(RESULTS).evaluate_all("items => items.map(i => (i.querySelector('.pk-fact--kosten dd') || {}).textContent || '')")
    ]
    assert any(shown) and shown == sorted(shown, reverse=True)


def test_sorting_by_year_follows_the_years_the_results_show(page, site_url):
    page.goto(site_url + "zoeken/?sector=" + quote_plus("Zorg en welzijn") + "&sort=nieuwste")
    all_results(page)
    periods = page.locator(RESULTS).evaluate_all("items => items.map(i => i.querySelector('.pk-fact--periode dd').textContent)")
    years = [int(m.group(0)) if (m := re.match(r"\d{4}", text)) else 0 for text in periods]
    assert any(years) and years == sorted(years, reverse=True)


# Charts on a phone


@pytest.mark.parametrize("width", [360, 375, 390])
def test_chart_text_is_at_least_12px_and_fits_at_phone_width(browser, site_url, width):
    context = phone(browser, width)
    page = context.new_page()
    for path in ("praktijken/sectorale-hev-certificering/", "praktijken/kunststoffen-communicatiecampagne/", "praktijken/project-3030/"):
        page.goto(site_url + path)
        charts = page.locator("figure.pk-chart")
        expect(charts.first).to_be_visible()
        texts = page.evaluate("""() => [...document.querySelectorAll('figure.pk-chart *')]
            .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => { const r = e.getBoundingClientRect();
                        return [e.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(e).fontSize), r.left, r.right]; })""")
        assert texts
        for text, size, left, right in texts:
            assert size >= 12, f"{path}: '{text}' is {size}px at {width}px"
            assert left >= 0 and right <= width, f"{path}: '{text}' runs off a {width}px screen"
        # The title is above its chart.
        for chart in charts.all():
            title = chart.locator("figcaption").bounding_box()
            first_bar = chart.locator(".pk-bars__row").first.bounding_box()
            assert title["y"] + title["height"] <= first_bar["y"]
    context.close()


# Keyboard focus, target sizes


FOCUS_STYLE = """e => { const s = getComputedStyle(e);
    return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0, shadow: s.boxShadow !== 'none', visible: e.matches(':focus-visible')}; }"""


def test_keyboard_focus_is_visible_on_a_filter_checkbox_and_the_search_box(page, site_url):
    page.goto(site_url + "zoeken/?q=opleiding")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    page.locator(".pk-filter summary", has_text="Sector").click()
    box = page.locator(".pk-filter[open] input[type=checkbox]").first
    expect(box).to_be_visible()
    page.locator(".pk-filter[open] summary").focus()
    page.keyboard.press("Tab")
    expect(box).to_be_focused()
    style = box.evaluate(FOCUS_STYLE)
    assert style["visible"] and (style["outline"] or style["shadow"]), style
    search = page.get_by_label("Zoek in de praktijken")
    page.locator(".pk-search__query label").click()  # then the keyboard, from the label
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(search).to_be_focused()
    style = search.evaluate(FOCUS_STYLE)
    assert style["visible"] and (style["outline"] or style["shadow"]), style


def test_search_controls_are_at_least_24px(page, site_url):
    page.goto(site_url + "zoeken/?q=opleiding")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    page.locator(".pk-filter summary", has_text="Sector").click()
    expect(page.locator(".pk-filter[open] input[type=checkbox]").first).to_be_visible()
    sizes = page.evaluate("""() => [...document.querySelectorAll(
            '#pk-search input, #pk-search select, #pk-search button, #pk-search summary, .pk-header-search input, .pk-header-search button')]
        .filter(e => e.offsetParent !== null)
        .map(e => { const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 60), r.width, r.height]; })""")
    assert sizes
    small = [s for s in sizes if s[1] < 24 or s[2] < 24]
    assert small == []


# Accessibility: axe on every page type, at desktop and phone width


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGE_TYPES = [
    "",  # home
    "prioriteiten/",
    "prioriteiten/financiering/",
    "prioriteiten/matrix/",
    "praktijken/",
    "praktijken/project-3030/",
    "praktijken/kunststoffen-communicatiecampagne/",
    "bladeren/",
    "sectoren/",
    "sectoren/zorg/",
    "organisaties/",
    "bronnen/",
    "bronnen/volta-rapport/",
    "zoeken/",
    "zoeken/?q=opleiding&sector=Voeding",
    "zoeken/?q=kapperssector&land=Nederland",
    "over/",
    "bijdragen/",
    "open-data/",
    "aandachtspunten/",
    "toegankelijkheid/",
    "bestaat-niet/",
]
# Page types that other parts of the site may add: tested when the build has them.
OPTIONAL_PAGE_TYPES = {"vergelijken/?p=we-care,project-3030": "vergelijken", "dekking/": "dekking", "themas/": "themas"}


def page_types(site_dir) -> list[str]:
    extra = [path for path, folder in OPTIONAL_PAGE_TYPES.items() if (site_dir / folder / "index.html").exists()]
    return PAGE_TYPES + extra


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_no_violation_on_any_page_type(browser, site_url, built_project, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-BE")
    page = context.new_page()
    found = {}
    for path in page_types(built_project.site_dir):
        page.goto(site_url + path)
        if path.startswith("zoeken/?"):
            expect(page.locator(".pk-search__status")).not_to_have_text(re.compile(r"^$|laden", re.I))
        if path.startswith("vergelijken/"):
            page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
        if violations:
            found[path or "/"] = violations
    context.close()
    assert found == {}


def test_the_accessibility_statement_follows_the_eu_model_and_is_in_the_footer(page, site_url):
    # Unique landmark labels are axe's rule landmark-unique (best-practice), tested above.
    page.goto(site_url)
    expect(page.get_by_role("navigation", name="Paginakop")).to_have_count(1)
    page.locator("footer").get_by_role("link", name="Toegankelijkheid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    for section in ("Nalevingsstatus", "Niet-toegankelijke inhoud", "Feedback en contactgegevens", "Handhavingsprocedure"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()


# Search that finds


@pytest.mark.parametrize("word", ["ouderenzorg", "woonzorg"])
def test_ouderenzorg_finds_the_elderly_care_practices(page, site_url, built, built_project, word):
    """A part of the care sector is found by the practices' own words: the sector's name is no
    variant of it, so a care practice whose record never uses the word is not a result."""
    said = [slug for slug, p in built.items() if "zorg" in p.sectors and re.search(rf"\b{word}", p.summary + p.description, re.I)]
    never = [
        slug
        for slug, p in built.items()
        if "zorg" in p.sectors and not re.search(word, (built_project.practices_dir / f"{slug}.yaml").read_text(encoding="utf-8"), re.I)
    ]
    assert said and never
    if word == "ouderenzorg":
        assert "we-care" in said
    page.goto(site_url + "zoeken/?q=" + word)
    all_results(page)
    for slug in said:
        expect(result_of(page, slug)).to_have_count(1)
    for slug in never:
        expect(result_of(page, slug)).to_have_count(0)


def test_a_narrower_target_group_is_found_by_its_broader_term(page, site_url, built):
    """A practice for, say, "laaggeschoolde werkzoekenden" is found by "kansengroepen" even where its
    text never uses that word: the index holds the broader terms too."""
    target_groups = load_vocabularies()["target_groups"].terms
    found_by_broader_only = sorted(
        (broader.nl, slug)
        for broader in target_groups
        for slug, p in built.items()
        if {t.id for t in target_groups if broader.id in t.broader} & set(p.target_groups.terms)
        and broader.id not in p.target_groups.terms
        and broader.nl.casefold() not in (p.title + p.summary + p.description).casefold()
    )
    assert found_by_broader_only  # the records hold such practices (e.g. for kansengroepen)
    broader, slug = found_by_broader_only[0]
    page.goto(site_url + "zoeken/?q=" + broader)
    all_results(page)
    expect(result_of(page, slug)).to_have_count(1)


def test_excerpts_leave_out_the_id_cards_lists(page, site_url):
    page.goto(site_url + "zoeken/?q=kapperssector")
    ibo = result_of(page, "ibo-kapperssector")
    expect(ibo).to_have_count(1)
    excerpt = ibo.locator(".pk-search__excerpt").inner_text()
    assert "Doelgroep" not in excerpt and "Aangepakte uitdagingen" not in excerpt


def test_nothing_found_suggests_searches_that_find_something(page, site_url):
    page.goto(site_url + "zoeken/?q=kapperssector&land=Nederland")
    expect(page.get_by_role("status")).to_have_text(re.compile("^Geen praktijken gevonden"))
    suggestions = page.locator(".pk-search__suggestions")
    expect(suggestions).to_contain_text("Probeer:")
    # Browsing is always offered, at the address the build wrote on the page.
    expect(suggestions.get_by_role("link", name="bladeren per sector, doelgroep, regio of organisatie")).to_have_attribute("href", "../bladeren/")
    without = suggestions.get_by_role("link", name="zonder filter Land: Nederland")
    expect(without).to_be_visible()
    without.click()
    expect(result_of(page, "ibo-kapperssector")).to_have_count(1)
    assert page.js_errors == []


def test_back_button_keeps_more_results_and_the_scroll_position(page, site_url):
    page.goto(site_url + "zoeken/?q=jongeren")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    more = page.get_by_role("button", name="Meer resultaten")
    more.click()
    expect(page.locator(RESULT_TITLES)).to_have_count(10)
    target = page.locator(RESULT_TITLES).nth(8)
    target.scroll_into_view_if_needed()
    slug = target.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    target.click()
    expect(page).to_have_url(re.compile(f"/praktijken/{re.escape(slug)}/$"))
    page.go_back()
    expect(page.locator(RESULT_TITLES)).to_have_count(10)
    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 40")
    assert page.js_errors == []


def test_on_a_phone_results_come_before_the_filters(browser, site_url):
    context = phone(browser)
    page = context.new_page()
    page.goto(site_url + "zoeken/?q=opleiding")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    first_result = page.locator(RESULTS).first.bounding_box()
    filters = page.locator(".pk-search__filters").bounding_box()
    assert first_result["y"] < filters["y"]
    context.close()
