"""Nothing that `validate` accepts may crash `build`: records at the edges of what the models allow
(zero and huge amounts, targets of 0, negative and fractional figures, the first and last years,
the longest one-line fields, every script and emoji, empty optional lists) validate and build, and
their pages show what they hold."""

from __future__ import annotations

import copy

import pytest
import yaml

from generator.build import build_site
from generator.loader import load_practices

from .conftest import RECORDS, copy_project

pytestmark = pytest.mark.slow  # a real build

BASE = yaml.safe_load((RECORDS / "valid" / "volledig-voorbeeld.yaml").read_text(encoding="utf-8"))


def variant(title: str, **fields) -> dict:
    record = copy.deepcopy(BASE)
    record["title"] = title
    record.update(fields)
    return record


EXTREMES = {
    "nullen": variant(
        "Alles nul",
        costs=[{"wording": "Niets", "amount_eur": 0, "planned_eur": 0, "spent_eur": 0, "year": 1900}],
        outcomes={"figures": [{"label": "Doel nul", "value": 0, "target": 0}, {"label": "Negatief", "value": -3.5, "unit": "%"}]},
        period={"wording": "Van 1900 tot 2100", "start": 1900, "end": 2100},
    ),
    "reuzen": variant(
        "Reuzenbedragen",
        costs=[{"wording": "Veel", "amount_eur": 999999999999999, "planned_eur": 123456789012345, "spent_eur": 0.01}],
        outcomes={"figures": [{"label": "Veel mensen", "value": 999999999999999, "target": 1}, {"label": "Een breuk", "value": 0.333333, "target": 0.5}]},
    ),
    "lang": variant("Ｌ" + "x" * 299, summary="y" * 300, sources=[{"document": "serv-vaardigheden-boven", "section": "z" * 300}]),
    "schriften": variant(
        "Ελληνικά العربية 中文 עברית 🙂👩🏽‍🔧 e\u0301",
        summary="Rechts-naar-links: \u202eegnahc\u202c en zero-width: a\u200bb",
        description="Één regel zonder eind-regeleinde",
        strengths=[],
        challenges=[],
        conditions=[],
        procedure=[],
        quotes=[],
        contacts=[],
        links=[],
    ),
    "minimaal": yaml.safe_load((RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8")),
}


@pytest.fixture(scope="module")
def extreme_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("extremes")
    paths = []
    for slug, record in EXTREMES.items():
        path = root / f"{slug}.yaml"
        path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    result = load_practices(paths)
    assert result.ok, result.problems  # all valid
    project = copy_project(root / "project", paths)
    build_site(project)  # and none crashes the build
    return project.site_dir


def page(site, slug: str) -> str:
    return (site / "praktijken" / slug / "index.html").read_text(encoding="utf-8")


def test_zero_amounts_and_zero_targets_build_and_show(extreme_site):
    html = page(extreme_site, "nullen")
    assert "€ 0" in html and "-3,5" in html and "1900" in html


def test_huge_amounts_show_in_flemish_notation(extreme_site):
    html = page(extreme_site, "reuzen")
    assert "€ 999.999.999.999.999" in html and "0,33" in html


def test_longest_fields_and_every_script_show_as_written(extreme_site):
    assert "Ｌ" + "x" * 299 in page(extreme_site, "lang")
    html = page(extreme_site, "schriften")
    assert "Ελληνικά العربية 中文 עברית 🙂👩🏽‍🔧" in html
