"""Live preview for ``praktijken serve``: watch the project, rebuild what changed, tell open pages.

A saved record takes the quick path: that one file is loaded and validated again (with the
collection checks), its practice page is rendered with a kept Jinja environment, and MkDocs builds
just that page with the state (config, files, navigation, theme) kept from the last full build; the
page is written beside the site and renamed into it. That takes well under a second; a full build
takes ~10 s at the real collection, nearly all of it MkDocs.

Pages that list the practice (cards on list, browse and related pages), the downloads and the
search index are refreshed by a full build in the background once nothing has changed for
``QUIET_SECONDS``; a new change stops that build between two pages (the site stays as it was) and
it starts again later. A new or removed record, and any change to content/, the theme, the
templates, the vocabularies or mkdocs.yml, takes a full build straight away. Full builds are
``build_site``'s: into a temporary folder, swapped in only when complete.

A record that is not valid changes nothing in the site: its problems (file, line, field, message)
are kept here, printed, and shown by the open pages (``RELOAD_SCRIPT``) until it is fixed.

Open pages poll ``state`` through the local server (``generator/serve.py``), which adds
``RELOAD_SCRIPT`` to every HTML page it serves in preview mode (never to the built site).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import mkdocs_step
from .build import BuildError, BuildReport, Project, build_site
from .loader import LoadedPractice, Problem, _collection_problems, gc_paused, load_practice, shown
from .render import TEMPLATES, make_environment, render_practice
from .vocabulary import VOCABULARY_FILE, load_vocabularies

QUIET_SECONDS = 1.0  # no change for this long: the full build in the background starts
SETTLE_SECONDS = 0.05  # an editor's save can be several events (write, rename); take them together
BUILD = Path("(build)")  # the key of a problem of the whole build (not of one record)


@dataclass(frozen=True)
class Update:
    """What one call of ``Preview.update`` did: the page URLs rebuilt, whether a full build ran."""

    pages: tuple[str, ...] = ()
    full: bool = False
    seconds: float = 0.0


class Preview:
    """The state of a served project: the last full build's records and MkDocs state, the problems
    found since, and a generation number that grows with every change to the served site."""

    def __init__(self, project: Project, say: Callable[[str], None] = print):
        self.project = project
        self.say = say
        self.generation = 0
        self._full_generation = 0  # the generation of the last full build: every page changed then
        self._changed: list[tuple[int, str]] = []  # (generation, page URL) since that full build
        self._problems: dict[Path, list[Problem]] = {}
        self._practices: list[LoadedPractice] = []
        self._kept: mkdocs_step.Kept | None = None
        self._env = make_environment()  # kept: Jinja reloads a template that changed on disk
        self._lock = threading.Lock()  # guards the fields the server reads
        self._wake = threading.Event()  # a change is waiting (also: stop the full build that runs)
        self._pending: set[Path] = set()
        self._stale = False  # lists, downloads and search index are behind the pages
        self._closed = threading.Event()
        self._threads: list[Any] = []

    # The server's side ---------------------------------------------------------------------

    def state(self, since: int, page: str) -> dict:
        """What an open page loaded at generation ``since`` needs: whether to load again, the problems
        to show, and whether lists and search are still behind."""
        page = page.lstrip("/").removesuffix("index.html")
        with self._lock:
            reload = since < self._full_generation or since > self.generation or any(generation > since and url == page for generation, url in self._changed)
            problems = [problem for problems in self._problems.values() for problem in problems]
            return {
                "generation": self.generation,
                "reload": reload,
                "pending": self._stale,
                "problems": [{"file": self._shown_path(p.path), "line": p.line, "field": p.field, "message": shown(p.message)} for p in problems],
            }

    def _shown_path(self, path: Path) -> str:
        if path == BUILD:
            return ""
        try:
            return path.resolve().relative_to(self.project.root).as_posix()
        except ValueError:
            return shown(path)

    # Building ------------------------------------------------------------------------------

    def build(self) -> BuildReport:
        """The first full build; ``BuildError`` when it fails (nothing is served then)."""
        report = self._full_build(quiet=True)
        if self._practices:  # compile the templates now, not at the first change (~0.1 s)
            render_practice(self._env, self._practices, self._practices[0], load_vocabularies())
        return report

    def update(self, paths: Iterable[Path]) -> Update:
        """Bring the site up to date with the changed ``paths``: the quick path for changed records,
        a full build for anything else. Problems are kept (see ``state``), never raised."""
        start = time.perf_counter()
        kinds = {path: self.kind(path) for path in paths}
        records = sorted(path for path, kind in kinds.items() if kind == "record")
        full = "full" in kinds.values() or self._kept is None
        pages = []
        if not full:
            with gc_paused():  # no pass of the cycle collector over the kept state (large at 10,000 practices)
                for path in records:
                    try:
                        url = self._update_record(path)
                    except _NeedsFullBuild:
                        full = True
                        break
                    if url:
                        pages.append(url)
        if full:
            try:
                self._full_build()
            except (BuildError, mkdocs_step.Stopped):
                pass
        return Update(tuple(pages), full, time.perf_counter() - start)

    def kind(self, path: Path) -> str | None:
        """What a changed path asks for: "record" (a record file), "full" (what every page depends
        on) or None (anything else, editors' temporary and backup files among them)."""
        name = path.name
        if name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913":
            return None
        if path.parent == self.project.practices_dir:
            return "record" if path.suffix.lower() in (".yaml", ".yml") else None
        if path in (VOCABULARY_FILE, self.project.config_file):
            return "full"
        folders = (self.project.content_dir, self.project.root / "site_theme", TEMPLATES)
        return "full" if any(path.is_relative_to(folder) for folder in folders) else None

    def _update_record(self, path: Path) -> str | None:
        """Build the page of one changed record again; its URL, or None when the record has problems
        (then the page stays as it was). ``_NeedsFullBuild`` for a new or removed record."""
        start = time.perf_counter()
        slug = path.stem
        if self._kept is None or not path.is_file() or all(item.slug != slug for item in self._practices):
            raise _NeedsFullBuild
        item, problems = load_practice(path)
        practices = self._practices
        if item is not None:
            practices = sorted([item, *(other for other in self._practices if other.slug != slug)], key=lambda i: i.practice.title.casefold())
            problems = _collection_problems(practices)
        if item is not None and not problems:
            try:
                page = render_practice(self._env, practices, item, load_vocabularies())
                url = mkdocs_step.build_page(self._kept, page.path, page.text, self.project.site_dir, self._scratch())
            except Exception as exc:  # a template or MkDocs failure: shown like a record problem
                problems = [Problem(path, f"de pagina kon niet opnieuw gebouwd worden: {exc}")]
        if problems:
            with self._lock:
                self._problems[path] = problems
            self._say_problems(problems)
            self.say(f"{self._shown_path(path)} is niet in orde: de vorige versie van de pagina blijft staan.")
            return None
        with self._lock:
            self._practices = practices
            self._problems.pop(path, None)
            self.generation += 1
            self._changed.append((self.generation, url))
            self._stale = True
        self.say(
            f"Bijgewerkt: /{url} ({_seconds(time.perf_counter() - start)}). "
            "Lijsten, bladerpagina's, downloads en zoekindex volgen met de volledige build zodra het even rustig is."
        )
        return url

    def _say_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            where = self._shown_path(problem.path) + (f":{problem.line}" if problem.line else "")
            self.say(f"FOUT {where}:{f' {shown(problem.field)}:' if problem.field else ''} {shown(problem.message)}")

    def _scratch(self) -> Path:
        """Where a page is written before it is renamed into the site: on the same disk, ignored by
        git, and removed by the next full build (as every ``.build-*``)."""
        return self.project.root / ".build-preview"

    def _full_build(self, quiet: bool = False) -> BuildReport:
        start = time.perf_counter()
        load_vocabularies.cache_clear()  # they may have changed
        loaded: list[list[LoadedPractice]] = []
        try:
            with mkdocs_step.keeping(stop=self._wake.is_set) as kept:
                report = build_site(self.project, on_loaded=loaded.append)
        except mkdocs_step.Stopped:
            with self._lock:
                self._stale = True
            if not self._closed.is_set():
                self.say("De volledige build is onderbroken door een nieuwe wijziging; ze begint opnieuw zodra het even rustig is.")
            raise
        except BuildError as exc:
            with self._lock:
                self._stale = False  # not again until something changes
                self._problems = {path: [] for path in self._problems}
                for problem in exc.problems:
                    self._problems.setdefault(problem.path, []).append(problem)
                if not exc.problems:
                    self._problems[BUILD] = [Problem(BUILD, str(exc))]
                self._problems = {path: problems for path, problems in self._problems.items() if problems}
            self._say_problems(exc.problems)
            self.say(f"De site is niet opnieuw gebouwd: {exc}. De vorige versie blijft staan.")
            raise
        with self._lock:
            self._kept, self._practices = kept, loaded[0]
            self._problems.clear()
            self._stale = False
            self.generation += 1
            self._full_generation = self.generation
            self._changed.clear()
        if not quiet:
            self.say(
                f"Volledige build klaar ({_seconds(time.perf_counter() - start)}): {report.practices} praktijken; "
                "lijsten, downloads en zoekindex zijn bijgewerkt."
            )
        return report

    # Watching ------------------------------------------------------------------------------

    def start(self) -> None:
        """Watch the project and keep the site up to date in a thread of its own, until ``close``."""
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        preview = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("created", "modified", "deleted", "moved"):
                    preview.changed(Path(str(p)) for p in (event.src_path, getattr(event, "dest_path", "")) if p)

        observer = Observer()
        handler = Handler()
        for folder, recursive in (
            (self.project.practices_dir, False),
            (self.project.content_dir, True),
            (self.project.root / "site_theme", True),
            (TEMPLATES, True),
            (VOCABULARY_FILE.parent, False),
            (self.project.root, False),
        ):
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=recursive)
        observer.daemon = True
        observer.start()
        worker = threading.Thread(target=self._run, name="preview", daemon=True)
        worker.start()
        self._threads = [observer, worker]

    def changed(self, paths: Iterable[Path]) -> None:
        """Note changed paths (from the watcher) for the worker."""
        relevant = {path for path in paths if self.kind(path)}
        if relevant:
            with self._lock:
                self._pending |= relevant
            self._wake.set()

    def close(self) -> None:
        self._closed.set()
        self._wake.set()
        for thread in self._threads:
            if hasattr(thread, "stop"):
                thread.stop()
        for thread in self._threads:
            thread.join(timeout=5)

    def _run(self) -> None:
        while not self._closed.is_set():
            if not self._wake.wait(timeout=QUIET_SECONDS if self._stale else None):
                try:
                    self._full_build()  # quiet, and lists and search are behind: catch up
                except (BuildError, mkdocs_step.Stopped):
                    pass
                except Exception as exc:  # keep watching whatever happens
                    self.say(f"FOUT de volledige build is mislukt: {exc}")
                continue
            if self._closed.is_set():
                return
            time.sleep(SETTLE_SECONDS)
            self._wake.clear()
            with self._lock:
                paths, self._pending = self._pending, set()
            try:
                self.update(paths)
            except Exception as exc:
                self.say(f"FOUT het voorbeeld kon niet bijgewerkt worden: {exc}")


