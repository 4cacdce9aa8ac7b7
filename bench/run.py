"""Benchmark: how each stage of the build grows from 100 to 10,000 practices, against reference
points measured in the same run.

    python bench/run.py --sizes 100,1000,10000 --out DIR [--runs 3]

For each size N it generates N synthetic, valid practices in a temporary copy of the project and
measures (min and median of --runs runs) each stage on its own, the whole `praktijken build`, peak
memory, sizes, and in Chromium the bytes and time of a first and a second search. Results go to
DIR/results.json and DIR/results.md. Bytes are uncompressed, as a plain local HTTP server serves them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_practices  # noqa: E402
from generator.build import Project, run_mkdocs, search_glob, write_docs  # noqa: E402
from generator.loader import load_practice, load_practices, practice_files  # noqa: E402
from generator.preview import Preview  # noqa: E402
from generator.render import render_site  # noqa: E402
from generator.search_index import build_search_index  # noqa: E402
from generator.serve import make_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
KEYS = [
    "validate_s",
    "render_s",
    "mkdocs_s",
    "pagefind_s",
    "total_s",
    "mkdocs_only_s",
    "jinja_html_s",
    "yaml_parse_s",
    "validate_one_s",
    "preview_update_s",
    "peak_rss_mb",
    "site_bytes",
    "page_html_bytes",
    "search_first_bytes",
    "search_first_ms",
    "search_second_ms",
    "pagefind_bare_first_bytes",
    "pagefind_bare_first_ms",
    "page_load_search_bytes",
    "lunr_index_bytes",
]


def make_project(root: Path, count: int) -> Path:
    """A copy of the project's theme, content and config with ``count`` synthetic practices."""
    for name in ("content", "site_theme"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("  - Tien aandachtspunten: aandachtspunten.md\n", "")
    (root / "content" / "aandachtspunten.md").unlink()  # it links to the real practices
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    write_practices(root / "practices", count)
    return root


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def stage_times(project: Path, runs: int) -> dict:
    files = practice_files(project / "practices")
    out: dict[str, list[float]] = {}
    out["validate_s"], loaded = timed(lambda: load_practices(files), runs)
    assert not loaded.problems, loaded.problems[:3]
    out["validate_one_s"], _ = timed(lambda: load_practice(files[len(files) // 2]), runs)
    out["render_s"], pages = timed(lambda: render_site(loaded.practices), runs)

    docs = project / "bench-docs"
    write_docs(pages, project / "content", docs)

    def mkdocs_stage():  # as the build runs it: content/ plus the generated pages in memory
        shutil.rmtree(project / "bench-site", ignore_errors=True)
        return run_mkdocs(project / "mkdocs.yml", project / "content", project / "bench-site", {page.path: page.text for page in pages})

    out["mkdocs_s"], to_index = timed(mkdocs_stage, runs)
    out["pagefind_s"], _ = timed(lambda: build_search_index(project / "bench-site", len(to_index), search_glob(to_index)), runs)

    # Reference: `mkdocs build` of the same generated Markdown alone, as its own command.
    reference_config = project / "mkdocs-reference.yml"
    reference_config.write_text((project / "mkdocs.yml").read_text(encoding="utf-8").replace("docs_dir: content", f"docs_dir: {docs.name}"), encoding="utf-8")

    def mkdocs_only():
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(reference_config), "-d", str(project / "ref-site")], cwd=project, check=True, env=_env()
        )

    out["mkdocs_only_s"], _ = timed(mkdocs_only, runs)
    out["jinja_html_s"], _ = timed(lambda: plain_jinja_html(loaded.practices), runs)
    out["yaml_parse_s"], _ = timed(lambda: plain_yaml_parse(files), runs)
    return out


def plain_yaml_parse(files: list[Path]) -> int:
    """Reference: PyYAML's C loader composing the records' node trees and nothing else (no checks, no
    validation), with the cycle collector paused as the loader pauses it: the floor of loading."""
    import gc

    import yaml

    gc.disable()
    try:
        return sum(len(yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader).value) for path in files)
    finally:
        gc.enable()


def _env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}


