"""Hostile text in every text field of a record: shown as text on every page, in search and in the
open data, never run and never turned into markup (Chromium).

Every free-text string of the full example record gets a payload: one that tries raw HTML, script,
Markdown links and images, Jinja and Pagefind attributes; and, where the field allows several
lines, line-starting Markdown too (headings with attribute lists, lists, quotes, tables, rules,
snippet includes). One-line fields get the one-line payload plus a carriage return, which the
loader must refuse: that is checked in test_hostile_records.py."""

from __future__ import annotations

import csv
import gzip
import json
from xml.etree import ElementTree

import pytest
import yaml
from playwright.sync_api import expect

from generator.build import build_site
from generator.loader import load_practices

from .conftest import RECORDS, copy_project, serving

pytestmark = pytest.mark.slow  # real builds

INLINE = (  # short enough for every one-line field (at most 300 characters with the value)
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> [k](javascript:window.__pwned=3)'
    ' {{ 7*7 }} <i data-pagefind-filter="sector:Gekaapt">f</i> {: onclick=window.__pwned=6 .pk-gekaapt }'
)
LINES = (
    ' <a href="javascript:window.__pwned=4">link</a> **vet** {% raw %} ![beeld](x "onerror=window.__pwned=5") &lt;b&gt;'
    "\n# Kop {: onfocus=window.__pwned=7 autofocus tabindex=1 .pk-gekaapt }"
    "\n- lijstitem (a list in text that allows one, made by paragraphs(): intended)"
    "\n> citaat\n| a | b |\n|---|---|\n---\n{: .pk-gekaapt onmouseover=window.__pwned=8 }"
    '\n--8<-- "/etc/passwd"\n<div onclick="window.__pwned=9">blok</div>\n\n## Tweede kop {#gekaapt onclick=x}\n'
)
NOT_FREE_TEXT = {
    ("target_groups", "terms"),
    ("sectors",),
    ("priorities", "terms"),
    ("priorities", "basis"),
    ("scope", "level"),
    ("scope", "country"),
    ("scope", "regions"),
    ("links", "url"),
    ("contacts", "email"),
    ("sources", "document"),
    ("outcomes", "figures", "qualifier"),
    ("costs", "kind"),
    ("editor_notes", "kind"),
    ("see_also",),
    ("long_term",),
    ("status",),
    ("themes", "terms"),
    ("themes", "basis"),
}


def poison(value, path=(), lines=True):
    """Append the payload to every free-text string in a record."""
    if isinstance(value, dict):
        return {key: poison(item, (*path, key), lines) for key, item in value.items()}
    if isinstance(value, list):
        return [poison(item, path, lines) for item in value]
    if isinstance(value, str) and path not in NOT_FREE_TEXT:
        return value + " hostile " + INLINE + (LINES if lines else "")
    return value


def hostile_record(tmp_path):
    """The full example, poisoned: multi-line payloads where the model allows several lines."""
    record = yaml.safe_load((RECORDS / "valid" / "volledig-voorbeeld.yaml").read_text(encoding="utf-8"))
    single = poison(record, lines=False)
    multi = poison(record)
    path = tmp_path / "vijandig.yaml"
    one_line_fields: list[str] = []
    for _ in range(10):  # the loader lists at most 20 problems a file: repeat until none is left
        path.write_text(yaml.safe_dump(multi, allow_unicode=True), encoding="utf-8")
        found = [p.field for p in load_practices([path]).problems if "één regel" in p.message or "hoogstens 300 tekens" in p.message]
        if not found:
            break
        for field in found:  # put the one-line payload back where only one line is allowed
            _set(multi, field, _get(single, field))
        one_line_fields += found
    assert load_practices([path]).ok, load_practices([path]).problems
    return path, one_line_fields


def _parts(field: str):
    for part in field.replace("[", ".").replace("]", "").split("."):
        yield int(part) if part.isdigit() else part


def _get(data, field):
    for part in _parts(field):
        data = data[part]
    return data


def _set(data, field, value):
    *parents, last = list(_parts(field))
    for part in parents:
        data = data[part]
    data[last] = value


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    source, one_line_fields = hostile_record(root)
    assert "title" in one_line_fields and "description" not in one_line_fields  # both payloads are used
    project = copy_project(root / "project", [source])
    build_site(project)
    return project


