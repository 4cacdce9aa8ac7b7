"""Where every page lives: docs paths of generated pages, their URLs, links between them, and the
slugs of browse values. Render, export and build all take addresses from here."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Slugs a generated page may not take: ``index`` is the folder's own page.
RESERVED_SLUGS = frozenset({"index"})
MAX_SLUG_LENGTH = 80


SEARCH_PAGE = "zoeken.md"  # the search page's docs path; its output is zoeken/index.html
BROWSE_PAGE = "bladeren.md"  # browsing by sector, target group, region, organisation or priority (no JavaScript needed)
COMPARE_PAGE = "vergelijken.md"  # practices side by side: vergelijken/?p=slug,slug
COVERAGE_PAGE = "dekking.md"  # the coverage map: how many practices per priority and sector, theme and target group
SOURCES_PAGE = "bronnen/index.md"  # the source documents, each with its own page (source_path)
PRACTICE_DATA_FOLDER = "data/praktijken"  # one small JSON file per practice (export.py), for the compare page


def output_path(path: str) -> str:
    """The file MkDocs writes for a docs path (directory URLs): ``zoeken.md`` -> ``zoeken/index.html``."""
    return page_url(path) + "index.html"


def facet_index_path(folder: str) -> str:
    return f"{folder}/index.md"


def facet_value_path(folder: str, slug: str) -> str:
    return f"{folder}/{slug}.md"


def page_url(path: str) -> str:
    """The site URL (directory style, relative to the site root) of a docs path."""
    stem = path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def practice_path(slug: str) -> str:
    return f"praktijken/{slug}.md"


def priority_path(priority_id: str) -> str:
    return f"prioriteiten/{priority_id}.md"


def source_path(document_id: str) -> str:
    """The page of a source document (an id of the vocabulary ``documents``)."""
    return f"bronnen/{document_id}.md"


def relative_link(from_path: str, target_path: str) -> str:
    """Up to the site root, then down to the target: every page is a folder (directory URLs)."""
    here, target = page_url(from_path), page_url(target_path)
    if here == target:
        return "./"
    return "../" * here.count("/") + target


def slugify(text: str) -> str:
    """A page name for a browse value (an organisation, say): lowercase ASCII letters, digits and
    hyphens, never a reserved name, and short enough for any disk (a long name keeps its start and
    gets a hash of the whole, so two long names stay apart)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH - 9].rstrip("-") + "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    if slug in RESERVED_SLUGS:
        slug += "-1"
    return slug
