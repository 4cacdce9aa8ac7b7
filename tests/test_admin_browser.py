"""The web editor in Chromium against decap-server's local git mode, in a temporary git copy of the
project (never this repository): a new practice saved through the form becomes a commit on the
branch decap-server makes and passes validation; changing one field of a record (summary, a cost
amount, a strength, a line of the description) changes that one line and leaves the record in the
canonical form; an invalid e-mail address and an amount written as 1.200 block saving with a Dutch message;
nothing is requested from other hosts; axe finds no serious or critical violation."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import admin
from generator.build import Project, build_site
from generator.fmt import canonical_text
from generator.loader import load_practices
from generator.yamlfile import parse_yaml

from .conftest import ROOT, serving

pytestmark = pytest.mark.slow

if not admin.bundle_files(ROOT):
    pytest.skip("node_modules/decap-cms is not installed (npm ci)", allow_module_level=True)

EXISTING = "project-3030"
TIMEOUT = 30_000
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True).stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def editor(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A git copy of the project with its site built (editor included), decap-server on it and
    the site served; yields (repository, address of /admin/)."""
    repo = tmp_path_factory.mktemp("editor") / "project"
    for name in ("practices", "content", "site_theme", "admin"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    git(repo, "init", "-q", "-b", "main")
    (repo / ".git" / "info" / "exclude").write_text("/node_modules\n/site/\n/.build*\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Kopie voor de test")
    build_site(Project(repo))
    port = free_port()  # not 8081: a `praktijken edit` may be running
    config_path = repo / "site" / "admin" / "config.yml"
    settings = config_path.read_text(encoding="utf-8").replace(f"127.0.0.1:{admin.LOCAL_SERVER_PORT}", f"127.0.0.1:{port}")
    config_path.write_text(settings, encoding="utf-8")
    process = admin.start_decap_server(repo, port)
    try:
        with serving(repo / "site") as url:
            yield repo, url + "admin/"
    finally:
        admin.stop_process(process)


@pytest.fixture
def editor_page(page, editor):
    """A signed-in editor page; fails the test if anything was requested from another host."""
    _, address = editor
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else None)
    page.set_default_timeout(TIMEOUT)
    page.goto(address)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name=re.compile("Praktijken")).first.wait_for()
    yield page
    assert outside == []


def field(page, label: str):
    """The input of a form field by its Dutch label (optional fields say "(optioneel)")."""
    return page.get_by_label(re.compile("^" + re.escape(label) + r"( \(optioneel\))?$"))


def choose(page, label: str, option: str) -> None:
    field(page, label).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()


def open_new(page, editor) -> None:
    page.goto(editor[1] + "#/collections/praktijken/new")
    field(page, "Titel").wait_for()


def fill_required(page, title: str) -> None:
    field(page, "Titel").fill(title)
    field(page, "Samenvatting (één regel)").fill("Een praktijk die via het webformulier werd ingevoerd.")
    field(page, "Wat houdt de praktijk in?").fill("Een beschrijving in eigen woorden.\n\nEen tweede alinea.")
    choose(page, "Doelgroepen uit de woordenlijst", "Werkzoekenden")
    choose(page, "Sectoren", "Zorg en welzijn")
    page.get_by_role("button", name="Voeg organisatie toe").click()
    field(page, "Organisatie").fill("VDAB")
    choose(page, "Niveau", "Vlaams")
    choose(page, "Welke prioriteiten", "Leercultuur ontwikkelen")
    choose(page, "Wie noemt de prioriteiten?", "De redactie kende ze toe")
    page.get_by_role("button", name="Voeg bron toe").click()
    choose(page, "Brondocument", "SERV, Vaardigheden boven")
    field(page, "Sectie, fiche of tabelrij").fill("Fiche 1")


def save(page) -> None:
    page.get_by_role("button", name="Opslaan", exact=True).click()


def wait_for_branch(repo: Path, branch: str, page) -> None:
    page.get_by_text("Item opgeslagen").first.wait_for()
    for _ in range(50):
        if branch in git(repo, "branch", "--list", branch):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"no branch {branch}")


def test_a_new_practice_becomes_a_commit_on_its_branch_that_passes_validation(editor, editor_page, tmp_path):
    repo, _ = editor
    page = editor_page
    open_new(page, editor)
    fill_required(page, "Testpraktijk uit het webformulier")
    page.get_by_role("button", name="Voeg kost toe").click()
    field(page, "Kost zoals de bron ze beschrijft").fill("1.200 euro per jaar")
    field(page, "Bedrag in euro").fill("1200")
    save(page)
    slug = "testpraktijk-uit-het-webformulier"
    branch = f"cms/praktijken/{slug}"
    wait_for_branch(repo, branch, page)
    assert git(repo, "log", "-1", "--format=%s", branch).strip() == f"Nieuwe praktijk: {slug}"
    assert git(repo, "branch", "--show-current").strip() == "main"  # decap-server went back
    text = git(repo, "show", f"{branch}:practices/{slug}.yaml")
    assert text.startswith("# yaml-language-server: $schema=../generator/practice.schema.json\ntitle: ")
    record = tmp_path / f"{slug}.yaml"
    record.write_text(text, encoding="utf-8")
    result = load_practices([record])
    assert result.ok, [str(p) for p in result.problems]
    practice = result.practices[0].practice
    assert practice.costs[0].amount_eur == 1200
    assert practice.sectors == ["zorg"]


def _strength(page, old: str, new: str) -> None:
    texts = [item for item in page.get_by_label(re.compile(r"^Tekst( \(optioneel\))?$")).all() if item.input_value() == old]
    assert len(texts) == 1, old
    texts[0].fill(new)


