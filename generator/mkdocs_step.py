"""The MkDocs step of the build: ``mkdocs build --strict`` on the hand-written pages plus the
generated ones, which MkDocs reads from memory as if they were in the docs folder.

The build runs it in a process of its own (``python -m generator.mkdocs_step CONFIG DOCS_DIR
SITE_DIR``), which it starts before it loads the records: MkDocs starts up (imports, config, theme)
while the pages are rendered, and reads them, pickled as (path, text) pairs, from stdin when it
needs them. This module imports nothing but MkDocs, so that process starts quickly.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs 1.6 otherwise prints a notice about 2.0 on every build


class MkDocsFailed(Exception):
    pass


Pages = Callable[[], Sequence[tuple[str, str]]]


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, generated: Pages | None = None) -> None:
    """Build the site with MkDocs in strict mode, with the pages ``generated`` gives when MkDocs
    collects its files; ``MkDocsFailed`` says why it could not."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.WARNING)
    warnings = _Collect()
    logger.addHandler(warnings)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        if generated:
            config.plugins["praktijkenbank-generated-pages"] = _generated_pages_plugin(generated)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "".join(f"\n  - {message}" for message in warnings.messages[:20])
        raise MkDocsFailed(f"mkdocs build is mislukt: {exc}{details}") from exc
    finally:
        logger.removeHandler(warnings)


def _generated_pages_plugin(generated: Pages):
    """An MkDocs plugin that adds the generated pages to the files MkDocs found in the docs folder."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class GeneratedPages(BasePlugin):
        def on_files(self, files, config):
            for path, text in generated():
                files.append(File.generated(config, path, content=text))
            return files

    return GeneratedPages()


class _Collect(logging.Handler):
    """Keeps the warnings MkDocs logs, to show them when the strict build fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


if __name__ == "__main__":
    try:
        run_mkdocs(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), lambda: pickle.load(sys.stdin.buffer))
    except MkDocsFailed as failure:
        print(failure, file=sys.stderr)
        sys.exit(1)
