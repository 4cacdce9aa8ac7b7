"""Build the Pagefind search index of a built site, and check it holds the pages we expect."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex


class SearchIndexError(Exception):
    pass


async def _index(site_dir: Path) -> None:
    config = IndexConfig(output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))


def indexed_languages(site_dir: Path) -> dict[str, int]:
    """Pages in the written index, per language, as Pagefind's entry file records them."""
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {language: int(data["page_count"]) for language, data in entry["languages"].items()}


def build_search_index(site_dir: Path, expected_pages: int) -> int:
    """Index ``site_dir`` into ``site_dir/pagefind``; fail unless exactly ``expected_pages`` were indexed."""
    shutil.rmtree(site_dir / "pagefind", ignore_errors=True)  # Pagefind appends to an existing index
    asyncio.run(_index(site_dir))
    languages = indexed_languages(site_dir)
    if set(languages) != {"nl"}:
        raise SearchIndexError(f"de zoekindex moet Nederlandstalig zijn, maar bevat de talen {sorted(languages)}")
    page_count = languages["nl"]
    if page_count != expected_pages:
        raise SearchIndexError(f"de zoekindex bevat {page_count} pagina's, verwacht waren er {expected_pages}")
    return page_count
