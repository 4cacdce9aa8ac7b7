"""The benchmark keeps working: a smoke run at N=20 (the benchmark itself is not part of the tests)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow  # runs the benchmark at N=20


def test_benchmark_runs_at_twenty_practices_and_reports_every_metric(tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "20", "--runs", "1", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["results"]
    assert [row["n"] for row in results] == [20]
    row = results[0]
    from bench.run import KEYS

    assert [key for key in KEYS if not isinstance(row.get(key), (int, float))] == []
    assert row["page_load_search_bytes"] == 0
    assert row["pagefind_bare_first_bytes"] > 0 and row["search_first_bytes"] > 0 and row["pagefind_bare_first_ms"] > 0
    assert row["yaml_parse_s"] > 0
    assert row["search_first_ms"] > 0 and row["search_first_median_ms"] >= row["search_first_ms"]
    assert row["lunr_index_bytes"] > 0 and row["site_bytes"] > row["page_html_bytes"] > 0
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| `total_s` |" in table and "N=20" in table
