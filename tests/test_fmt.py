"""`praktijken fmt`: every record in the one form the web editor writes, so that an edit through the
form is a small diff; the data never changes."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.fmt import MODELINE, canonical_data, canonical_text, dump
from generator.models import Practice
from generator.yamlfile import parse_yaml

from .conftest import RECORDS, ROOT

RECORD_FILES = sorted((ROOT / "practices").glob("*.yaml"))
EXAMPLES = sorted((RECORDS / "valid").glob("*.yaml"))
# The npm package yaml 1.10 (decap-cms-core's own copy), which the form's record format (admin/praktijken-yaml.js)
# writes with; tests/test_admin.py runs that format itself on every record.
DECAP_YAML = ROOT / "node_modules" / "decap-cms-core" / "node_modules" / "yaml"


def data_of(path_or_text: Path | str):
    raw = path_or_text.read_bytes() if isinstance(path_or_text, Path) else path_or_text.encode("utf-8")
    return parse_yaml(raw).data


def invoke(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), "fmt", *args], prog_name="praktijken")


def test_every_record_in_the_repository_is_in_the_canonical_form():
    result = invoke(ROOT, "--check")
    files = re.findall(r"^(\S+) staat niet in de vaste vorm", result.output, re.M)
    assert result.exit_code == 0, (
        f"Niet in de vaste vorm: {', '.join(files)}. Zet ze erin met 'praktijken fmt {' '.join(files)}' en commit het "
        "resultaat, of breng de wijziging aan in de webeditor op /admin/ en bewaar ze (het formulier schrijft de vaste vorm). "
        "De gegevens veranderen niet; commentaarregels verdwijnen, behalve de eerste.\n" + result.output
        if files
        else f"Niet elk record kon gelezen worden; los eerst die fouten op (praktijken validate):\n{result.output}"
    )
    assert "alles in de vaste vorm" in result.output


@pytest.mark.parametrize("path", RECORD_FILES + EXAMPLES, ids=lambda p: p.name)
def test_fmt_never_changes_what_a_record_says(path):
    before = data_of(path)
    text = canonical_text(before)
    after = data_of(text)
    assert after == canonical_data(before)
    assert Practice.model_validate(after) == Practice.model_validate(before)


@pytest.mark.parametrize("path", RECORD_FILES + EXAMPLES, ids=lambda p: p.name)
def test_fmt_is_idempotent(path):
    once = canonical_text(data_of(path))
    assert canonical_text(data_of(once)) == once


MESSY = """# Bron: een opmerking die fmt weglaat
sources:
  - {section: "Fiche 1", document: serv-vaardigheden-boven}   # inline commentaar
title: 'Rommelig record'
summary: "Een samenvatting"
description: "Eerste alinea.\\n\\nTweede alinea."
sectors: [zorg]
target_groups: {terms: [werknemers]}
coordination:
    organisations:
    - Een organisatie
scope: {level: bedrijf, country: "NO"}
priorities: {basis: editors, terms: [leercultuur]}
strengths:
  - Een troef als gewone tekst
  - {audience: Bedrijf, text: "Een troef: met dubbele punt"}
procedure:
  - Eerste stap
long_term: unknown
"""

CANONICAL = f"""{MODELINE}
title: Rommelig record
summary: Een samenvatting
description: |-
  Eerste alinea.

  Tweede alinea.
target_groups:
  terms:
    - werknemers
sectors:
  - zorg
coordination:
  organisations:
    - Een organisatie
scope:
  level: bedrijf
  country: "NO"
priorities:
  terms:
    - leercultuur
  basis: editors
strengths:
  - text: Een troef als gewone tekst
  - text: "Een troef: met dubbele punt"
    audience: Bedrijf
procedure:
  - text: Eerste stap
long_term: unknown
sources:
  - document: serv-vaardigheden-boven
    section: Fiche 1