def _replace_in(label: str, old: str, new: str):
    def edit(page) -> None:
        control = field(page, label)
        value = control.input_value()
        assert old in value, (label, old)
        control.fill(value.replace(old, new, 1))

    return edit


STRENGTH = "Ook oudere werknemers grijpen de kans om te leren; in het schooljaar 2017-2018 kwam 21% van alle inschrijvingen van 50+'ers."
# One edit through the form each: (what the form does, the text in one line of the file, what it becomes).
ONE_FIELD_EDITS = {
    "summary": (
        _replace_in("Samenvatting (één regel)", "arbeidsvoorwaarden.", "arbeidsvoorwaarden. Aangepast."),
        "met behoud van loon en arbeidsvoorwaarden.",
        "met behoud van loon en arbeidsvoorwaarden. Aangepast.",
    ),
    "cost amount": (lambda page: field(page, "Bedrag in euro").fill("1279926"), "amount_eur: 1279925", "amount_eur: 1279926"),
    "strength": (lambda page: _strength(page, STRENGTH, STRENGTH.replace("21%", "22%")), "kwam 21% van", "kwam 22% van"),
    "description": (
        _replace_in("Wat houdt de praktijk in?", "ongeveer een jaar lang", "ongeveer twaalf maanden lang"),
        "ongeveer een jaar lang",
        "ongeveer twaalf maanden lang",
    ),
}


@pytest.mark.parametrize("edit", list(ONE_FIELD_EDITS))
def test_changing_one_field_of_a_record_changes_one_line(editor, editor_page, edit):
    """Each save of an edited record is a commit on its branch that changes only the edited line,
    and the record stays in the canonical form (praktijken fmt --check)."""
    repo, address = editor
    page = editor_page
    change, old, new = ONE_FIELD_EDITS[edit]
    branch = f"cms/praktijken/{EXISTING}"
    path = f"practices/{EXISTING}.yaml"
    before = git(repo, "rev-parse", branch if git(repo, "branch", "--list", branch) else "main").strip()
    (line,) = [line for line in git(repo, "show", f"{before}:{path}").splitlines() if old in line]
    page.goto(address + f"#/collections/praktijken/entries/{EXISTING}")
    field(page, "Samenvatting (één regel)").wait_for()
    change(page)
    save(page)
    for _ in range(100):
        if git(repo, "branch", "--list", branch) and git(repo, "rev-parse", branch).strip() != before:
            break
        page.wait_for_timeout(200)
    after = git(repo, "rev-parse", branch).strip()
    assert after != before, "nothing was saved"
    diff = git(repo, "diff", "--unified=0", before, after, "--", path)
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [f"-{line}", f"+{line.replace(old, new, 1)}"], diff
    text = git(repo, "show", f"{after}:{path}")
    assert canonical_text(parse_yaml(text.encode("utf-8")).data) == text  # fmt --check passes


def test_invalid_email_and_thousands_separator_block_saving_with_dutch_messages(editor, editor_page):
    repo, _ = editor
    page = editor_page
    open_new(page, editor)
    fill_required(page, "Praktijk met fouten")
    page.get_by_role("button", name="Voeg kost toe").click()
    field(page, "Kost zoals de bron ze beschrijft").fill("duizend tweehonderd euro")
    field(page, "Bedrag in euro").fill("1.200")
    page.get_by_role("button", name="Voeg contactpersoon toe").click()
    field(page, "E-mailadres").fill("naam@organisatie")
    save(page)
    page.locator("[class*=ControlErrorsList] li").first.wait_for()
    errors = page.locator("[class*=ControlErrorsList] li").all_text_contents()  # inner text is upper case (CSS)
    assert any("duizendtallen (1200, niet 1.200" in error for error in errors), errors
    assert any("een geldig e-mailadres, zoals naam@organisatie.be" in error for error in errors), errors
    page.wait_for_timeout(1000)
    assert "praktijk-met-fouten" not in git(repo, "branch", "--list")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def test_no_serious_accessibility_violations(editor, editor_page):
    from axe_playwright_python.sync_playwright import Axe

    _, address = editor
    page = editor_page
    axe = Axe()
    found = {}
    views = {
        "lijst": "#/collections/praktijken",
        "workflow": "#/workflow",
        "nieuw": "#/collections/praktijken/new",
        "bewerken": f"#/collections/praktijken/entries/{EXISTING}",
    }
    for name, view in views.items():
        page.goto(address + view)
        if name in ("nieuw", "bewerken"):
            field(page, "Titel").wait_for()
        else:
            page.get_by_role("link", name=re.compile("Praktijken")).first.wait_for()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)  # Decap draws the entries after their request
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        found[name] = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result.response["violations"] if v["impact"] in ("serious", "critical")
        ]
    assert found == {name: [] for name in views}


def test_practice_pages_link_to_the_issue_forms(editor):
    repo, _ = editor
    settings = json.loads(re.sub(r"(?m)^#.*$", "", (repo / "admin" / "config.yml").read_text(encoding="utf-8")))
    issues = admin.repo_url(repo) + "/issues/new"
    assert settings["backend"]["repo"] in issues
    page = (repo / "site" / "praktijken" / EXISTING / "index.html").read_text(encoding="utf-8")
    assert f'href="{issues}?template=fout-melden.yml&amp;title=Fout%20in%3A%20' in page
    assert f'&amp;praktijk={EXISTING}"' in page
    home = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert f'href="{issues}?template=praktijk-melden.yml"' in home
    assert 'data-md-component="source"' not in home  # no fetch of the repository's stars from GitHub's API
