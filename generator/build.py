"""The whole pipeline: load → validate → render → mkdocs build → Pagefind index.

Everything is built in a temporary folder beside the output; the old ``site/`` is replaced only
when every step has succeeded, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_step
from .export import write_exports
from .loader import LoadResult, Problem, load_practices, practice_files
from .render import Page, page_url, render_site
from .search_index import SearchIndexError, build_search_index, preload_search_files
from .vocabulary import load_vocabularies


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


def check_no_clash(pages: list[Page], content_dir: Path) -> None:
    """A hand-written page may not take the place of a generated one."""
    for page in pages:
        if (content_dir / page.path).exists():
            raise BuildError(f"content/{page.path} bestaat al; die pagina wordt gegenereerd, kies een andere naam")


def write_docs(pages: list[Page], content_dir: Path, docs_dir: Path) -> None:
    """A docs folder with the hand-written pages plus the generated ones, to run MkDocs on by hand
    (the build itself hands the generated pages to MkDocs in memory)."""
    check_no_clash(pages, content_dir)
    shutil.copytree(content_dir, docs_dir)
    for page in pages:
        target = docs_dir / page.path
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


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, generated: list[Page] = ()) -> None:
    """Build the site with MkDocs in strict mode, in this process (see ``mkdocs_step``)."""
    try:
        pairs = [(page.path, page.text) for page in generated]
        mkdocs_step.run_mkdocs(config_file, docs_dir, site_dir, (lambda: pairs) if pairs else None)
    except mkdocs_step.MkDocsFailed as failure:
        raise BuildError(str(failure)) from failure


@dataclass
class MkDocsProcess:
    """The MkDocs step in a process of its own, and the thread that sends it the generated pages."""

    process: subprocess.Popen
    sender: threading.Thread | None = None


def start_mkdocs_process(config_file: Path, docs_dir: Path, site_dir: Path) -> MkDocsProcess:
    """Start the MkDocs step in a process of its own and return at once: it starts up while this
    process loads and renders, then waits for ``send_pages``. MkDocs works on one core and keeps
    every page in memory until the end of the build; in its own process that memory is not added
    to ours, and this process can do other work meanwhile."""
    return MkDocsProcess(subprocess.Popen(
        [sys.executable, "-m", "generator.mkdocs_step", str(config_file), str(docs_dir), str(site_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    ))


def send_pages(mkdocs: MkDocsProcess, pages: list[Page]) -> None:
    """Send the generated pages to the MkDocs process through its stdin (they never touch the disk),
    by a thread, so that this process can go on meanwhile."""
    pairs = [(page.path, page.text) for page in pages]

    def send() -> None:
        try:
            with mkdocs.process.stdin:
                pickle.dump(pairs, mkdocs.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # MkDocs stopped early; its error is on stderr
            pass

    mkdocs.sender = threading.Thread(target=send, daemon=True)
    mkdocs.sender.start()


def finish_mkdocs_process(mkdocs: MkDocsProcess) -> None:
    """Wait for the MkDocs process; raise ``BuildError`` with its message if it failed."""
    process = mkdocs.process
    with process.stderr:
        stderr = process.stderr.read().decode("utf-8", "replace")
    process.wait()
    if mkdocs.sender:
        mkdocs.sender.join()
    if process.returncode != 0:
        raise BuildError(stderr.strip() or f"mkdocs build is mislukt (code {process.returncode})")


def stop_mkdocs_process(mkdocs: MkDocsProcess) -> None:
    """Stop the MkDocs process of a build that failed before it was done."""
    mkdocs.process.kill()
    mkdocs.process.wait()
    if mkdocs.sender:  # its pipe is broken now: it stops
        mkdocs.sender.join()
    mkdocs.process.stdin.close()
    mkdocs.process.stderr.close()


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


def build_site(project: Project) -> BuildReport:
    project.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=project.root) as work:
        new_site, exports_dir = Path(work) / "site", Path(work) / "exports"
        mkdocs = start_mkdocs_process(project.config_file, project.content_dir, new_site)
        try:
            result: LoadResult = load_practices(practice_files(project.practices_dir))
            if not result.ok:
                raise BuildError(f"{len(result.problems)} probleem/problemen in de records; de site is niet gebouwd", result.problems)
            pages = render_site(result.practices)
            check_no_clash(pages, project.content_dir)
            page_count, pages_to_index = len(pages), indexed_pages(pages, project.content_dir)
            send_pages(mkdocs, pages)
            del pages  # the MkDocs process has them
            # The open data is written while MkDocs builds the pages, and moved in afterwards.
            write_exports(exports_dir, result.practices, configured_site_url(project.config_file), load_vocabularies())
        except BaseException:
            stop_mkdocs_process(mkdocs)
            raise
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

