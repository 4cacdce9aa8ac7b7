"""The editor's path to publication: one more correct record, taken from a source, is built into the
site beside the collection, and shows up everywhere an editor would look for it."""

from __future__ import annotations

import gzip
import json
import re
import shutil

import pytest
import yaml

from generator.build import build_site
from generator.vocabulary import load_vocabularies

from .conftest import copy_project

pytestmark = pytest.mark.slow  # real builds

SLUG = "bakkersatelier-leerkrachten"
TITLE = "Bijscholing voor leerkrachten bakkerij in het bakkersatelier"
SUMMARY = "Leerkrachten bakkerij-banketbakkerij oefenen zuurdesemtechnieken op de machines die de sector gebruikt."
DISTINCTIVE = "zuurdesemtechnieken"  # a word no other record uses


def html_of(project, url_path: str) -> str:
    return (project.site_dir / url_path / "index.html").read_text(encoding="utf-8")


def listed(project, url_path: str) -> set[str]:
    return set(re.findall(r'class="pk-card__title" href="(?:\.\./)+praktijken/([a-z0-9-]+)/"', html_of(project, url_path)))


def indexed_pages(project) -> int:
    return json.loads((project.site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["nl"]["page_count"]


def tile_counts(project) -> dict[str, int]:
    home = html_of(project, "")
    return {k: int(v) for k, v in re.findall(r'href="prioriteiten/(\w+)/".*?\n<p class="pk-tile__count">(\d+) praktijk', home, re.S)}


@pytest.fixture(scope="module")
def record(built_project) -> dict:
    """A new record as an editor would write it from the SERV fiche 'Bakkersatelier': its facts, another title and summary."""
    record = yaml.safe_load((built_project.practices_dir / "bakkersatelier.yaml").read_text(encoding="utf-8"))
    assert not any(DISTINCTIVE in path.read_text(encoding="utf-8") for path in built_project.practices_dir.glob("*.yaml"))
    return {**record, "title": TITLE, "summary": SUMMARY}


@pytest.fixture(scope="module")
def with_new_record(built_project, record, tmp_path_factory):
    """The collection exactly as built_project was built from, plus the new record, built (mkdocs + Pagefind)."""
    project = copy_project(tmp_path_factory.mktemp("new-record"))
    shutil.rmtree(project.practices_dir)
    shutil.copytree(built_project.practices_dir, project.practices_dir)
    assert not (project.practices_dir / f"{SLUG}.yaml").exists()
    (project.practices_dir / f"{SLUG}.yaml").write_text(
        "# yaml-language-server: $schema=../generator/practice.schema.json\n" + yaml.safe_dump(record, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    build_site(project)
    return project


def test_the_new_practice_has_its_page(with_new_record):
    assert f"<h1>{TITLE}</h1>" in html_of(with_new_record, f"praktijken/{SLUG}")


def test_the_new_practice_is_on_its_priority_pages_and_in_all_practices(built_project, with_new_record, record):
    priorities = load_vocabularies()["priorities"]
    named = {priorities.resolve(term) for term in record["priorities"]["terms"]}
    assert named
    for priority in priorities.ids:
        assert (SLUG in listed(with_new_record, f"prioriteiten/{priority}")) == (priority in named), priority
    assert listed(with_new_record, "praktijken") == listed(built_project, "praktijken") | {SLUG}
    before, after = tile_counts(built_project), tile_counts(with_new_record)
    assert list(before) == priorities.ids  # the home page's tile per priority, with its count
    assert after == {priority: count + (priority in named) for priority, count in before.items()}


def test_the_new_practice_is_on_its_sector_page(with_new_record, record):
    sector = load_vocabularies()["sectors"].resolve(record["sectors"][0])
    assert SLUG in listed(with_new_record, f"sectoren/{sector}")


def test_the_search_index_holds_one_page_more_and_finds_the_new_practice(built_project, with_new_record):
    assert indexed_pages(with_new_record) == indexed_pages(built_project) + 1
    fragments = []
    for path in (with_new_record.site_dir / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{") :]))
    assert [f["url"].rstrip("/").rsplit("/", 1)[-1] for f in fragments if DISTINCTIVE in f["content"]] == [SLUG]


def test_the_downloads_hold_the_new_practice(built_project, with_new_record):
    def practices(project):
        return json.loads((project.site_dir / "data" / "practices.json").read_text(encoding="utf-8"))

    before, after = practices(built_project), practices(with_new_record)
    assert after["count"] == before["count"] + 1
    assert {p["slug"]: p["title"] for p in after["practices"]}[SLUG] == TITLE
