"""A build never leaves a project without a complete site: failed, interrupted, killed or run
twice at once, with a Dutch message for what went wrong."""

from __future__ import annotations

import errno
import fcntl
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import build as build_module
from generator.build import BuildError, build_site, replace_folder
from generator.cli import main

from .conftest import RECORDS, ROOT, copy_project

pytestmark = pytest.mark.slow  # real builds


@pytest.fixture
def small_project(tmp_path):
    project = copy_project(tmp_path / "project", [RECORDS / "valid" / "minimaal.yaml", RECORDS / "valid" / "volledig-voorbeeld.yaml"])
    build_site(project)
    return project


def site_is_complete(site):
    return (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file() and (site / "data" / "practices.json").is_file()


def leftovers(project):
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".build-") or p.name.endswith(".old"))


def test_a_second_build_at_the_same_time_is_refused_in_dutch(small_project):
    with open(small_project.root / ".build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--project", str(small_project.root), "build"], capture_output=True, text=True, cwd=ROOT, timeout=120
        )
    assert result.returncode == 1
    assert "er loopt al een build in deze projectmap" in result.stderr and "Traceback" not in result.stderr
    assert site_is_complete(small_project.site_dir)


def test_ctrl_c_during_a_build_leaves_the_site_and_no_temporary_folder(small_project, monkeypatch):
    before = (small_project.site_dir / "index.html").read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "build_search_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(small_project)
    assert leftovers(small_project) == []
    assert (small_project.site_dir / "index.html").read_bytes() == before and site_is_complete(small_project.site_dir)


@pytest.mark.parametrize(
    "error, expected",
    [
        (OSError(errno.ENOSPC, "No space left on device"), "de schijf is vol"),
        (OSError(errno.EROFS, "Read-only file system"), "kan niet schrijven in de projectmap"),
        (PermissionError(errno.EACCES, "Permission denied"), "kan niet schrijven in de projectmap"),
    ],
)
def test_a_full_disk_or_a_read_only_project_gets_a_dutch_message(small_project, monkeypatch, error, expected):
    def fails(*args, **kwargs):
        raise error

    monkeypatch.setattr(build_module, "write_exports", fails)
    with pytest.raises(BuildError, match=expected):
        build_site(small_project)
    assert leftovers(small_project) == [] and site_is_complete(small_project.site_dir)


def test_a_missing_records_folder_is_a_dutch_message(tmp_path):
    project = copy_project(tmp_path / "project", [])
    (project.practices_dir).rmdir()
    result = CliRunner().invoke(main, ["--project", str(project.root), "build"])
    assert result.exit_code == 1 and "bestaat niet" in result.output and "Traceback" not in result.output


def test_the_new_site_takes_the_old_ones_place_in_one_step(tmp_path):
    old, new = tmp_path / "site", tmp_path / ".build-x" / "site"
    old.mkdir()
    (old / "oud.txt").write_text("oud")
    new.mkdir(parents=True)
    (new / "nieuw.txt").write_text("nieuw")
    assert build_module._exchange(new, old)  # this system exchanges atomically: no moment without site/
    assert (old / "nieuw.txt").is_file() and (new / "oud.txt").is_file()
    build_module._exchange(new, old)
    replace_folder(old, new)
    assert [p.name for p in old.iterdir()] == ["nieuw.txt"] and not new.exists()


KILLED_AFTER_EXCHANGE = """
import os, sys
from pathlib import Path
from generator import build
from generator.build import Project, build_site
real_exchange = build._exchange
def exchange_then_die(a, b):
    real_exchange(a, b)
    os.kill(os.getpid(), 9)  # SIGKILL: nothing runs after this, no cleanup
build._exchange = exchange_then_die
build_site(Project(Path(sys.argv[1])))
"""


