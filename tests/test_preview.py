"""Live preview (`praktijken serve`): a saved record is rebuilt on its own and shows on its open
page; a broken record is reported with file, line and field, and the last good page stays."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect

from generator.preview import Preview
from generator.serve import make_server

from .conftest import RECORDS, copy_project

MINIMAL = RECORDS / "valid" / "minimaal.yaml"


def small_project(tmp_path):
    """The minimal record and a second one like it."""
    project = copy_project(tmp_path, [MINIMAL])
    text = MINIMAL.read_text(encoding="utf-8")
    (project.practices_dir / "tweede.yaml").write_text(text.replace("Minimale praktijk", "Tweede praktijk"), encoding="utf-8")
    return project


def retitled(title: str) -> str:
    return MINIMAL.read_text(encoding="utf-8").replace("title: Minimale praktijk", f"title: {title}")


def html(project, page: str) -> str:
    return (project.site_dir / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_changed_record_is_rebuilt_alone_and_a_broken_one_keeps_its_page(tmp_path):
    project = small_project(tmp_path)
    said: list[str] = []
    preview = Preview(project, say=said.append)
    preview.build()
    record = project.practices_dir / "minimaal.yaml"
    start = preview.generation

    record.write_text(retitled("Een nieuwe titel"), encoding="utf-8")
    update = preview.update([record])
    assert update.pages == ("praktijken/minimaal/",) and not update.full
    assert "Een nieuwe titel" in html(project, "praktijken/minimaal")
    assert "__preview" not in html(project, "praktijken/minimaal")  # the reload script is the server's, not the site's
    assert preview.state(start, "/praktijken/minimaal/")["reload"]
    assert not preview.state(start, "/over/")["reload"]
    assert preview.state(start, "/")["pending"]  # lists and search follow with the full build
    assert "Minimale praktijk" in html(project, "praktijken")
    assert any(line.startswith("Bijgewerkt: /praktijken/minimaal/") and "zoekindex" in line for line in said)

    good = html(project, "praktijken/minimaal")
    generation = preview.generation
    record.write_text(retitled("Kapot").replace("sectors: [zorg]", "sectors: [zorgg]"), encoding="utf-8")
    assert preview.update([record]).pages == ()
    assert html(project, "praktijken/minimaal") == good
    state = preview.state(generation, "/praktijken/minimaal/")
    assert not state["reload"]
    [problem] = state["problems"]
    assert problem["file"] == "practices/minimaal.yaml" and problem["line"] == 7 and problem["field"] == "sectors[0]"
    assert "zorgg" in problem["message"]
    assert any(line.startswith("FOUT practices/minimaal.yaml:7: sectors[0]:") for line in said)

    record.write_text(retitled("Tweede praktijk"), encoding="utf-8")  # a title another record has
    preview.update([record])
    assert [p["field"] for p in preview.state(generation, "/")["problems"]] == ["title"]
    assert html(project, "praktijken/minimaal") == good

    record.write_text(retitled("Weer goed"), encoding="utf-8")
    assert preview.update([record]).pages == ("praktijken/minimaal/",)
    assert preview.state(generation, "/")["problems"] == []
    assert "Weer goed" in html(project, "praktijken/minimaal")

    # A new record needs a full build, which also brings the lists up to date.
    (project.practices_dir / "derde.yaml").write_text(retitled("Derde praktijk"), encoding="utf-8")
    update = preview.update([project.practices_dir / "derde.yaml"])
    assert update.full and "Derde praktijk" in html(project, "praktijken/derde")
    assert "Weer goed" in html(project, "praktijken") and not preview.state(generation, "/")["pending"]
    assert preview.state(generation, "/over/")["reload"]


@pytest.mark.slow
def test_an_open_page_follows_its_record_and_shows_the_error_in_chromium(tmp_path, page):
    project = small_project(tmp_path)
    preview = Preview(project, say=lambda line: None)
    preview.build()
    server = make_server(project.site_dir, "127.0.0.1", 0, preview=preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    preview.start()
    record = project.practices_dir / "minimaal.yaml"
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/praktijken/minimaal/")
        title = page.locator("article h1")
        expect(title).to_have_text("Minimale praktijk")

        record.write_text(retitled("Bijgewerkte titel"), encoding="utf-8")
        expect(title).to_have_text("Bijgewerkte titel", timeout=5000)

        record.write_text(retitled("Kapot").replace("sectors: [zorg]", "sectors: [zorgg]"), encoding="utf-8")
        banner = page.locator("#pk-preview-fout")
        expect(banner).to_contain_text("practices/minimaal.yaml, regel 7, veld sectors[0]", timeout=5000)
        expect(banner).to_contain_text("De vorige versie van de site blijft staan")
        expect(title).to_have_text("Bijgewerkte titel")

        record.write_text(retitled("Weer in orde"), encoding="utf-8")
        expect(title).to_have_text("Weer in orde", timeout=5000)
        expect(banner).to_have_count(0)
        assert page.js_errors == []
    finally:
        preview.close()
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_a_changed_hand_written_page_or_template_rebuilds_the_site(tmp_path):
    """Content, theme and templates are on every page: a change there is a full build, and shows."""
    project = small_project(tmp_path)
    preview = Preview(project, say=lambda line: None)
    assert preview.kind(project.content_dir / "over.md") == "full"
    assert preview.kind(project.root / "site_theme" / "main.html") == "full"
    assert preview.kind(project.content_dir / ".over.md.swp") is None
    assert preview.kind(project.practices_dir / "minimaal.yaml") == "record"
    preview.build()
    about = project.content_dir / "over.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nEen zin die net is toegevoegd.\n", encoding="utf-8")
    update = preview.update([about])
    assert update.full
    assert "Een zin die net is toegevoegd." in html(project, "over")
