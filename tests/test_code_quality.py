"""The code's habits, checked like everything else: ruff (lint and format) and mypy, as configured
in pyproject.toml. Each check must find a planted mistake, so it cannot pass by checking nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

BIN = Path(sys.executable).parent
CODE = ["generator", "tests", "bench"]


def run(*command: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_ruff_finds_no_lint_problem():
    result = run(str(BIN / "ruff"), "check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_leaves_the_code_as_it_is():
    result = run(str(BIN / "ruff"), "format", "--check", *CODE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_error():
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_checks_catch_planted_mistakes(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8").replace('files = ["generator"]', 'files = ["fout.py"]'))
    (tmp_path / "fout.py").write_text("import os\n\n\ndef f(x: int) -> str:\n    return x\n", encoding="utf-8")
    assert run(str(BIN / "ruff"), "check", "fout.py", cwd=tmp_path).returncode != 0  # unused import
    assert run(str(BIN / "ruff"), "format", "--check", "fout.py", cwd=tmp_path).returncode == 0
    (tmp_path / "fout.py").write_text("x=1\n", encoding="utf-8")
    assert run(str(BIN / "ruff"), "format", "--check", "fout.py", cwd=tmp_path).returncode != 0
    (tmp_path / "fout.py").write_text("def f(x: int) -> str:\n    return x\n", encoding="utf-8")
    assert run(str(BIN / "mypy"), cwd=tmp_path).returncode != 0  # int returned as str
