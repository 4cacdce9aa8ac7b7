"""The MkDocs step of the build: ``mkdocs build --strict`` on the hand-written pages plus the
generated ones, which MkDocs reads from memory as if they were in the docs folder.

It runs in the build's own process, which therefore holds the records, the generated pages and
MkDocs' pages at once. MkDocs converts every page before it writes any, and keeps a page's source,
Markdown and HTML until the end; at 10,000 practices that took the build over its 2 GB target. So
the plugin lets go of each page's text as soon as MkDocs no longer needs it: the generated source
once MkDocs has read it, the Markdown once it is converted, the HTML once the page is written. That
keeps one copy of the pages at a time (see the README's benchmark); a process of its own would not
(MkDocs holds its copies there too), and would add a pipe.

MkDocs does not convert the generated pages with Python-Markdown: their only Markdown is the
headings the templates write, and ``mdext.to_html`` turns them into HTML and a table of contents
directly (Markdown's conversion was about half of MkDocs' time per page; README, Benchmark).

This is the one place that knows MkDocs' internals: a plugin object, added here and never in
``mkdocs.yml``, adds the generated pages, renders them with ``mdext.to_html`` and notes which
pages search indexes.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import MethodType
from typing import Any

from .mdext import to_html
from .search_keys import sort_values

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs 1.6 otherwise prints a notice about 2.0 on every build


class MkDocsFailed(Exception):
    pass


class Stopped(Exception):
    """The build was stopped on request (``keeping(stop=...)``); nothing was replaced."""


@dataclass
class Kept:
    """MkDocs' state after a build (config, files with their pages, navigation, theme), kept by
    the live preview (``generator/preview.py``) to build single pages again with ``build_page``."""

    config: Any = None
    files: Any = None
    nav: Any = None
    env: Any = None


_keeping: tuple[Kept, Callable[[], bool]] | None = None


@contextmanager
def keeping(stop: Callable[[], bool] = lambda: False) -> Iterator[Kept]:
    """While active, a build keeps its state in the yielded ``Kept`` (filled once it is complete),
    and raises ``Stopped`` between two pages when ``stop()`` says so."""
    global _keeping
    kept = Kept()
    _keeping = (kept, stop)
    try:
        yield kept
    finally:
        _keeping = None


def searchable(meta: dict) -> bool:
    """The one rule for what search indexes: every page, unless its front matter says
    ``search: false``. The theme reads the result as ``page.meta.pk_indexed``."""
    return meta.get("search") is not False


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, generated: dict[str, str] | None = None, site_url: str | None = None) -> list[str]:
    """Build the site with MkDocs in strict mode, with the ``generated`` pages (path: Markdown)
    added to those in ``docs_dir``; return the output paths (relative, POSIX) of the pages search
    indexes. ``MkDocsFailed`` says why it could not build.

    ``generated`` is emptied: MkDocs takes the pages out of it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    warnings = _Collect()
    logger.addHandler(warnings)
    indexed: list[str] = []
    try:
        overrides = {"site_url": site_url} if site_url else {}
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True, **overrides)
        plugin = config.plugins["praktijkenbank"] = _plugin(generated if generated is not None else {}, indexed)
        mkdocs_build(config)
        if _keeping is not None:
            _keeping[0].config, _keeping[0].files, _keeping[0].nav, _keeping[0].env = config, plugin.files, plugin.nav, plugin.env
    except (Abort, ConfigurationError) as exc:
        details = "".join(f"\n  - {message}" for message in warnings.messages[:20])
        raise MkDocsFailed(f"mkdocs build is mislukt: {exc}{details}") from exc
    finally:
        logger.removeHandler(warnings)
    return sorted(indexed)


def _plugin(generated: dict[str, str], indexed: list[str]):
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    stop = _keeping[1] if _keeping is not None else None

    class Praktijkenbank(BasePlugin):
        files = nav = env = None  # kept for the live preview

        def on_files(self, files, config):
            while generated:  # taken out one by one: the build keeps no copy
                path, text = generated.popitem()
                files.append(File.generated(config, path, content=text))
            self.files = files
            return files

        def on_nav(self, nav, config, files):
            self.nav = nav
            self.in_nav = {id(page) for page in nav.pages}  # the pages in the navigation
            return nav

        def on_env(self, env, config, files):
            self.env = env
            env.globals["pk_nav_drawn"] = {}  # site_theme/partials/nav.html: the navigation per folder
            return env

        def on_page_markdown(self, markdown, page, config, files):
            if stop is not None and stop():
                raise Stopped
            if page.file.generated_by is not None:
                page.file.content_string = ""  # read: MkDocs goes on with ``markdown``
                page.render = MethodType(_render_generated, page)  # instead of Python-Markdown
            return markdown

        def on_page_content(self, html, page, config, files):
            page.markdown = ""  # converted: only the HTML is used from here on (None would lose the title)
            return html

        def on_page_context(self, context, page, config, nav):
            if stop is not None and stop():
                raise Stopped
            page.meta["pk_indexed"] = searchable(page.meta)
            page.meta["pk_sort"] = sort_values(page.meta)
            page.meta["pk_nav_key"] = None if id(page) in self.in_nav else posixpath.dirname(page.url.rstrip("/"))
            if page.meta["pk_indexed"]:
                indexed.append(page.file.dest_uri)
            return context

        def on_post_page(self, output, page, config):
            page.content = ""  # in the output now; no other page shows it
            return output

    return Praktijkenbank()


_ID = re.compile(r'\sid="([^"]+)"')


def _render_generated(page, config, files) -> None:
    """``Page.render`` for a generated page: what MkDocs' own sets, from ``mdext.to_html``."""
    from mkdocs.structure.toc import get_toc

    page.content, tokens = to_html(page.markdown)
    page.toc = get_toc(tokens)  # type: ignore[arg-type]  # Markdown's own toc tokens, as MkDocs takes them
    page._title_from_render = None  # every generated page has its title in its front matter
    page.present_anchor_ids = set(_ID.findall(page.content))  # for MkDocs' check of links to its anchors
    page.links_to_anchors = None  # its own links are made by urls.py, not written by hand


class _Collect(logging.Handler):
    """Keeps the warnings MkDocs logs, to show them when the strict build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_page(kept: Kept, path: str, text: str, site_dir: Path, scratch: Path) -> str:
    """Build the generated page ``path`` again from its new Markdown ``text`` with the state of the
    last build, and put it in ``site_dir`` in one rename (it is written in ``scratch`` first, a
    folder on the same disk). Returns its URL (relative to the site). ``MkDocsFailed`` if MkDocs
    fails or warns (the build is strict); the page in ``site_dir`` is then left as it was."""
    from mkdocs.commands.build import _build_page, _populate_page

    file = kept.files.get_file_from_path(path)
    if file is None or file.page is None:
        raise MkDocsFailed(f"{path} was niet gebouwd")
    logger = logging.getLogger("mkdocs")
    warnings = _Collect()
    logger.addHandler(warnings)
    try:
        file.content_string = text
        file.abs_dest_path = str(scratch / file.dest_uri)
        _populate_page(file.page, kept.config, kept.files)
        _build_page(file.page, kept.config, kept.files.documentation_pages(), kept.nav, kept.env)
    except Exception as exc:
        raise MkDocsFailed(f"mkdocs kon {path} niet bouwen: {exc}") from exc
    finally:
        logger.removeHandler(warnings)
    if warnings.messages:
        raise MkDocsFailed(f"mkdocs kon {path} niet bouwen: " + "; ".join(warnings.messages[:5]))
    target = site_dir / file.dest_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(file.abs_dest_path, target)
    return file.url
