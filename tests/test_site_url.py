"""`praktijken build --site-url` (as the publish workflow builds for GitHub Pages): every address in
the site is the published one, and the local address of mkdocs.yml appears nowhere."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import material
import pytest
from click.testing import CliRunner

from generator.cli import SITE_URL_VARIABLE, main

from .conftest import RECORDS, ROOT, copy_project

pytestmark = pytest.mark.slow  # real builds

PUBLISHED = "https://voorbeeld.github.io/praktijkenbank/"
LOCAL = "127.0.0.1"
THEME_FILES = Path(material.__file__).parent / "templates"


def text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file():
            try:
                yield path, path.read_text(encoding="utf-8")
            except UnicodeDecodeError:  # images, Pagefind's compressed index
                continue


def copied_from_the_theme(site: Path, path: Path) -> bool:
    """mkdocs-material's own files, copied unchanged (its source map names 127.0.0.1 in a comment)."""
    original = THEME_FILES / path.relative_to(site)
    return original.is_file() and original.read_bytes() == path.read_bytes()


@pytest.fixture(scope="module", params=["option", "environment"])
def published_site(request, tmp_path_factory) -> Path:
    """A small project built for the published address, given as --site-url or in the environment."""
    project = copy_project(tmp_path_factory.mktemp("published"), sorted((RECORDS / "valid").glob("*.yaml")))
    # The guide tells editors that `make serve` shows the site at 127.0.0.1: prose, not an address
    # of the build. Reworded in the copy, so that every 127.0.0.1 left would come from the build.
    for page in (project.root / "content").rglob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace(LOCAL, "localhost"), encoding="utf-8")
    assert LOCAL in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")  # the configured, local address
    if request.param == "option":
        args, env = ["--project", str(project.root), "build", "--site-url", PUBLISHED.rstrip("/")], {}
    else:
        args, env = ["--project", str(project.root), "build"], {SITE_URL_VARIABLE: PUBLISHED}
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    return project.site_dir


def test_sitemap_and_feed_use_the_published_address(published_site):
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations and all(loc.startswith(PUBLISHED) for loc in locations)
    assert f"<loc>{PUBLISHED}praktijken/minimaal/</loc>" in sitemap
    feed = (published_site / "feed.xml").read_text(encoding="utf-8")
    assert f"<id>{PUBLISHED}</id>" in feed and f'href="{PUBLISHED}feed.xml"' in feed
    assert f"{PUBLISHED}praktijken/minimaal/" in feed


def test_open_data_uses_the_published_address(published_site):
    data = json.loads((published_site / "data" / "practices.json").read_text(encoding="utf-8"))
    assert {p["url"] for p in data["practices"]} == {f"{PUBLISHED}praktijken/{p['slug']}/" for p in data["practices"]}
    with open(published_site / "data" / "practices.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert rows and all(row["url"] == f"{PUBLISHED}praktijken/{row['slug']}/" for row in rows)


def test_pages_link_to_their_published_address(published_site):
    pages = {"index.html": PUBLISHED, "praktijken/minimaal/index.html": f"{PUBLISHED}praktijken/minimaal/", "bijdragen/index.html": f"{PUBLISHED}bijdragen/"}
    for page, address in pages.items():
        html = (published_site / page).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{address}">' in html, page
    # The 404 page is served at any missing address, so it refers to its files from the site's path.
    not_found = (published_site / "404.html").read_text(encoding="utf-8")
    assert '"/praktijkenbank/assets/' in not_found and '"/assets/' not in not_found


def test_the_local_address_appears_nowhere(published_site):
    found = [
        path.relative_to(published_site).as_posix()
        for path, text in text_files(published_site)
        if LOCAL in text and not copied_from_the_theme(published_site, path)
    ]
    assert found == []
    read = {path.relative_to(published_site).as_posix() for path, _ in text_files(published_site)}
    assert {"sitemap.xml", "feed.xml", "data/practices.json", "data/practices.csv", "404.html", "index.html"} <= read