class _NeedsFullBuild(Exception):
    pass


def _seconds(value: float) -> str:
    return f"{value:.2f} s".replace(".", ",")


RELOAD_SCRIPT = """\
// Live preview of `praktijken serve` (never part of the built site): load this page again when it
// changed, and show the problems of records that are not valid. All text is set with textContent.
(function () {
  "use strict";
  var script = document.currentScript;
  var generation = Number(script.getAttribute("data-generation"));
  var banner = null, note = null;

  function box(id, role, css) {
    var element = document.createElement("div");
    element.id = id;
    element.setAttribute("role", role);
    element.style.cssText = "position:fixed;z-index:10000;font:15px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);" + css;
    document.body.appendChild(element);
    return element;
  }

  function showProblems(problems) {
    if (!problems.length) {
      if (banner) { banner.remove(); banner = null; }
      return;
    }
    if (!banner) {
      banner = box("pk-preview-fout", "alert", "top:0;left:0;right:0;max-height:50vh;overflow:auto;padding:12px 16px;background:#b00020;color:#fff;");
    }
    banner.replaceChildren();
    var title = document.createElement("strong");
    title.textContent = "Niet bijgewerkt: er is een fout. De vorige versie van de site blijft staan tot ze opgelost is.";
    banner.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = "6px 0 0";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var where = problem.file ? problem.file + (problem.line ? ", regel " + problem.line : "") : "build";
      item.textContent = where + (problem.field ? ", veld " + problem.field : "") + ": " + problem.message;
      list.appendChild(item);
    });
    banner.appendChild(list);
  }

  function showPending(pending) {
    if (!pending) {
      if (note) { note.remove(); note = null; }
      return;
    }
    if (!note) {
      note = box("pk-preview-status", "status", "bottom:8px;left:8px;padding:4px 10px;border-radius:4px;background:#333;color:#fff;font-size:13px;");
      note.textContent = "Voorbeeld: lijsten en zoekresultaten worden nog bijgewerkt…";
    }
  }

  function poll() {
    var address = "/__preview/state?since=" + generation + "&page=" + encodeURIComponent(location.pathname);
    fetch(address, {cache: "no-store"}).then(function (response) { return response.json(); }).then(function (state) {
      if (state.reload) { location.reload(); return; }
      generation = state.generation;
      showProblems(state.problems);
      showPending(state.pending);
      setTimeout(poll, 100);
    }, function () { setTimeout(poll, 1000); });  // the server is restarting or stopped
  }
  poll();
})();
"""
