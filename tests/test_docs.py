"""The documentation keeps up with the code: every field is explained, every command documented, the example valid."""

from __future__ import annotations

import re

import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.loader import _model_in
from generator.models import Practice

from .conftest import ROOT

GUIDE = (ROOT / "content" / "bijdragen.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def field_names(model, prefix=""):
    for name, field in model.model_fields.items():
        yield prefix + name, name
        nested = _model_in(field.annotation)
        if nested is not None:
            yield from field_names(nested, prefix + name + ".")


def test_every_field_is_explained_in_the_contributor_guide():
    table = GUIDE.split("## Veld per veld")[1].split("## Een volledig voorbeeld")[0]
    missing = [path for path, name in field_names(Practice) if f"`{name}`" not in table]
    assert missing == []


def guide_example() -> str:
    return re.search(r"```(?:yaml| { .yaml[^}]*})\n(.*?)```", GUIDE, re.S)[1]


def test_the_guides_example_is_a_valid_record_using_every_field():
    practice = Practice.model_validate(yaml.safe_load(guide_example()))
    unset = [name for name in Practice.model_fields if getattr(practice, name) in (None, [], "")]
    assert unset == []


def test_the_guides_example_is_in_the_canonical_form_with_every_term_as_its_id(tmp_path):
    """Editors copy it: a copy passes the pull request's check `praktijken fmt --check`, and the
    terms are written as the form stores them."""
    (tmp_path / "practices").mkdir()
    (tmp_path / "practices" / "voorbeeld.yaml").write_text(guide_example(), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "fmt", "--check"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(guide_example())
    practice = Practice.model_validate(data)
    for field in ("target_groups", "priorities", "themes"):
        assert data[field]["terms"] == getattr(practice, field).terms, field
    assert data["sectors"] == practice.sectors
    assert data["scope"]["regions"] == practice.scope.regions
    assert [s["document"] for s in data["sources"]] == [s.document for s in practice.sources]


def test_the_guide_explains_the_canonical_form_check_with_and_without_tools():
    section = GUIDE.split("## De vaste vorm")[1].split("\n## ")[0]
    assert "praktijken fmt" in section and "/admin/" in section and "github.com" in section
    assert "#de-vaste-vorm" in GUIDE.split("## De vaste vorm")[0]  # the steps point to it


def test_every_command_is_documented_in_the_readme():
    for name in main.commands:
        assert f"praktijken {name}" in README, name


def test_help_is_in_dutch():
    result = CliRunner().invoke(main, ["--help"], prog_name="praktijken")
    assert result.exit_code == 0
    assert "Gebruik: praktijken [OPTIES] COMMANDO" in result.output
    assert "Toon deze hulp en stop." in result.output
    assert "Usage" not in result.output and "Show this message" not in result.output and "default" not in result.output
    for name in main.commands:
        sub = CliRunner().invoke(main, [name, "--help"])
        assert sub.exit_code == 0 and "Usage" not in sub.output and "Opties:" in sub.output, name
