"""The full build: a real mkdocs-material site with a real Pagefind index, and a failed build that changes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from generator.build import BuildError, build_site
from generator.vocabulary import load_vocabularies

from .conftest import RECORDS, ROOT, copy_project


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("a", "link") and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.hrefs.append(attrs["src"])


def html_of(project, url_path: str) -> str:
    return (project.site_dir / url_path / "index.html").read_text(encoding="utf-8")


def records(project) -> dict[str, dict]:
    """The records the project was built from (records added to practices/ since are not in its site)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(project.practices_dir.glob("*.yaml"))}


def test_every_practice_has_a_page_with_its_title(built_project):
    for slug, record in records(built_project).items():
        page = html_of(built_project, f"praktijken/{slug}")
        assert "<h1>" + record["title"].replace("&", "&amp;") + "</h1>" in page, slug


def test_each_practice_is_listed_under_each_priority_it_names(built_project):
    vocabularies = load_vocabularies()
    listed = {
        priority: set(re.findall(r'href="../../praktijken/([a-z0-9-]+)/"', html_of(built_project, f"prioriteiten/{priority}")))
        for priority in vocabularies["priorities"].ids
    }
    for slug, record in records(built_project).items():
        named = {vocabularies["priorities"].resolve(term) for term in record["priorities"]["terms"]}
        for priority, slugs in listed.items():
            assert (slug in slugs) == (priority in named), (slug, priority)


def test_pages_are_dutch_and_load_nothing_from_outside(built_project):
    for page in built_project.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="nl"' in html, page
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page


def test_every_internal_link_resolves(built_project):
    site = built_project.site_dir
    for page in site.rglob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "http://site/" + page.relative_to(site).as_posix()
        for href in parser.hrefs:
            url = urlparse(urljoin(base, href))
            if url.netloc != "site":
                continue
            target = site / url.path.lstrip("/")
            if url.path.endswith("/"):
                target = target / "index.html"
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"


