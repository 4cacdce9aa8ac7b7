"""Hostile text in every text field of a record: shown as text on the page and in search, never executed."""

from __future__ import annotations

import threading

import pytest
import yaml
from playwright.sync_api import expect

from generator.build import build_site
from generator.serve import make_server

from .conftest import RECORDS, copy_project

PAYLOAD = (
    ' <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    " [klik](javascript:window.__pwned=3) <a href=\"javascript:window.__pwned=4\">link</a> **vet** {{ 7*7 }}"
)
NOT_FREE_TEXT = {
    ("target_groups", "terms"), ("sectors",), ("priorities", "terms"), ("priorities", "basis"), ("scope", "level"),
    ("scope", "country"), ("scope", "regions"), ("links", "url"), ("contacts", "email"), ("sources", "document"),
    ("outcomes", "figures", "qualifier"),
}


def poison(value, path=()):
    """Append the payload to every free-text string in a record."""
    if isinstance(value, dict):
        return {key: poison(item, (*path, key)) for key, item in value.items()}
    if isinstance(value, list):
        return [poison(item, path) for item in value]
    if isinstance(value, str) and path not in NOT_FREE_TEXT:
        if path == ("summary",) or path[-1:] in {("title",), ("label",), ("person",), ("role",), ("name",), ("organisation",), ("phone",), ("audience",), ("when",), ("who",), ("group",), ("period",), ("section",), ("pages",), ("unit",)}:
            return value + " hostile" + PAYLOAD.replace("\n", " ")
        return value + " hostile" + PAYLOAD
    return value


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    record = poison(yaml.safe_load((RECORDS / "valid" / "volledig-voorbeeld.yaml").read_text(encoding="utf-8")))
    source = root / "vijandig.yaml"
    source.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    project = copy_project(root / "project", [source])
    build_site(project)
    server = make_server(project.site_dir, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_every_text_field_carries_the_payload():
    record = poison(yaml.safe_load((RECORDS / "valid" / "volledig-voorbeeld.yaml").read_text(encoding="utf-8")))
    assert record["title"].endswith("{{ 7*7 }}") and record["quotes"][0]["person"].endswith("{{ 7*7 }}")


def assert_harmless(page):
    assert page.evaluate("window.__pwned") is None
    assert page.locator("article img[src='x']").count() == 0
    assert page.locator("article a[href^='javascript']").count() == 0
    assert page.locator("article script").count() == 0


def test_hostile_text_is_shown_as_text_on_the_practice_page(page, hostile_site):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site + "praktijken/vijandig/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator(".pk-quote figcaption")).to_contain_text("{{ 7*7 }}")
    expect(page.locator("article")).not_to_contain_text("49")
    assert_harmless(page)
    assert dialogs == [] and page.js_errors == []


def test_hostile_text_is_shown_as_text_in_search_results(page, hostile_site):
    page.goto(hostile_site + "zoeken/?q=hostile")
    title = page.locator(".pk-search__results .pk-card__title").first
    expect(title).to_contain_text("<img src=x")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#pk-search img, #pk-search a[href^='javascript']").count() == 0
    assert page.js_errors == []


def test_hostile_text_on_list_pages(page, hostile_site):
    for path in ("praktijken/", "prioriteiten/matchen/", "sectoren/bouw/", "prioriteiten/matrix/", ""):
        page.goto(hostile_site + path)
        assert page.evaluate("window.__pwned") is None, path
        assert page.locator("article a[href^='javascript'], article img[src='x']").count() == 0, path