PLAIN_TEMPLATE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ p.title }}</title></head><body>
<h1>{{ p.title }}</h1><p>{{ p.summary }}</p><p>{{ p.goal }}</p><p>{{ p.description }}</p>
<ul>{% for s in p.sectors %}<li>{{ s }}</li>{% endfor %}{% for t in p.target_groups.terms %}<li>{{ t }}</li>{% endfor %}</ul>
{% for c in p.costs %}<p>{{ c.wording }} {{ c.planned_eur }} {{ c.spent_eur }}</p>{% endfor %}
<ul>{% for x in p.strengths %}<li>{{ x.text }}</li>{% endfor %}{% for x in p.challenges %}<li>{{ x.text }}</li>{% endfor %}
{% for x in p.conditions %}<li>{{ x.text }}</li>{% endfor %}</ul><ol>{% for s in p.procedure %}<li>{{ s.title }} {{ s.text }}</li>{% endfor %}</ol>
{% if p.outcomes %}<p>{{ p.outcomes.text }}</p><table>{% for f in p.outcomes.figures %}<tr><td>{{ f.label }}</td><td>{{ f.value }}</td>
<td>{{ f.target }}</td><td>{{ f.period }}</td></tr>{% endfor %}</table>{% endif %}<p>{{ p.funding }}</p><p>{{ p.evaluation }}</p>
<p>{{ p.conclusion }}</p>{% for q in p.quotes %}<blockquote>{{ q.text }} {{ q.person }}</blockquote>{% endfor %}
{% for c in p.contacts %}<p>{{ c.name }} {{ c.email }}</p>{% endfor %}{% for l in p.links %}<a href="{{ l.url }}">{{ l.label }}</a>{% endfor %}
<p>{{ p.more_info }}</p>{% for s in p.sources %}<p>{{ s.document }} {{ s.section }}</p>{% endfor %}</body></html>"""


def plain_jinja_html(practices) -> int:
    """Reference: the same records straight to HTML with one plain Jinja2 template (the floor of rendering)."""
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(PLAIN_TEMPLATE)
    return sum(len(template.render(p=item.practice)) for item in practices)


def total_build(project: Path, runs: int) -> tuple[list[float], float]:
    """The whole `praktijken build` as its own process; peak RSS of it and its children (Pagefind)."""
    times, peak = [], 0.0
    code = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    for _ in range(runs):
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-c", code, sys.executable, "-m", "generator", "--project", str(project), "build"],
            capture_output=True,
            text=True,
            check=True,
            env=_env(),
        )
        times.append(time.perf_counter() - start)
        peak = max(peak, int(run.stdout.strip().splitlines()[-1]) / 1024)
    return times, peak


def preview_update(project: Path, runs: int) -> list[float]:
    """`praktijken serve`'s live preview: from saving a changed title in a record to its page in the
    site with that title (watcher, load and validate, render, MkDocs for that page). An open page
    then sees it at its next poll (every 100 ms) and loads again."""
    import re

    preview = Preview(Project(project), say=lambda line: None)
    preview.build()
    preview.start()
    records = practice_files(project / "practices")
    record = records[len(records) // 2]
    page = project / "site" / "praktijken" / record.stem / "index.html"
    original, times = record.read_text(encoding="utf-8"), []
    try:
        for run in range(runs):
            title = f"Bijgewerkte titel {run} van {record.stem}"
            start = time.perf_counter()
            record.write_text(re.sub(r"^title: .*$", f"title: {title}", original, count=1, flags=re.M), encoding="utf-8")
            while title not in page.read_text(encoding="utf-8"):
                if time.perf_counter() - start > 60:
                    raise RuntimeError(f"the preview did not update {page} within 60 s")
                time.sleep(0.005)
            times.append(time.perf_counter() - start)
            time.sleep(0.5)  # before the background full build starts
    finally:
        preview.close()
        record.write_text(original, encoding="utf-8")
    return times


def lunr_index_bytes(project: Path) -> int:
    """What mkdocs-material's own search would make visitors download for the same pages."""
    docs = project / "bench-docs"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - search")
    (project / "mkdocs-lunr.yml").write_text(config, encoding="utf-8")
    run_mkdocs(project / "mkdocs-lunr.yml", docs, project / "lunr-site")
    return (project / "lunr-site" / "search" / "search_index.json").stat().st_size


