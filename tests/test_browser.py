"""In Chromium, against the built site served on 127.0.0.1: what a visitor sees and does."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

RESULT_TITLES = ".pk-search__results .pk-card__title"


def card_of(page, slug: str, cards: str = RESULT_TITLES):
    """The card title that links to one practice: unique, whatever else the collection holds."""
    return page.locator(f'{cards}[href$="praktijken/{slug}/"]')


def test_searching_kapper_finds_the_hairdressing_ibo(page, site_url):
    page.goto(site_url + "zoeken/")
    page.get_by_label("Zoek in de praktijken").fill("kapper")
    ibo = card_of(page, "ibo-kapperssector")  # among the first results; a newer practice about hairdressers may come first
    expect(ibo).to_have_text(re.compile("kapperssector"))
    ibo.click()
    expect(page).to_have_url(re.compile(r"/praktijken/ibo-kapperssector/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("IBO"))
    assert page.js_errors == []


def test_header_search_is_reachable_by_keyboard(page, site_url):
    page.goto(site_url + "praktijken/project-3030/")
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Zoek een praktijk")).to_be_focused()
    page.keyboard.type("gezinszorg")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zoeken/\?q=gezinszorg$"))
    expect(card_of(page, "project-3030")).to_have_count(1)
    assert page.js_errors == []


THEME_STARTED = """() => new Promise(resolve => {
    // Material's scripts announce each page on window.document$; count the results shown by then.
    const wait = setInterval(() => {
        if (!window.document$) return;
        clearInterval(wait);
        window.document$.subscribe(() => resolve(document.querySelectorAll('.pk-search__results .pk-card').length));
    }, 20);
    setTimeout(() => resolve('not started'), 8000);
})"""


def test_the_theme_scripts_run_on_the_search_page_once_the_first_results_show(page, site_url):
    page.goto(site_url + "zoeken/?q=kapper")
    results_when_started = page.evaluate(THEME_STARTED)
    assert isinstance(results_when_started, int) and results_when_started > 0
    page.goto(site_url + "zoeken/")  # nothing to search for: the theme starts at once
    assert page.evaluate(THEME_STARTED) == 0
    assert page.js_errors == []


def all_result_titles(page) -> list[str]:
    """Every result of the current search, pressing "Meer resultaten" until all are shown."""
    more = page.get_by_role("button", name="Meer resultaten")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    while more.is_visible():
        count = page.locator(RESULT_TITLES).count()
        more.click()
        expect(page.locator(RESULT_TITLES)).not_to_have_count(count)
    return page.locator(RESULT_TITLES).all_inner_texts()


def test_a_filter_narrows_the_results(page, site_url):
    page.goto(site_url + "zoeken/?q=werkzoekenden")
    before = all_result_titles(page)
    assert "Individuele beroepsopleiding (IBO) in de kapperssector (FBZ PC314)" in before
    page.locator(".pk-filter summary", has_text="Sector").click()
    page.get_by_label(re.compile(r"^Bouw \(")).check()
    expect(page).to_have_url(re.compile(r"\?q=werkzoekenden&sector=Bouw$"))
    expect(page.get_by_role("status")).not_to_have_text(f"{len(before)} praktijken gevonden voor ‘werkzoekenden’.")
    after = all_result_titles(page)
    assert "Sectorale arbeidsbemiddeling in de bouw (SAB)" in after
    assert "Individuele beroepsopleiding (IBO) in de kapperssector (FBZ PC314)" not in after
    assert 0 < len(after) < len(before)
    badges = page.locator(".pk-search__results > li").evaluate_all(
        "items => items.map(li => [...li.querySelectorAll('.pk-badge--sector')].map(b => b.textContent))"
    )
    assert all("Bouw" in sectors for sectors in badges)


def test_practice_page_shows_its_figures(page, site_url):
    page.goto(site_url + "praktijken/we-care/")
    card = page.locator(".pk-id-card")
    expect(card).to_contain_text("€ 250.000 projectsubsidies van het ESF")
    expect(card).to_contain_text("juli 2017 – november 2019")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_home_page_leads_to_every_priority(page, site_url):
    page.goto(site_url)
    tiles = page.locator(".pk-tile a")
    expect(tiles).to_have_count(5)
    tiles.nth(2).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prioriteit 3: Vaardigheden beter matchen")


# axe-core on every page type at desktop and phone width, with best practices: tests/test_decide_and_find.py.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_pages_work_at_phone_width(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE")
    page = context.new_page()
    for path in ("", "praktijken/duaal-leren-basf/", "zoeken/?q=kappers", "prioriteiten/matrix/"):
        page.goto(site_url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 360px"
    context.close()


def test_browsing_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "bladeren/")
    page.get_by_role("link", name="Sectoren").last.click()
    page.get_by_role("link", name="Kappers en schoonheidszorg").click()
    ibo = card_of(page, "ibo-kapperssector", ".pk-card__title")
    expect(ibo).to_have_count(1)
    expect(ibo).to_have_text(re.compile("kapperssector"))
    ibo.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("kapperssector")
    context.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Project 3030", "Project 3030"),  # a practice's name
        ("Constructiv", "Sectorale arbeidsbemiddeling in de bouw (SAB)"),  # an organisation
        ("kappers", "Individuele beroepsopleiding (IBO) in de kapperssector (FBZ PC314)"),  # a sector word
        ("zorgkundigen", "Project 3030"),  # a target-group word, Dutch plural
        ("Oostende", "Leren on the job & Iedereen Leert!"),  # a place
    ],
)
def test_typical_queries_find_the_practice_in_the_first_results(page, site_url, query, expected):
    page.goto(site_url + "zoeken/?q=" + query)
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    assert expected in page.locator(RESULT_TITLES).all_inner_texts()


def test_sorting_by_cost_puts_the_most_expensive_practice_first(page, site_url, built_project):
    from generator.loader import load_practices, practice_files
    from generator.render import max_cost

    care = [i.practice for i in load_practices(practice_files(built_project.practices_dir)).practices if "zorg" in i.practice.sectors]
    highest = max(map(max_cost, care))
    most_expensive = sorted(re.escape(p.title) for p in care if max_cost(p) == highest)  # a new record may cost as much
    page.goto(site_url + "zoeken/?sector=Zorg+en+welzijn&sort=kosten")
    expect(page.locator(RESULT_TITLES).first).to_have_text(re.compile(f"^(?:{'|'.join(most_expensive)})$"))
    expect(page.get_by_label("Sorteer")).to_have_value("kosten")


def test_a_missing_address_gets_the_sites_own_dutch_404_page(page, site_url):
    response = page.goto(site_url + "praktijken/bestaat-niet/")
    assert response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("searchbox", name="Zoek een praktijk")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    box = page.get_by_role("searchbox", name="Wat zoek je?")
    box.fill("bouw")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q=bouw"))


def test_search_loads_only_the_filter_data_it_uses_until_the_visitor_opens_the_filters(page, site_url):
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "zoeken/?q=opleiding&sector=Voeding")
    expect(page.locator(RESULT_TITLES).first).to_be_visible()
    expect(page.get_by_label(re.compile(r"^Voeding \(\d+\)$"))).to_be_checked()  # the open group, from the search itself
    assert len([url for url in fetched if "/pagefind/filter/" in url]) == 1
    assert len(fetched) == len(set(fetched))  # preloaded files are not fetched a second time

    page.locator(".pk-filter summary", has_text="Doelgroep").click()
    expect(page.locator(".pk-filter[open] fieldset").last.get_by_role("checkbox").first).to_be_visible()
    assert len([url for url in fetched if "/pagefind/filter/" in url]) > 1
    assert page.js_errors == []