def test_a_build_killed_between_its_last_steps_leaves_a_complete_site(small_project):
    """SIGKILL right after the new site took the old one's place (before the old one is removed):
    site/ is the new, complete site; the next build removes what the killed one left."""
    (small_project.practices_dir / "minimaal.yaml").write_text(
        (small_project.practices_dir / "minimaal.yaml").read_text(encoding="utf-8").replace("Minimale praktijk", "Nieuwe naam"), encoding="utf-8"
    )
    run = subprocess.run([sys.executable, "-c", KILLED_AFTER_EXCHANGE, str(small_project.root)], cwd=ROOT, timeout=120)
    assert run.returncode == -signal.SIGKILL
    assert site_is_complete(small_project.site_dir)
    assert "Nieuwe naam" in (small_project.site_dir / "praktijken" / "minimaal" / "index.html").read_text(encoding="utf-8")
    assert leftovers(small_project)  # the old site, in the killed build's temporary folder
    build_site(small_project)
    assert leftovers(small_project) == [] and site_is_complete(small_project.site_dir)


KILLED_WHILE_INDEXING = """
import os, subprocess, sys, time
from pathlib import Path
from generator import search_index
from generator.build import Project, build_site
real_run = subprocess.run
def run_then_die(command, **options):
    if "pagefind" not in command:
        return real_run(command, **options)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=options.get("preexec_fn"))
    print(process.pid, flush=True)
    os.kill(os.getpid(), 9)  # SIGKILL while Pagefind runs (it has just started)
search_index.subprocess.run = run_then_die
build_site(Project(Path(sys.argv[1])))
"""


def test_a_build_killed_while_pagefind_runs_takes_pagefind_with_it(small_project):
    """Otherwise Pagefind writes on into the killed build's folder while the next build removes it
    (which once left a ``.build-*`` folder behind)."""
    run = subprocess.run([sys.executable, "-c", KILLED_WHILE_INDEXING, str(small_project.root)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert has_ended(run.stdout.split()[0])  # Pagefind's process
    assert not list(small_project.root.glob(".build-*/site/pagefind/pagefind-entry.json"))  # it wrote no index after the build died
    build_site(small_project)
    assert leftovers(small_project) == [] and site_is_complete(small_project.site_dir)


KILLED_WHILE_EXPORTING = """
import os, sys, time
from pathlib import Path
from generator import build, parallel
parallel.worth_it = lambda practices: True  # the open data beside MkDocs, also for two records
def slow_exports(*args):
    print(os.getpid(), flush=True)
    time.sleep(600)
def killed_mkdocs(*args, **options):
    time.sleep(1)
    os.kill(os.getpid(), 9)  # SIGKILL while the second process writes the open data
build.write_exports, build.run_mkdocs = slow_exports, killed_mkdocs
build.build_site(build.Project(Path(sys.argv[1])))
"""


def test_a_build_killed_while_the_second_process_works_takes_it_along(small_project):
    """The second process (generator/parallel.py) dies with the build, like Pagefind: it does not
    write on into the killed build's folder (the pipe it holds would also keep this run waiting)."""
    run = subprocess.run([sys.executable, "-c", KILLED_WHILE_EXPORTING, str(small_project.root)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert has_ended(run.stdout.split()[0])  # the second process
    build_site(small_project)
    assert leftovers(small_project) == [] and site_is_complete(small_project.site_dir)


def has_ended(pid: str, seconds: float = 10) -> bool:
    """Whether the process ``pid`` ends (or is a zombie, waiting to be reaped) within ``seconds``."""
    process = Path("/proc") / pid
    deadline = time.monotonic() + seconds
    while process.exists() and "zombie" not in process_state(process) and time.monotonic() < deadline:
        time.sleep(0.05)
    return "zombie" in process_state(process)


def process_state(process):
    try:
        return next(line for line in (process / "status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return "zombie (reaped)"


def test_a_build_killed_at_any_moment_leaves_a_complete_site(small_project):
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "generator", "--project", str(small_project.root), "build"], cwd=ROOT, check=True, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    for fraction in (0.2, 0.5, 0.8, 0.95):
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(small_project.root), "build"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert site_is_complete(small_project.site_dir), fraction
    build_site(small_project)
    assert leftovers(small_project) == []