def browser_measures(site: Path, query: str, filter_value: str, runs: int) -> dict:
    from playwright.sync_api import sync_playwright

    server = make_server(site, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results: dict = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def counting_page():
                context = browser.new_context()
                page = context.new_page()
                counted: list[tuple[str, int]] = []
                page.on("requestfinished", lambda request: counted.append((request.url, _size(request))))
                return context, page, counted

            # A practice page: no search code or index may be downloaded before the visitor searches.
            context, page, counted = counting_page()
            page.goto(base + "praktijken/praktijk-00001/")
            page.wait_for_load_state("networkidle")
            results["page_load_search_bytes"] = sum(n for url, n in counted if "/pagefind/" in url or "zoeken.js" in url)
            results["page_html_bytes"] = len((site / "praktijken" / "praktijk-00001" / "index.html").read_bytes())
            context.close()

            # Our search UI, each run in a fresh browser context: a first search with one filter (the search
            # page opened with query and filter), then a second search in the same page. Times come from the
            # page's own marks: first = from the start of the search code (before Pagefind is loaded) until
            # the results show; second = from submitting the new query until its results show.
            firsts, seconds = [], []
            for _ in range(runs):
                context, page, counted = counting_page()
                page.goto(base + f"zoeken/?q={query}&sector={filter_value}")
                page.locator(".pk-search__results .pk-card__title").first.wait_for()
                page.wait_for_load_state("networkidle")
                firsts.append(
                    page.evaluate("performance.getEntriesByName('pk-search-done')[0].startTime - performance.getEntriesByName('pk-ui-start')[0].startTime")
                )
                results["search_first_bytes"] = sum(n for url, n in counted if "/pagefind/" in url or "zoeken.js" in url)
                page.get_by_label("Zoek in de praktijken").fill("werkzoekenden")
                page.get_by_label("Zoek in de praktijken").press("Enter")
                page.get_by_role("status").filter(has_text="werkzoekenden").wait_for()
                page.wait_for_function("performance.getEntriesByName('pk-search-done').length >= 2")
                seconds.append(
                    page.evaluate(
                        "(() => { const s = performance.getEntriesByName('pk-search-start'), d = performance.getEntriesByName('pk-search-done');"
                        " return d[d.length - 1].startTime - s[s.length - 1].startTime; })()"
                    )
                )
                context.close()
            for key, values in (("search_first_ms", firsts), ("search_second_ms", seconds)):
                results[key] = round(min(values))
                results[key.replace("_ms", "_median_ms")] = round(statistics.median(values))

            # Reference: a bare Pagefind JS API search on an idle page, the same query and filter, the data of the
            # first five results, no UI; each run in a fresh browser context. Time: from importing Pagefind until
            # that data is there.
            bare_times = []
            for _ in range(runs):
                context, page, counted = counting_page()
                page.goto(base + "404.html")
                page.wait_for_load_state("networkidle")
                counted.clear()
                bare_times.append(
                    page.evaluate(
                        """async ([q, sector]) => { const start = performance.now(); const pf = await import('/pagefind/pagefind.js');
                           const r = await pf.search(q, { filters: { sector: { any: [sector] } } });
                           await Promise.all(r.results.slice(0, 5).map(x => x.data()));
                           return performance.now() - start; }""",
                        [query, filter_value],
                    )
                )
                page.wait_for_load_state("networkidle")
                results["pagefind_bare_first_bytes"] = sum(n for url, n in counted if "/pagefind/" in url)
                context.close()
            results["pagefind_bare_first_ms"] = round(min(bare_times))
            results["pagefind_bare_first_median_ms"] = round(statistics.median(bare_times))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def _size(request) -> int:
    response = request.response()
    try:
        return len(response.body()) if response else 0
    except Exception:  # a body that is gone (redirect, aborted) counts as nothing
        return 0


def measure(count: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{count}-") as tmp:
        project = make_project(Path(tmp), count)
        stages = stage_times(project, runs)
        stages["total_s"], peak = total_build(project, runs)
        stages["preview_update_s"] = preview_update(project, runs)
        site = project / "site"
        row: dict = {"n": count}
        for key, values in stages.items():
            row[key] = round(min(values), 3)
            row[key.replace("_s", "_median_s")] = round(statistics.median(values), 3)
        row["peak_rss_mb"] = round(peak, 1)
        row["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        row.update(browser_measures(site, "opleiding", "Bouw", runs))
        row["lunr_index_bytes"] = lunr_index_bytes(project)
        return row


TARGETS = """Targets (2 cores): at N=1,000 load+validate+render <= 10% of total_s; total_s <= 1.3 x (mkdocs_only_s +
pagefind_s); search_first_bytes <= 1.2 x pagefind_bare_first_bytes; page_load_search_bytes = 0; search_first_ms <= 500;
page_html_bytes <= 60 KB. At N=10,000: total_s <= 180; peak_rss_mb <= 2,000. validate_one_s <= 1 whatever N.
preview_update_s (serve: a saved record to its rebuilt page) <= 1 at the real collection (~160), <= 3 at N=10,000."""


def markdown_table(rows: list[dict]) -> str:
    lines = ["| metric | " + " | ".join(f"N={row['n']:,}" for row in rows) + " |", "|---|" + "---:|" * len(rows)]
    for key in KEYS:
        lines.append(f"| `{key}` | " + " | ".join(_fmt(row.get(key)) for row in rows) + " |")
    derived = {
        "(validate+render) / total": lambda r: f"{100 * (r['validate_s'] + r['render_s']) / r['total_s']:.0f}%",
        "total / (mkdocs_only + pagefind)": lambda r: f"{r['total_s'] / (r['mkdocs_only_s'] + r['pagefind_s']):.2f}",
        "search_first / bare": lambda r: f"{r['search_first_bytes'] / max(1, r['pagefind_bare_first_bytes']):.2f}",
        "floor: (yaml_parse + jinja_html) / total": lambda r: f"{100 * (r['yaml_parse_s'] + r['jinja_html_s']) / r['total_s']:.0f}%",
    }
    for name, compute in derived.items():
        lines.append(f"| {name} | " + " | ".join(compute(row) for row in rows) + " |")
    return "\n".join(lines) + "\n"


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 100 else f"{value:,.1f}"
    return f"{value:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated numbers of practices")
    parser.add_argument("--out", required=True, type=Path, help="folder for results.json and results.md")
    parser.add_argument("--runs", type=int, default=3, help="runs per stage (min and median are reported)")
    args = parser.parse_args()
    rows = []
    args.out.mkdir(parents=True, exist_ok=True)
    for count in (int(size) for size in args.sizes.split(",")):
        print(f"N={count} …", file=sys.stderr, flush=True)
        rows.append(measure(count, args.runs))
        (args.out / "results.json").write_text(json.dumps({"runs": args.runs, "results": rows}, indent=1) + "\n", encoding="utf-8")
        (args.out / "results.md").write_text(markdown_table(rows) + "\n" + TARGETS + "\n", encoding="utf-8")
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