@pytest.fixture(scope="module")
def hostile_site(hostile_project):
    with serving(hostile_project.site_dir) as url:
        yield url


INJECTED = """() => {
    const found = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.getAttributeNames()) {
            if (attribute.startsWith('on') || attribute === 'autofocus') found.push(element.tagName + '[' + attribute + ']');
        }
        if (element.classList.contains('pk-gekaapt') || element.id === 'gekaapt') found.push(element.tagName + '.pk-gekaapt');
        if (/^H[1-6]$/.test(element.tagName) && /Kop|Tweede kop/.test(element.textContent) && !element.textContent.includes('hostile')) found.push('heading');
        const text = element.textContent.trim();
        if ((element.matches('blockquote') && text === 'citaat')
            || (element.matches('td, th') && (text === 'a' || text === 'b')) || element.matches('article hr')) found.push(element.tagName);
        if (element.matches('script') && element.textContent.includes('__pwned')) found.push('script');
        if (element.matches("img[src='x'], a[href^='javascript']")) found.push(element.tagName);
        if (element.getAttribute('data-pagefind-filter') === 'sector:Gekaapt') found.push('filter');
    }
    return found;
}"""


def assert_harmless(page, where):
    assert page.evaluate("window.__pwned") is None, where
    assert page.evaluate(INJECTED) == [], where
    assert "root:x:0:0" not in page.content(), where


def visit(page, url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.keyboard.press("Tab")  # focus handlers get their chance
    page.mouse.move(300, 300)
    return dialogs


def test_hostile_text_is_shown_as_text_on_the_practice_page(page, hostile_site):
    dialogs = visit(page, hostile_site + "praktijken/vijandig/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>window.__pwned=1</script>")
    article = page.locator("article")
    expect(article).to_contain_text("# Kop {: onfocus=window.__pwned=7")  # multi-line text: its lines as text
    expect(article).to_contain_text('--8<-- "/etc/passwd"')
    expect(article).to_contain_text("{: onclick=window.__pwned=6 .pk-gekaapt }")
    expect(page.locator(".pk-quote figcaption")).to_contain_text("{{ 7*7 }}")
    expect(article).not_to_contain_text("49")
    assert_harmless(page, "practice page")
    assert dialogs == [] and page.js_errors == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "praktijken/",
        "prioriteiten/matchen/",
        "prioriteiten/financiering/",
        "sectoren/bouw/",
        "organisaties/",
        "prioriteiten/matrix/",
        "regios/west-vlaanderen/",
    ],
)
def test_hostile_text_on_list_and_browse_pages(page, hostile_site, path):
    dialogs = visit(page, hostile_site + path)
    assert_harmless(page, path)
    assert dialogs == [] and page.js_errors == []


def test_hostile_text_on_the_organisation_page(page, hostile_site):
    visit(page, hostile_site + "organisaties/")
    page.locator("article a", has_text="Voorbeeldfonds").first.click()
    expect(page.locator("article")).to_contain_text("hostile <script>")
    assert_harmless(page, "organisation page")


def test_hostile_text_is_shown_as_text_in_search_results(page, hostile_site):
    dialogs = visit(page, hostile_site + "zoeken/?q=hostile")
    title = page.locator(".pk-search__results .pk-card__title").first
    expect(title).to_contain_text("<img src=x")
    assert_harmless(page, "search")
    assert dialogs == [] and page.js_errors == []


def test_hostile_text_sets_no_search_filter(hostile_project):
    fragments = []
    for path in (hostile_project.site_dir / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{") :]))
    practice = next(f for f in fragments if f["url"].endswith("/praktijken/vijandig/"))
    assert "Gekaapt" not in json.dumps(practice["filters"])
    assert set(practice["filters"]["sector"]) == {"Bouw", "Voeding"}


def test_hostile_text_in_the_open_data_stays_data(hostile_project):
    site = hostile_project.site_dir
    data = json.loads((site / "data" / "practices.json").read_text(encoding="utf-8"))
    assert "<script>" in data["practices"][0]["title"]
    ElementTree.parse(site / "feed.xml")  # well-formed whatever the text
    with open(site / "data" / "practices.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["title"].startswith("Voorbeeldpraktijk")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
