"""The MkDocs step of the build: ``mkdocs build --strict`` on the hand-written pages plus the
generated ones, which MkDocs reads from memory as if they were in the docs folder.

It runs in the build's own process: at 10,000 practices the build's peak memory is Pagefind's
process, not this one (see the README's benchmark), so a process of its own bought nothing but a
pipe. This is the one place that knows MkDocs' internals: a plugin object, added here and never in
``mkdocs.yml``, adds the generated pages and notes which pages search indexes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from .search_keys import sort_values

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs 1.6 otherwise prints a notice about 2.0 on every build


class MkDocsFailed(Exception):
    pass


def searchable(meta: dict) -> bool:
    """The one rule for what search indexes: every page, unless its front matter says
    ``search: false``. The theme reads the result as ``page.meta.pk_indexed``."""
    return meta.get("search") is not False


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, generated: Sequence[tuple[str, str]] = (),
               site_url: str | None = None) -> list[str]:
    """Build the site with MkDocs in strict mode, with the ``generated`` (path, Markdown) pages
    added to those in ``docs_dir``; return the output paths (relative, POSIX) of the pages search
    indexes. ``MkDocsFailed`` says why it could not build."""
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
        config.plugins["praktijkenbank"] = _plugin(generated, indexed)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "".join(f"\n  - {message}" for message in warnings.messages[:20])
        raise MkDocsFailed(f"mkdocs build is mislukt: {exc}{details}") from exc
    finally:
        logger.removeHandler(warnings)
    return sorted(indexed)


def _plugin(generated: Sequence[tuple[str, str]], indexed: list[str]):
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class Praktijkenbank(BasePlugin):
        def on_files(self, files, config):
            for path, text in generated:
                files.append(File.generated(config, path, content=text))
            return files

        def on_page_context(self, context, page, config, nav):
            page.meta["pk_indexed"] = searchable(page.meta)
            page.meta["pk_sort"] = sort_values(page.meta)
            if page.meta["pk_indexed"]:
                indexed.append(page.file.dest_uri)
            return context

    return Praktijkenbank()


class _Collect(logging.Handler):
    """Keeps the warnings MkDocs logs, to show them when the strict build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
