"""Shared fixtures: a copy of the project, one real build of it, an HTTP server and Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.build import Project, build_site
from generator.serve import make_server

ROOT = Path(__file__).resolve().parent.parent
RECORDS = Path(__file__).resolve().parent / "records"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# What makes a test slow: a real build of a site, Chromium, or a server on a built site. Tests that
# use these fixtures are marked `slow` here; modules that build by themselves say so with
# `pytestmark = pytest.mark.slow`. `make test-fast` runs the rest (`pytest -m "not slow"`).
SLOW_FIXTURES = {"built_project", "site_url", "browser", "page"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def copy_project(target: Path, practices: list[Path] | None = None) -> Project:
    """A project folder with this repository's theme, content and config, and the given records.

    With only some records, the hand-written page that links to particular practices is left out;
    with all of them, the web editor (admin/ and, where npm installed it, node_modules/) comes
    along, so the copy builds /admin/ as the real site does."""
    for name in ("content", "site_theme"):
        shutil.copytree(ROOT / name, target / name)
    if practices is None:
        shutil.copytree(ROOT / "admin", target / "admin")
        if (ROOT / "node_modules").is_dir():
            (target / "node_modules").symlink_to(ROOT / "node_modules")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if practices is not None:
        (target / "content" / "aandachtspunten.md").unlink()
        config = config.replace("  - Tien aandachtspunten: aandachtspunten.md\n", "")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / "practices").mkdir()
    for path in practices if practices is not None else sorted((ROOT / "practices").glob("*.yaml")):
        shutil.copy(path, target / "practices" / path.name)
    return Project(target)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Project:
    """The real collection, built once (mkdocs + Pagefind) in a temporary copy of the project."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    build_site(project)
    return project


@contextmanager
def serving(site_dir: Path) -> Iterator[str]:
    """The one local server of the tests: ``site_dir`` over HTTP on a free port; yields its URL."""
    server = make_server(site_dir, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_project) -> Iterator[str]:
    with serving(built_project.site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