"""


def test_a_messy_record_is_rewritten_in_the_canonical_form(tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    path = folder / "rommelig.yaml"
    path.write_text(MESSY, encoding="utf-8")

    result = invoke(tmp_path, "--check")
    assert result.exit_code == 1
    assert "practices/rommelig.yaml staat niet in de vaste vorm; voer 'praktijken fmt practices/rommelig.yaml' uit" in result.output.replace(
        str(tmp_path) + "/", ""
    )
    assert path.read_text(encoding="utf-8") == MESSY  # --check writes nothing

    result = invoke(tmp_path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert invoke(tmp_path, "--check").exit_code == 0
    assert Practice.model_validate(data_of(CANONICAL)) == Practice.model_validate(data_of(MESSY))


def test_check_with_format_github_annotates_each_file_not_in_the_canonical_form(tmp_path, monkeypatch):
    folder = tmp_path / "practices"
    folder.mkdir()
    (folder / "rommelig.yaml").write_text(MESSY, encoding="utf-8")
    (folder / "netjes.yaml").write_text(CANONICAL, encoding="utf-8")
    (folder / "kapot.yaml").write_text('title: Kapot\nsummary: "niet gesloten\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # annotations name the file relative to the repository, where CI runs

    result = invoke(tmp_path, "--check", "--format", "github")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 2, result.output  # the unreadable file and the messy one, not the tidy one
    assert annotations[0].startswith("::error file=practices/kapot.yaml,line=")
    assert "aanhalingsteken" in annotations[0]
    assert annotations[1] == (
        "::error file=practices/rommelig.yaml,line=1,title=niet in de vaste vorm::practices/rommelig.yaml staat niet in de "
        "vaste vorm: de volgorde van de velden en de schrijfwijze die de webeditor schrijft. Los het op met "
        "'praktijken fmt practices/rommelig.yaml' en commit het resultaat, of open de praktijk in de webeditor op /admin/, "
        "breng je wijziging daar aan en bewaar ze: het formulier schrijft de vaste vorm. De gegevens zelf veranderen niet; "
        "commentaarregels (#) verdwijnen, behalve de eerste regel (zet een opmerking over de bron in editor_notes)."
    )
    # The text for the terminal is still there, on stderr; --check wrote nothing.
    assert "practices/rommelig.yaml staat niet in de vaste vorm" in result.stderr
    assert (folder / "rommelig.yaml").read_text(encoding="utf-8") == MESSY

    plain = invoke(tmp_path, "--check")
    assert plain.exit_code == 1 and "::error" not in plain.output
    (folder / "kapot.yaml").unlink()
    assert invoke(tmp_path, "--format", "github").stdout.count("::") == 0  # writing: nothing to annotate
    assert invoke(tmp_path, "--check", "--format", "github").exit_code == 0


def test_only_the_files_given_are_formatted(tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    (folder / "een.yaml").write_text(MESSY, encoding="utf-8")
    (folder / "twee.yaml").write_text(MESSY, encoding="utf-8")
    assert invoke(tmp_path, str(folder / "een.yaml")).exit_code == 0
    assert (folder / "een.yaml").read_text(encoding="utf-8") == CANONICAL
    assert (folder / "twee.yaml").read_text(encoding="utf-8") == MESSY


def test_a_file_that_is_not_yaml_is_reported_and_left_alone(tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    broken = 'title: Kapot\nsummary: "niet gesloten\n'
    (folder / "kapot.yaml").write_text(broken, encoding="utf-8")
    result = invoke(tmp_path)
    assert result.exit_code == 1
    assert "FOUT" in result.output and "aanhalingsteken" in result.output
    assert (folder / "kapot.yaml").read_text(encoding="utf-8") == broken
    checked = invoke(tmp_path, "--check")
    assert checked.exit_code == 1 and "alles in de vaste vorm" not in checked.output  # it could not look at the file


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("title", lambda d: d.update(title=d["title"] + " (gewijzigd)")),
        ("long_term", lambda d: d.update(long_term="short" if d["long_term"] != "short" else "long")),
        ("strengths[0].text", lambda d: d["strengths"][0].update(text="Een andere troef.")),
        ("period.start", lambda d: d["period"].update(start=1999)),
        ("description", lambda d: d.update(description=d["description"].replace("open voor de hele sector", "open voor iedereen in de sector", 1))),
    ],
)
def test_a_change_to_one_field_is_a_one_line_diff(field, change):
    path = ROOT / "practices" / "bakkersatelier.yaml"
    before = path.read_text(encoding="utf-8")
    data = data_of(path)
    change(data)
    after = canonical_text(data)
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert len(changed) == 2, (field, changed)


def test_yaml_1_1_words_stay_text():
    data = {"title": "NO", "summary": "yes", "description": "2020-01-01", "more_info": "1:30", "goal": "0o17", "context": "~"}
    assert data_of(dump(data)) == data


def _as_form_text(value):
    """A date (``reviewed``) as the web editor's date widget holds it: the text 2026-11-30."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not plain data")


@pytest.mark.skipif(shutil.which("node") is None or not DECAP_YAML.is_dir(), reason="run `npm install` for Decap CMS")
def test_the_form_is_what_decaps_yaml_writer_writes(tmp_path):
    """yaml 1.10 as the form's format uses it: createNode(data) in a new Document, toString(), lines not folded."""
    script = tmp_path / "decap.js"
    script.write_text(
        f"const yaml = require({json.dumps(str(DECAP_YAML))});\n"
        "yaml.scalarOptions.str.fold.lineWidth = 0;\n"
        "const docs = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
        "process.stdout.write(JSON.stringify(docs.map(data => { const doc = new yaml.Document();"
        " doc.contents = yaml.createNode(data); return doc.toString(); })));\n",
        encoding="utf-8",
    )
    documents = [canonical_data(data_of(path)) for path in RECORD_FILES + EXAMPLES]
    written = json.loads(
        subprocess.run(["node", str(script)], input=json.dumps(documents, default=_as_form_text), capture_output=True, text=True, check=True, timeout=60).stdout
    )
    for path, data, decap in zip(RECORD_FILES + EXAMPLES, documents, written, strict=True):
        ours = canonical_text(data).split("\n")
        assert ours[0] == MODELINE
        theirs = decap.split("\n")
        assert len(ours[1:]) == len(theirs), path.name
        for line, decap_line in zip(ours[1:], theirs, strict=True):
            if line != decap_line:  # only where YAML 1.1 reads a plain word differently: country: "NO"
                word = re.fullmatch(r"(?:\s*- |\s*[a-z_]+: )(\S+)", decap_line)
                assert word and data_of(f"x: {word.group(1)}") != {"x": word.group(1)}, (path.name, line, decap_line)
                assert line == decap_line.replace(word.group(1), f'"{word.group(1)}"'), (path.name, line)
