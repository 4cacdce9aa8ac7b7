"""The whole pipeline: load → validate → render → mkdocs build → Pagefind index.

Everything is built in a temporary folder beside the output; the old ``site/`` is replaced only
when every step has succeeded, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .export import write_exports
from .loader import LoadResult, Problem, load_practices, practice_files
from .render import Page, page_url, render_site
from .search_index import SearchIndexError, build_search_index, preload_search_files
from .vocabulary import load_vocabularies

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass(frozen=True)
class Project:
    """Where a project's parts live; by default the current folder."""

    root: Path

    @property
    def practices_dir(self) -> Path:
        return self.root / "practices"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"


class BuildError(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class BuildReport:
    practices: int
    pages: int
    indexed_pages: int
    site_dir: Path


def write_docs(pages: list[Page], content_dir: Path, docs_dir: Path) -> None:
    """The docs folder MkDocs reads: the hand-written pages plus the generated ones."""
    shutil.copytree(content_dir, docs_dir)
    for page in pages:
        target = docs_dir / page.path
        if target.exists():
            raise BuildError(f"content/{page.path} bestaat al; die pagina wordt gegenereerd, kies een andere naam")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
NOT_INDEXED = re.compile(r"^search:\s*false\s*$", re.M)


def is_indexed(markdown: str) -> bool:
    """Whether search indexes a page: all pages but those whose front matter says `search: false`
    (the theme then leaves out `data-pagefind-body`)."""
    front = FRONT_MATTER.match(markdown)
    return not (front and NOT_INDEXED.search(front.group(1)))


def indexed_pages(pages: list[Page], content_dir: Path) -> list[str]:
    """The docs paths (relative, POSIX) of the pages search indexes: generated and hand-written."""
    generated = [page.path for page in pages if is_indexed(page.text)]
    written = [p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*.md") if is_indexed(p.read_text(encoding="utf-8"))]
    return sorted(generated + written)


def search_glob(pages: list[str]) -> str:
    """A Pagefind glob that reaches every indexed page and skips the folders that hold none (the
    browse and list pages), so Pagefind does not parse what it will not index."""
    patterns = sorted({"/".join([*page_url(path).strip("/").split("/")[:-1], "*", "index.html"]) for path in pages})
    return "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path) -> None:
    """Build the site with MkDocs in strict mode."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    warnings = _Collect()
    logger.addHandler(warnings)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "".join(f"\n  - {message}" for message in warnings.messages[:20])
        raise BuildError(f"mkdocs build is mislukt: {exc}{details}") from exc
    finally:
        logger.removeHandler(warnings)


def start_mkdocs_process(config_file: Path, docs_dir: Path, site_dir: Path) -> subprocess.Popen:
    """Start ``run_mkdocs`` in a process of its own and return at once. MkDocs works on one core and
    keeps every page in memory until the end of the build; in its own process that memory is not
    added to ours, and this process can do other work meanwhile."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator.build", str(config_file), str(docs_dir), str(site_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def finish_mkdocs_process(process: subprocess.Popen) -> None:
    """Wait for the MkDocs process; raise ``BuildError`` with its message if it failed."""
    _, stderr = process.communicate()
    if process.returncode != 0:
        raise BuildError(stderr.strip() or f"mkdocs build is mislukt (code {process.returncode})")


def configured_site_url(config_file: Path) -> str:
    """The site's URL as MkDocs reads it from the config ("/" when there is none)."""
    from mkdocs.config import load_config

    return load_config(str(config_file)).site_url or "/"


def move_into(source_dir: Path, site_dir: Path) -> None:
    """Move everything in ``source_dir`` into ``site_dir``, refusing to overwrite what MkDocs built."""
    for entry in sorted(source_dir.iterdir()):
        target = site_dir / entry.name
        if target.exists():
            raise BuildError(f"{entry.name} staat al in de gebouwde site; die naam is voorbehouden voor de open data")
        entry.rename(target)


class _Collect(logging.Handler):
    """Keeps the warnings MkDocs logs, to show them when the strict build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(project: Project) -> BuildReport:
    result: LoadResult = load_practices(practice_files(project.practices_dir))
    if not result.ok:
        raise BuildError(f"{len(result.problems)} probleem/problemen in de records; de site is niet gebouwd", result.problems)
    pages = render_site(result.practices)
    page_count = len(pages)
    project.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=project.root) as work:
        docs_dir, new_site = Path(work) / "docs", Path(work) / "site"
        write_docs(pages, project.content_dir, docs_dir)
        pages_to_index = indexed_pages(pages, project.content_dir)
        del pages  # on disk now; MkDocs reads them from there
        mkdocs = start_mkdocs_process(project.config_file, docs_dir, new_site)
        try:  # the open data is written while MkDocs builds the pages, and moved in afterwards
            exports_dir = Path(work) / "exports"
            write_exports(exports_dir, result.practices, configured_site_url(project.config_file), load_vocabularies())
        finally:
            finish_mkdocs_process(mkdocs)
        move_into(exports_dir, new_site)
        try:
            indexed = build_search_index(new_site, expected_pages=len(pages_to_index), glob=search_glob(pages_to_index))
        except SearchIndexError as exc:
            raise BuildError(str(exc)) from exc
        preload_search_files(new_site)
        _replace(project.site_dir, new_site)
    return BuildReport(len(result.practices), page_count, indexed, project.site_dir)


def _replace(site_dir: Path, new_site: Path) -> None:
    """Swap the new site in place of the old one, with no moment without a site."""
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":  # the MkDocs step in its own process: CONFIG DOCS_DIR SITE_DIR
    try:
        run_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    except BuildError as failure:
        print(failure, file=sys.stderr)
        sys.exit(1)
