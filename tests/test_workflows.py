"""The GitHub Actions workflows and the pre-commit hooks: well-formed, and running what the README promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    return shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))


def test_actionlint_finds_no_problem_in_the_workflows():
    assert len(WORKFLOWS) == 2
    result = subprocess.run([actionlint(), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    result = subprocess.run([actionlint(), str(broken)], capture_output=True, text=True)
    assert result.returncode != 0


def test_pull_requests_validate_build_and_test():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    commands = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("praktijken validate" in c for c in commands)
    assert any("praktijken build" in c for c in commands)
    assert any(c.strip() == "make test" for c in commands)


def test_main_is_built_and_published_to_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_pre_commit_hooks_are_local_and_call_our_cli():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    entries = {hook["id"]: hook["entry"] for hook in config["repos"][0]["hooks"]}
    assert entries == {"praktijken-validate": ".venv/bin/praktijken validate", "praktijken-schema": ".venv/bin/praktijken schema --check"}


def test_pre_commit_config_is_valid_for_pre_commit():
    result = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_passes_here_and_fails_on_a_stale_schema(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from generator import schema
    from generator.cli import main

    assert CliRunner().invoke(main, ["schema", "--check"]).exit_code == 0
    stale = tmp_path / "practice.schema.json"
    stale.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(schema, "SCHEMA_FILE", stale)
    result = CliRunner().invoke(main, ["schema", "--check"])
    assert result.exit_code == 1 and "verouderd" in result.output
