"""Build the Pagefind search index of a built site, and check it holds the pages we expect."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .parallel import die_with_parent
from .urls import SEARCH_PAGE, output_path


class SearchIndexError(Exception):
    pass


def index_entry(site_dir: Path) -> dict:
    """Pagefind's entry file: its version and, per language, the index's hash and page count."""
    return json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def indexed_languages(site_dir: Path) -> dict[str, int]:
    """Pages in the written index, per language, as Pagefind's entry file records them."""
    return {language: int(data["page_count"]) for language, data in index_entry(site_dir)["languages"].items()}


# From this many pages on, Pagefind runs on one core. It then needs about 10% less memory (1.8 GB
# instead of 2.0 GB at 10,000 practices) and about 30% more time; for smaller sites speed wins.
ONE_CORE_FROM_PAGES = 5_000


def pagefind_command(site_dir: Path, pages: int, glob: str | None = None) -> list[str]:
    """The Pagefind command for a site of ``pages`` indexed pages (see ``ONE_CORE_FROM_PAGES``)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent", *(["--glob", glob] if glob else [])]
    if pages >= ONE_CORE_FROM_PAGES and hasattr(os, "sched_getaffinity") and shutil.which("taskset"):
        command = ["taskset", "--cpu-list", str(min(os.sched_getaffinity(0))), *command]
    return command


def build_search_index(site_dir: Path, expected_pages: int, glob: str | None = None) -> int:
    """Index ``site_dir`` (the pages ``glob`` matches, all HTML by default) into ``site_dir/pagefind``;
    fail unless exactly ``expected_pages`` Dutch pages were indexed."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)  # Pagefind appends to an existing index
    run = subprocess.run(pagefind_command(site_dir, expected_pages, glob), capture_output=True, text=True, preexec_fn=die_with_parent)
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind kon de zoekindex niet bouwen: {(run.stderr or run.stdout).strip()}")
    languages = indexed_languages(site_dir)
    if set(languages) != {"nl"}:
        raise SearchIndexError(f"de zoekindex moet Nederlandstalig zijn, maar bevat de talen {sorted(languages)}")
    if languages["nl"] != expected_pages:
        raise SearchIndexError(f"de zoekindex bevat {languages['nl']} pagina's, verwacht waren er {expected_pages}")
    return languages["nl"]


def preload_search_files(site_dir: Path, page: str = output_path(SEARCH_PAGE)) -> None:
    """Let the search page download Pagefind's code, entry file, metadata and WebAssembly while the
    page itself loads, instead of one after the other once the search code runs.

    The entry file is asked for with the index's hash as its cache tag (the search code passes the
    same tag to Pagefind), so its address is known in advance and changes with every new index."""
    path = site_dir / page
    if not path.exists():
        return
    language = index_entry(site_dir)["languages"]["nl"]
    tag = language["hash"]
    base = "../" * page.count("/") + "pagefind/"
    hints = [
        f'<meta name="pk-pagefind-tag" content="{tag}">',
        f'<link rel="modulepreload" href="{base}pagefind.js">',
        f'<link rel="preload" as="fetch" crossorigin href="{base}pagefind-entry.json?ts={tag}">',
        f'<link rel="preload" as="fetch" crossorigin href="{base}pagefind.{tag}.pf_meta">',
        f'<link rel="preload" as="fetch" crossorigin href="{base}wasm.{language["wasm"]}.pagefind">',
    ]
    html = path.read_text(encoding="utf-8")
    path.write_text(html.replace("</head>", "\n".join(hints) + "\n</head>", 1), encoding="utf-8")
