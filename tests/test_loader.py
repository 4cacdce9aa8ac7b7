"""Loading and validating records: good records load, every broken one gets the message an editor needs.

Each file in records/invalid/ states what it must produce in its first lines:
`# expect: LINE: FIELD: MESSAGE` (FIELD may be left out for problems of the whole file).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.loader import load_practice, load_practices
from generator.yamlfile import MAX_BYTES

from .conftest import RECORDS

INVALID = sorted((RECORDS / "invalid").glob("*.yaml"))
VALID = sorted((RECORDS / "valid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+): (.*)$")


def expectations(path: Path) -> list[str]:
    found = []
    for line in path.read_bytes().decode("utf-8", "replace").splitlines():
        match = EXPECT.match(line)
        if not match:
            break
        found.append(f"{path}:{match[1]}: {match[2]}")
    return found


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_records_load(path):
    item, problems = load_practice(path)
    assert problems == []
    assert item.slug == path.stem


def test_terms_are_stored_as_ids_whatever_wording_the_editor_used():
    item, _ = load_practice(RECORDS / "valid" / "volledig-voorbeeld.yaml")
    practice = item.practice
    assert practice.sectors == ["bouw", "voeding"]
    assert practice.target_groups.terms == ["werkzoekenden", "ouderen"]
    assert practice.priorities.terms == ["matchen", "financiering"]


def test_amounts_years_and_counts_are_numbers():
    practice = load_practice(RECORDS / "valid" / "volledig-voorbeeld.yaml")[0].practice
    assert practice.costs[0].amount_eur == 12345 and practice.costs[0].year == 2017
    assert practice.outcomes.figures[0].value == 4321
    assert practice.period.start == 2015


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_record_gets_a_clear_message(path):
    expected = expectations(path)
    assert expected, f"{path.name} states no '# expect:' line"
    item, problems = load_practice(path)
    assert item is None
    messages = [str(problem) for problem in problems]
    for expectation in expected:
        assert any(message.startswith(expectation) for message in messages), f"{expectation!r} not in {messages}"


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    path = tmp_path / "veel-fouten.yaml"
    path.write_text(
        (RECORDS / "valid" / "minimaal.yaml")
        .read_text(encoding="utf-8")
        .replace("sectors: [zorg]", "sectors: [zorgg, bouw]")
        .replace("level: bedrijf", "level: gemeente"),
        encoding="utf-8",
    )
    result = load_practices([path, RECORDS / "invalid" / "ongeldig-email.yaml"])
    fields = [(p.path.name, p.field) for p in result.problems]
    assert fields == [("veel-fouten.yaml", "sectors[0]"), ("veel-fouten.yaml", "scope.level"), ("ongeldig-email.yaml", "contacts[0].email")]
    assert "Bedoel je 'zorg'" in result.problems[0].message
    assert "Toegestaan: bedrijf, sector, regionaal, vlaams, nationaal, internationaal" in result.problems[1].message


def test_file_name_must_be_a_slug(tmp_path):
    path = tmp_path / "Project 3030.yaml"
    shutil.copy(RECORDS / "valid" / "minimaal.yaml", path)
    item, problems = load_practice(path)
    assert item is None
    assert "de bestandsnaam 'Project 3030' is geen geldige slug" in problems[0].message


def test_duplicate_titles_are_reported_with_both_files(tmp_path):
    for name in ("een.yaml", "twee.yaml"):
        shutil.copy(RECORDS / "valid" / "minimaal.yaml", tmp_path / name)
    result = load_practices(sorted(tmp_path.glob("*.yaml")))
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'twee.yaml'}:1: title: de titel 'Minimale praktijk' is al in gebruik door {tmp_path / 'een.yaml'}"
    ]


def test_duplicate_slugs_from_yaml_and_yml_are_reported(tmp_path):
    shutil.copy(RECORDS / "valid" / "minimaal.yaml", tmp_path / "een.yaml")
    (tmp_path / "een.yml").write_text(
        (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8").replace("Minimale praktijk", "Andere"), encoding="utf-8"
    )
    result = load_practices(sorted(tmp_path.iterdir()))
    messages = [str(p) for p in result.problems]
    assert any("een record eindigt op .yaml" in m for m in messages)


def test_a_huge_record_is_refused_before_parsing(tmp_path):
    path = tmp_path / "groot.yaml"
    path.write_text("description: |\n" + ("  " + "x" * 99 + "\n") * 100_000, encoding="utf-8")  # 10 MB
    assert path.stat().st_size > MAX_BYTES
    item, problems = load_practice(path)
    assert item is None
    assert "het bestand is te groot" in problems[0].message
