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


def steps_of(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def test_pull_requests_run_once_install_once_and_annotate_the_diff():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert list(workflow[True]) == ["pull_request"]  # no second run of the same commit through `push`
    steps = steps_of(workflow, "check")
    commands = [step.get("run", "") for step in steps]
    assert any("praktijken validate --format github" in c for c in commands)
    installs = [c for c in commands if "pip install" in c or "npm install" in c or ("make " in c and c.strip() != "make test")]
    assert installs == ["make .venv/.installed node_modules/.installed chromium"]  # the stamps `make test` reuses
    assert commands.index(installs[0]) < commands.index("make test")
    setups = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps if "uses" in step}
    assert setups["actions/setup-python"]["cache"] == "pip" and setups["actions/setup-node"]["cache"] == "npm"


def test_pull_requests_check_the_canonical_form_right_after_validating():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = steps_of(workflow, "check")
    names = [step.get("name") for step in steps]
    check = steps[names.index("Vaste vorm controleren")]
    assert names.index("Vaste vorm controleren") == names.index("Records controleren") + 1
    assert check["run"] == ".venv/bin/praktijken fmt --check --format github"
    # Also when validation failed (both kinds of annotation at once), but not without an installation.
    install = next(step for step in steps if step.get("name") == "Installeren")
    assert check["if"] == "${{ !cancelled() && steps." + install["id"] + ".outcome == 'success' }}"


def test_pull_requests_get_a_preview_and_a_comment_only_where_allowed():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    steps = steps_of(workflow, "check")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site"
    names = [step.get("run", step.get("uses", "")) for step in steps]
    assert names.index("make test") > steps.index(upload) > names.index(".venv/bin/praktijken build")
    comment = workflow["jobs"]["preview"]
    assert comment["permissions"] == {"pull-requests": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]  # forks: skipped
    assert [step["uses"] for step in comment["steps"]] == ["marocchino/sticky-pull-request-comment@v2"]


def test_the_pull_request_comment_lists_the_pages_a_change_touches(tmp_path):
    """The workflow's own list step, run in a small repository: base commit, then the pull request's."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    step = next(step for step in steps_of(workflow, "check") if step.get("id") == "pages")
    assert step["shell"] == "python"

    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path, check=True, capture_output=True)

    def write(name, text="x\n"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")

    git("init", "-q")
    for name in ("practices/oud.yaml", "practices/blijft.yaml", "content/index.md", "content/bijdragen.md", "README.md"):
        write(name)
    git("add", ".")
    git("commit", "-qm", "base")
    (tmp_path / "practices" / "oud.yaml").unlink()
    for name in (
        "practices/nieuw.yaml",
        "practices/blijft.yaml",
        "content/index.md",
        "content/bijdragen.md",
        "README.md",
        "generator/templates/practice.md.j2",
    ):
        write(name, "y\n")
    git("add", "-A")
    git("commit", "-qm", "pull request")
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    subprocess.run([sys.executable, "-c", step["run"]], cwd=tmp_path, env=env, check=True)
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("pages<<") and lines[-1] == lines[0].removeprefix("pages<<")
    pages = lines[1:-1]
    assert pages[:3] == ["- `/praktijken/blijft/` (gewijzigd)", "- `/praktijken/nieuw/` (nieuw)", "- `/praktijken/oud/` (verdwijnt)"]
    assert "- `/bijdragen/` (gewijzigd: `content/bijdragen.md`)" in pages and "- `/` (gewijzigd: `content/index.md`)" in pages
    assert any(line.startswith("- `generator/templates/practice.md.j2`") and "alle pagina's" in line for line in pages)
    assert not any("README" in line for line in pages)
    assert "\n".join(pages) in summary.read_text(encoding="utf-8")


def test_publish_builds_for_the_pages_address_with_the_whole_history():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    steps = steps_of(workflow, "build")
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if "praktijken build" in step.get("run", ""))
    assert steps.index(pages) < steps.index(build)
    address = "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert build.get("env", {}).get("PRAKTIJKEN_SITE_URL") == address or f'--site-url "{address}"' in build["run"]


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
    assert entries == {
        "praktijken-validate": ".venv/bin/praktijken validate",
        "praktijken-schema": ".venv/bin/praktijken schema --check",
        "praktijken-fmt": ".venv/bin/praktijken fmt --check",
    }


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
