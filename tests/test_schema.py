"""The committed JSON Schema matches the models, and every record points editors to it."""

from __future__ import annotations

from generator.schema import SCHEMA_FILE, schema_text

from .conftest import ROOT


def test_committed_schema_equals_the_models():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run `praktijken schema` and commit the result"


def test_every_record_references_the_schema_on_its_first_line():
    for path in sorted((ROOT / "practices").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../generator/practice.schema.json", path.name
