"""The whole pipeline: load → validate → render → mkdocs build → Pagefind index.

Everything is built in a temporary folder beside the output (``.build-*``); ``site/`` is replaced
only when every step has succeeded, in one atomic exchange of the two folders, so there is a
complete ``site/`` at every moment: a failed, interrupted or killed build leaves the previous site
as it was. A lock keeps two builds of one project apart; leftovers of a killed build are removed
by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_step, parallel
from .admin import copy_admin
from .export import write_exports
from .loader import LoadedPractice, LoadResult, Problem, RecordsFolderError, load_practices, practice_files, shown
from .render import Page, render_site
from .search_index import SearchIndexError, build_search_index, preload_search_files
from .vocabulary import load_vocabularies


@dataclass(frozen=True)
class Project:
    """Where a project's parts live; by default the current folder. ``site_url`` is the address the
    site is published at (canonical links, sitemap, feed, open data); None: the one in mkdocs.yml."""

    root: Path
    site_url: str | None = None

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
    notes: tuple[str, ...] = ()  # what the build left out and why, in Dutch (e.g. /admin/ without node_modules)


def check_no_clash(pages: list[Page], content_dir: Path) -> None:
    """A hand-written page may not take the place of a generated one."""
    for page in pages:
        if (content_dir / page.path).exists():
            raise BuildError(f"content/{page.path} bestaat al; die pagina wordt gegenereerd, kies een andere naam")


def write_docs(pages: list[Page], content_dir: Path, docs_dir: Path) -> None:
    """A docs folder with the hand-written pages plus the generated ones, to run MkDocs on by hand
    (the benchmark's reference; the build hands the generated pages to MkDocs in memory)."""
    check_no_clash(pages, content_dir)
    shutil.copytree(content_dir, docs_dir)
    for page in pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")


def search_glob(pages: list[str]) -> str:
    """A Pagefind glob that reaches every indexed page (output paths such as
    ``praktijken/x/index.html``) and skips the folders that hold none (the browse and list pages),
    so Pagefind does not parse what it will not index."""
    patterns = sorted({"/".join([*page.split("/")[:-2], "*", "index.html"]) if "/" in page else page for page in pages})
    return "{" + ",".join(patterns) + "}" if len(patterns) > 1 else patterns[0]


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, generated: dict[str, str] | None = None, site_url: str | None = None) -> list[str]:
    """Build the site with MkDocs in strict mode; the output paths of the pages search indexes.
    ``generated`` (path: Markdown) is emptied as MkDocs reads the pages."""
    try:
        return mkdocs_step.run_mkdocs(config_file, docs_dir, site_dir, generated, site_url)
    except mkdocs_step.MkDocsFailed as failure:
        raise BuildError(str(failure)) from failure


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


def build_site(project: Project, on_loaded: Callable[[list[LoadedPractice]], None] | None = None) -> BuildReport:
    """Build the project's site into ``site/``, or raise ``BuildError`` (in Dutch) and change nothing.
    ``on_loaded`` gets the validated practices (the live preview keeps them)."""
    try:
        with _build_lock(project.root):
            return _build(project, on_loaded)
    except OSError as exc:
        raise BuildError(_os_message(exc)) from exc


def _build(project: Project, on_loaded: Callable[[list[LoadedPractice]], None] | None = None) -> BuildReport:
    try:
        files = practice_files(project.practices_dir)
    except RecordsFolderError as exc:
        raise BuildError(str(exc)) from None
    result: LoadResult = load_practices(files)
    if not result.ok:
        raise BuildError(f"{len(result.problems)} probleem/problemen in de records; de site is niet gebouwd", result.problems)
    if on_loaded is not None:
        on_loaded(result.practices)
    pages = render_site(result.practices)
    check_no_clash(pages, project.content_dir)
    page_count, generated = len(pages), {page.path: page.text for page in pages}
    del pages  # only MkDocs holds the pages now, and lets go of each once it has read it
    site_url = project.site_url or configured_site_url(project.config_file)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=project.root) as work:
        new_site, exports_dir = Path(work) / "site", Path(work) / "exports"
        exports = (exports_dir, result.practices, site_url, load_vocabularies())
        # The open data written beside MkDocs, which uses one core.
        with parallel.beside(write_exports, *exports, in_two=parallel.worth_it(len(result.practices))) as exported:
            to_index = run_mkdocs(project.config_file, project.content_dir, new_site, generated, project.site_url)
        exported.result()
        move_into(exports_dir, new_site)
        try:
            indexed = build_search_index(new_site, expected_pages=len(to_index), glob=search_glob(to_index))
        except SearchIndexError as exc:
            raise BuildError(str(exc)) from exc
        preload_search_files(new_site)
        admin_note = copy_admin(project.root, new_site)  # the web editor at /admin/ (generator/admin.py)
        replace_folder(project.site_dir, new_site)
    return BuildReport(len(result.practices), page_count, indexed, project.site_dir, (admin_note,) if admin_note else ())


LOCK_NAME = ".build.lock"


@contextmanager
def _build_lock(root: Path) -> Iterator[None]:
    """One build at a time in a project (the lock goes with the process, also when it is killed);
    leftovers of a build that was killed are removed once the lock is held."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("er loopt al een build in deze projectmap; wacht tot die klaar is en probeer opnieuw") from None
        for leftover in root.glob(".build-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.rmtree(root / "site.old", ignore_errors=True)  # left by a build before this version
        yield


def replace_folder(target: Path, new: Path) -> None:
    """Put ``new`` in the place of ``target`` with no moment without a ``target``: the two folders
    are exchanged in one step (Linux' renameat2), then the old one is removed. Where the exchange
    is not available, ``target`` is renamed aside first and the gap lasts two renames."""
    if not target.exists():
        new.rename(target)
        return
    if not _exchange(new, target):
        aside = new.with_name(new.name + ".old")
        target.rename(aside)
        new.rename(target)
        new = aside
    shutil.rmtree(new)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths atomically; False where the system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def _os_message(exc: OSError) -> str:
    """A Dutch message for what the system refused while building."""
    where = f" ({shown(exc.filename)})" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"de schijf is vol{where}; maak ruimte vrij en bouw opnieuw. De vorige site is ongewijzigd"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"kan niet schrijven in de projectmap{where}: {exc.strerror}. De vorige site is ongewijzigd"
    return f"de site kon niet gebouwd worden{where}: {exc.strerror or exc}. De vorige site is ongewijzigd"