def test_search_index_is_dutch_and_holds_practices_priorities_and_pages(built_project):
    entry = json.loads((built_project.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nl"]
    hand_written = ["aandachtspunten", "bijdragen", "open-data", "over", "toegankelijkheid"]  # all of content/ but the search page
    assert sorted(p.stem for p in (ROOT / "content").glob("*.md") if p.stem != "zoeken") == hand_written
    priorities = load_vocabularies()["priorities"].ids
    assert entry["languages"]["nl"]["page_count"] == len(records(built_project)) + len(priorities) + len(hand_written)


def test_every_page_has_balanced_html_blocks(built_project):
    for page in built_project.site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        article = html[html.index("<article") : html.index("</article>")]
        for tag in ("div", "ul", "ol", "table", "dl", "figure", "section"):
            assert article.count(f"<{tag}") == article.count(f"</{tag}>"), (page, tag)


def test_no_page_shows_the_marker_of_generated_pages(built_project):
    """The search page once carried "<!-- praktijkenbank:html -->" into its HTML: a template comment
    had joined the marker to the next line."""
    shown = [
        page.relative_to(built_project.site_dir) for page in built_project.site_dir.rglob("*.html") if "praktijkenbank:html" in page.read_text(encoding="utf-8")
    ]
    assert shown == []


def test_the_navigation_marks_the_page_it_is_on_and_no_other(built_project):
    """The navigation is drawn once per folder for pages outside it (site_theme/partials/nav.html):
    a page in the navigation still marks its own link, the others mark none, and every link in it
    leads from that page to the right place (test_every_internal_link_resolves checks them all)."""
    site = built_project.site_dir

    def active(page: str) -> list[str]:
        return re.findall(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active', (site / page).read_text(encoding="utf-8"))

    assert active("sectoren/index.html") == ["./"]
    assert active("dekking/index.html") == ["./"] and active("zoeken/index.html") == ["./"]
    for page in ("praktijken/abbk-project/index.html", "sectoren/bouw/index.html", "bronnen/volta-rapport/index.html", "doelgroepen/jongeren/index.html"):
        assert active(page) == [], page


def test_every_page_links_to_the_same_places_from_its_navigation(built_project):
    """Drawn once per folder, the navigation's relative links must still lead where they lead from
    the home page (a navigation drawn for another folder would link to existing but wrong pages)."""
    site = built_project.site_dir

    def targets(page: Path) -> list[str]:
        html = page.read_text(encoding="utf-8")
        nav = html[html.index('<nav class="md-nav md-nav--primary"') : html.index('class="md-content"')]
        url = "https://x.test/" + page.relative_to(site).as_posix()
        links = [urljoin(url, href) for href in re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)]
        return [link for link in links if "#" not in link]  # not the page's own table of contents

    home = targets(site / "index.html")
    assert "https://x.test/doelgroepen/" in home
    pages = [page for page in site.glob("**/index.html") if '<nav class="md-nav md-nav--primary"' in page.read_text(encoding="utf-8")]
    assert len(pages) > 400  # every practice, browse and hand-written page (not /admin/)
    for page in pages:
        assert targets(page) == home, page


def test_a_build_with_a_second_process_makes_the_same_site_as_one_process(tmp_path, monkeypatch):
    """From parallel.PARALLEL_FROM practices on, half the pages are rendered and the open data are
    written in a second process: the site must be the same, file for file (the search index aside:
    Pagefind names its files by a hash of what it indexed, in its own order)."""
    from generator import parallel

    records = sorted((RECORDS / "valid").glob("*.yaml"))
    sites = {}
    for two in (False, True):
        project = copy_project(tmp_path / str(two), records)
        for record in project.practices_dir.iterdir():
            os.utime(record, (1_700_000_000, 1_700_000_000))  # the feed's dates (no git history here)
        monkeypatch.setattr(parallel, "worth_it", lambda practices, two=two: two)
        build_site(project)
        sites[two] = {
            p.relative_to(project.site_dir).as_posix(): p.read_bytes() for p in project.site_dir.rglob("*") if p.is_file() and "pagefind" not in p.parts
        }
    assert len(sites[True]) > 50 and "data/practices.json" in sites[True]
    assert sites[True].keys() == sites[False].keys()
    assert [path for path in sites[True] if sites[True][path] != sites[False][path] and not path.endswith("zoeken/index.html")] == []


def test_practice_pages_carry_search_filters(built_project):
    page = html_of(built_project, "praktijken/ibo-kapperssector")
    assert '<li class="pk-badge pk-badge--sector" data-pagefind-filter="sector">Kappers en schoonheidszorg</li>' in page
    assert 'data-pagefind-filter="prioriteit">Vaardigheden beter matchen</a>' in page
    assert 'data-pagefind-filter="doelgroep">Werkzoekenden</li>' in page


def test_only_one_search(built_project):
    home = html_of(built_project, "")
    assert "search_index.json" not in home and 'data-md-component="search"' not in home
    assert not (built_project.site_dir / "search" / "search_index.json").exists()
    assert 'action="zoeken/"' in home


def test_a_failed_build_leaves_the_existing_site_as_it_was(tmp_path):
    project = copy_project(tmp_path, [RECORDS / "valid" / "minimaal.yaml"])
    build_site(project)

    def snapshot():
        return {p.relative_to(project.site_dir): p.stat().st_mtime_ns for p in project.site_dir.rglob("*")}

    before = snapshot()
    for broken in sorted((RECORDS / "invalid").glob("*.yaml")):
        shutil.copy(broken, project.practices_dir)
        with pytest.raises(BuildError) as failure:
            build_site(project)
        assert failure.value.problems and all(p.path.name == broken.name for p in failure.value.problems), broken.name
        assert snapshot() == before, broken.name
        (project.practices_dir / broken.name).unlink()
    assert "Minimale praktijk" in html_of(project, "praktijken/minimaal")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_a_generated_page_may_not_overwrite_a_hand_written_one(tmp_path):
    project = copy_project(tmp_path, [RECORDS / "valid" / "minimaal.yaml"])
    (project.content_dir / "praktijken").mkdir()
    (project.content_dir / "praktijken" / "minimaal.md").write_text("# Handgeschreven\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"content/praktijken/minimaal\.md bestaat al"):
        build_site(project)


def test_a_failing_mkdocs_step_says_why_and_keeps_the_site(tmp_path):
    """MkDocs runs in a process of its own, with the generated pages sent to it; its strict checks
    still stop the build, with MkDocs' own words."""
    project = copy_project(tmp_path, [RECORDS / "valid" / "minimaal.yaml"])
    build_site(project)
    before = html_of(project, "over")
    about = project.content_dir / "over.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[Kapotte link](nergens.md)\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"nergens\.md"):
        build_site(project)
    assert html_of(project, "over") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    )


def test_cli_validate_reports_problems_and_exits_non_zero(tmp_path):
    project = copy_project(tmp_path, [RECORDS / "valid" / "minimaal.yaml", RECORDS / "invalid" / "onbekende-sector.yaml"])
    result = run_cli("validate", cwd=project.root)
    assert result.returncode == 1
    assert "onbekende-sector.yaml:7: sectors[0]: onbekende sector 'Bouww'. Bedoel je 'bouw'" in result.stderr
    assert "2 record(s) gecontroleerd: 1 probleem/problemen in 1 bestand(en)." in result.stderr


def test_cli_validate_accepts_good_files(tmp_path):
    result = run_cli("validate", str(RECORDS / "valid" / "minimaal.yaml"), cwd=tmp_path)
    assert result.returncode == 0
    assert "1 record(s) gecontroleerd: alles in orde." in result.stdout


def test_cli_build_refuses_bad_records_and_says_so(tmp_path):
    project = copy_project(tmp_path, [RECORDS / "invalid" / "ongeldig-email.yaml"])
    result = run_cli("build", cwd=project.root)
    assert result.returncode == 1
    assert "De site is niet gebouwd" in result.stderr
    assert not project.site_dir.exists()


def listed_practices(project, url_path: str) -> list[str]:
    return re.findall(r'class="pk-card__title" href="(?:\.\./)+praktijken/([a-z0-9-]+)/"', html_of(project, url_path))


def test_each_browse_page_lists_exactly_the_right_practices(built_project):
    from generator.browse import slugify

    vocab = load_vocabularies()
    expected: dict[str, set[str]] = {}
    for slug, record in records(built_project).items():
        values = [f"sectoren/{vocab['sectors'].resolve(s)}" for s in record["sectors"]]
        values += [f"doelgroepen/{vocab['target_groups'].resolve(t)}" for t in record["target_groups"]["terms"]]
        country = vocab["countries"].resolve(record["scope"].get("country", "BE"))
        values += [f"regios/land-{country.lower()}"] + [f"regios/{vocab['regions'].resolve(r)}" for r in record["scope"].get("regions", [])]
        values += [f"organisaties/{slugify(o)}" for o in record["coordination"]["organisations"]]
        for value in values:
            expected.setdefault(value, set()).add(slug)
    assert len(expected) > 40
    for url_path, slugs in expected.items():
        listed = listed_practices(built_project, url_path)
        assert sorted(listed) == sorted(slugs), url_path


def test_related_practices_share_a_sector(built_project):
    ibo = records(built_project)["ibo-kapperssector"]
    related = re.findall(r'class="pk-card__title" href="\.\./\.\./praktijken/([a-z0-9-]+)/"', html_of(built_project, "praktijken/ibo-kapperssector"))
    assert 0 < len(related) <= 4 and "ibo-kapperssector" not in related
    vocab = load_vocabularies()
    own = {vocab["sectors"].resolve(s) for s in ibo["sectors"]}
    for slug in related:
        assert own & {vocab["sectors"].resolve(s) for s in records(built_project)[slug]["sectors"]}, slug


def test_matrix_marks_each_practice_under_its_priorities(built_project):
    page = html_of(built_project, "prioriteiten/matrix")
    row = re.search(r'<tr><th scope="row"><a href="../../praktijken/project-3030/">.*?</tr>', page).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert ["ja" in cell for cell in cells] == [False, True, False, False, True]


def test_each_wes_recommendation_links_to_practices(built_project):
    page = html_of(built_project, "aandachtspunten")
    sections = re.split(r"<h2 ", page)[1:]
    assert len(sections) == 10
    for section in sections:
        assert re.search(r'href="../praktijken/[a-z0-9-]+/"', section), section[:80]


def test_search_glob_reaches_every_indexed_page_and_skips_browse_folders():
    from generator.build import search_glob

    glob = search_glob(["praktijken/a/index.html", "praktijken/b/index.html", "prioriteiten/matchen/index.html", "over/index.html", "index.html"])
    assert glob == "{*/index.html,index.html,praktijken/*/index.html,prioriteiten/*/index.html}"
    assert "sectoren" not in glob and "doelgroepen" not in glob


def _fragments(site_dir):
    """Pagefind's stored page data (url, content, filters), decoded from its gzipped fragment files."""
    import gzip

    for path in (site_dir / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data[data.index(b"{") :])


def test_search_indexes_what_a_practice_says_not_the_page_around_it(built_project):
    we_care = next(f for f in _fragments(built_project.site_dir) if f["url"].endswith("/praktijken/we-care/"))
    content = we_care["content"]
    assert content.startswith("wE-c@re")  # the title, then the practice's own text
    assert "projectsubsidies van het ESF" in content  # the cost as the source words it
    for label in ("ID-kaart", "Doelgroep", "Prioriteiten", "Niveau", "Verwante praktijken", "Bronnen", "Laatst nagekeken", "Streefcijfer"):
        assert label not in content  # section labels, shared by every page, stay out of the index
    assert we_care["filters"]["bron"]  # the source stays a filter


def test_search_page_preloads_the_index_it_will_use(built_project):
    site = built_project.site_dir
    html = (site / "zoeken" / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<meta name="pk-pagefind-tag" content="([^"]+)">', html)[1]
    preloaded = re.findall(r'<link rel="(?:module)?preload"[^>]* href="\.\./(pagefind/[^"?]+)', html)
    assert sorted(preloaded) == sorted(
        ["pagefind/pagefind.js", "pagefind/pagefind-entry.json", f"pagefind/pagefind.{tag}.pf_meta", "pagefind/wasm.nl.pagefind"]
    )
    assert all((site / path).is_file() for path in preloaded)
    assert f"pagefind-entry.json?ts={tag}" in html


def test_open_data_may_not_replace_a_built_page(tmp_path):
    from generator.build import BuildError, move_into

    exports, site = tmp_path / "exports", tmp_path / "site"
    (exports / "data").mkdir(parents=True)
    (site / "data").mkdir(parents=True)
    (site / "data" / "index.html").write_text("hand-written", encoding="utf-8")
    with pytest.raises(BuildError, match="data staat al in de gebouwde site"):
        move_into(exports, site)
    assert (site / "data" / "index.html").read_text(encoding="utf-8") == "hand-written"


def test_pagefind_runs_on_one_core_only_for_large_sites(tmp_path):
    from generator.search_index import ONE_CORE_FROM_PAGES, pagefind_command

    small = pagefind_command(tmp_path, pages=ONE_CORE_FROM_PAGES - 1)
    large = pagefind_command(tmp_path, pages=ONE_CORE_FROM_PAGES, glob="praktijken/*/index.html")
    assert small[:3] == [sys.executable, "-m", "pagefind"]
    assert large[:2] == ["taskset", "--cpu-list"] and large[3:6] == [sys.executable, "-m", "pagefind"]
    assert large[-2:] == ["--glob", "praktijken/*/index.html"]
