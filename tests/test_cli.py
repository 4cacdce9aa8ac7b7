"""The `praktijken` command as an editor uses it: scaffold, validate, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import github_annotation, main
from generator.loader import Problem
from generator.models import Practice
from generator.vocabulary import load_vocabularies

from .conftest import RECORDS
from .test_scaffold import all_fields, required_fields, shape, uncommented


def invoke(tmp_path, *args):
    return CliRunner().invoke(main, ["--project", str(tmp_path), *args], prog_name="praktijken")


def test_new_writes_a_commented_record_with_every_field_and_the_allowed_terms(tmp_path):
    result = invoke(tmp_path, "new", "mijn-praktijk")
    assert result.exit_code == 0, result.output
    path = tmp_path / "practices" / "mijn-praktijk.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../generator/practice.schema.json\n")
    # Written: exactly the fields the models require, at every level.
    assert shape(yaml.safe_load(text)) == required_fields(Practice)
    # Commented out: every other field, in its place; uncommented, every field of every model is there.
    assert shape(yaml.safe_load(uncommented(text))) == all_fields(Practice)
    for kind in ("sectors", "target_groups", "priorities", "levels", "regions", "countries", "documents"):
        assert ", ".join(load_vocabularies()[kind].ids) in text, kind


def test_a_fresh_scaffold_names_what_still_has_to_be_filled_in(tmp_path):
    invoke(tmp_path, "new", "mijn-praktijk")
    path = tmp_path / "practices" / "mijn-praktijk.yaml"
    text = path.read_text(encoding="utf-8")
    result = invoke(tmp_path, "validate")
    assert result.exit_code == 1
    problems = [line.removeprefix("FOUT ") for line in result.output.splitlines() if line.startswith("FOUT ")]
    lines = text.splitlines()
    expected = [  # the scaffold's line (and which of the same lines), the message for it
        ('title: ""', 0, "title: mag niet leeg zijn"),
        ('summary: ""', 0, "summary: mag niet leeg zijn"),
        ("description: |", 0, "description: mag niet leeg zijn"),
        ("  terms: []", 0, "target_groups.terms: moet minstens 1 item(s) bevatten"),
        ("sectors: []", 0, "sectors: moet minstens 1 item(s) bevatten"),
        ("coordination:", 0, "coordination: noem minstens 1 organisatie, of zeg in wording wat de bron over de coördinatie zegt"),
        ('  level: ""', 0, "scope.level: onbekend niveau ''. Toegestaan: bedrijf, sector, "),
        ("  terms: []", 1, "priorities.terms: moet minstens 1 item(s) bevatten"),
        ('  basis: ""', 0, "priorities.basis: moet een van deze waarden zijn: 'source' of 'editors'"),
        ('  - document: ""', 0, "sources[0].document: onbekend brondocument ''. Toegestaan: serv-vaardigheden-boven, "),
        ('    section: ""', 0, "sources[0].section: mag niet leeg zijn"),
    ]
    assert len(problems) == len(expected), result.output
    for problem, (line, occurrence, message) in zip(problems, expected, strict=True):
        number = [n for n, text_line in enumerate(lines, 1) if text_line == line][occurrence]
        assert f"mijn-praktijk.yaml:{number}: {message}" in problem, (problem, line, message)
    assert "11 probleem/problemen in 1 bestand(en)" in result.output

    filled = [  # in the order of the scaffold: each replaces the first line still empty
        ('\ntitle: ""\n', "\ntitle: Mijn praktijk\n"),
        ('\nsummary: ""\n', "\nsummary: Een praktijk om het sjabloon te testen.\n"),
        ("\ndescription: |\n", "\ndescription: |\n  Wat de praktijk inhoudt.\n"),
        ("\n  terms: []\n", "\n  terms: [werkzoekenden]\n"),
        ("\nsectors: []\n", "\nsectors: [bouw]\n"),
        ("\n  organisations: []\n", "\n  organisations: [Voorbeeldfonds]\n"),
        ('\n  level: ""\n', "\n  level: sector\n"),
        ("\n  terms: []\n", "\n  terms: [matchen]\n"),
        ('\n  basis: ""\n', "\n  basis: source\n"),
        ('\n  - document: ""\n', "\n  - document: serv-vaardigheden-boven\n"),
        ('\n    section: ""\n', "\n    section: Fiche 1\n"),
    ]
    for old, new in filled:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    result = invoke(tmp_path, "validate")
    assert result.exit_code == 0, result.output
    assert "1 record(s) gecontroleerd: alles in orde." in result.output


def test_new_refuses_a_bad_slug_and_an_existing_record(tmp_path):
    bad = invoke(tmp_path, "new", "Mijn Praktijk")
    assert bad.exit_code == 1 and "'Mijn Praktijk' is geen geldige slug" in bad.output
    assert invoke(tmp_path, "new", "mijn-praktijk").exit_code == 0
    again = invoke(tmp_path, "new", "mijn-praktijk")
    assert again.exit_code == 1 and "bestaat al" in again.output


def test_new_says_to_put_the_record_in_the_canonical_form_when_done(tmp_path):
    result = invoke(tmp_path, "new", "mijn-praktijk")
    assert result.exit_code == 0, result.output
    path = tmp_path / "practices" / "mijn-praktijk.yaml"
    lines = result.output.splitlines()
    assert lines[0] == f"Nieuw record: {path}"
    assert lines[1] == f"Vul het in en controleer het met: praktijken validate {path}"
    assert lines[2] == f"Klaar met invullen? Zet het dan in de vaste vorm met: praktijken fmt {path}"
    assert "commentaarregels" in lines[3] and "vaste vorm" in lines[3]


def test_validate_summarises_and_exits_zero_when_all_is_well(tmp_path):
    (tmp_path / "practices").mkdir()
    result = invoke(tmp_path, "validate")
    assert result.exit_code == 0
    assert "0 record(s) gecontroleerd: alles in orde." in result.output


def test_validate_format_github_annotates_a_bad_record_at_its_line(tmp_path, monkeypatch):
    (tmp_path / "practices").mkdir()
    record = (RECORDS / "invalid" / "onbekende-sector.yaml").read_text(encoding="utf-8")
    (tmp_path / "practices" / "onbekende-sector.yaml").write_text(record, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # as in CI: annotations name the file relative to the repository
    result = invoke(tmp_path, "validate", "--format", "github")
    assert result.exit_code == 1
    sectors = load_vocabularies()["sectors"]
    suggestions = " of ".join(repr(s) for s in sectors.suggest("Bouww"))
    assert result.stdout.splitlines() == [
        "::error file=practices/onbekende-sector.yaml,line=7,title=sectors[0]::"
        f"onbekende sector 'Bouww'. Bedoel je {suggestions}? Toegestaan: {', '.join(sectors.ids)}"
    ]
    # The Dutch text for the terminal stays on stderr.
    assert "onbekende-sector.yaml:7: sectors[0]: onbekende sector 'Bouww'" in result.stderr
    assert "::error" not in invoke(tmp_path, "validate").output


def test_validate_format_github_escapes_the_message_and_properties_as_github_requires(tmp_path, monkeypatch):
    """%, CR and LF as %25, %0D and %0A everywhere; : and , as %3A and %2C in file and title only (a
    line break would otherwise end the command, a comma the property). Other control characters are
    written as visible escapes, as on the terminal."""
    monkeypatch.chdir(tmp_path)
    problem = Problem(Path("practices/a,b:c%.yaml"), "100% zeker:\nregel twee, met komma\r\x1b[31m", line=3, field="costs[0]:x,y")
    assert github_annotation(problem) == (
        "::error file=practices/a%2Cb%3Ac%25.yaml,line=3,title=costs[0]%3Ax%2Cy::100%25 zeker:%0Aregel twee, met komma%0D\\x1b[31m"
    )
    assert github_annotation(Problem(Path("practices/x.yaml"), "zonder regel")) == "::error file=practices/x.yaml,title=record::zonder regel"
    titled = github_annotation(Problem(Path("practices/x.yaml"), "m", 1), title="vaste vorm: x")
    assert titled == "::error file=practices/x.yaml,line=1,title=vaste vorm%3A x::m"

    # Through the command: a term with % and a comma, as a record may hold it.
    (tmp_path / "practices").mkdir()
    record = (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8").replace("sectors: [", 'sectors: ["50%: zorg, bouw", ')
    (tmp_path / "practices" / "procent.yaml").write_text(record, encoding="utf-8")
    result = invoke(tmp_path, "validate", "--format", "github")
    assert result.exit_code == 1
    [annotation] = result.stdout.splitlines()
    assert annotation.startswith("::error file=practices/procent.yaml,line=") and ",title=sectors[0]::onbekende sector '50%25: zorg, bouw'." in annotation


def test_local_server_keeps_the_connection_open_between_requests(site_url):
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(site_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    for path in ("/", "/zoeken/", "/bestaat-niet/"):
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        assert (response.status, response.version) == ((404 if "bestaat" in path else 200), 11)
        assert b'lang="nl"' in body
    connection.close()


def test_local_server_lists_no_folders_and_serves_nothing_outside_the_site(site_url, built_project):
    import http.client
    from urllib.parse import urlsplit

    (built_project.site_dir / "zonder-index").mkdir(exist_ok=True)
    (built_project.site_dir / "zonder-index" / "bestand.txt").write_text("x", encoding="utf-8")
    address = urlsplit(site_url)
    for path in ("/zonder-index/", "/assets/", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd"):
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404, path
        assert b"Directory listing" not in body and b"root:" not in body, path


def test_local_server_closes_an_idle_half_open_connection(site_url, monkeypatch):
    import socket
    from urllib.parse import urlsplit

    from generator.serve import QuietHandler

    monkeypatch.setattr(QuietHandler, "timeout", 0.5)
    address = urlsplit(site_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never finishes its request
        assert client.recv(1024) == b""  # the server closed it


def test_serve_says_in_dutch_when_the_port_is_taken_or_impossible(tmp_path):
    import socket

    from generator.serve import ServeError, make_server

    (tmp_path / "practices").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(ServeError, match="is al in gebruik"):
            make_server(tmp_path, "127.0.0.1", taken.getsockname()[1])
    result = invoke(tmp_path, "serve", "--port", "70000")
    assert result.exit_code == 1 and "poort 70000 bestaat niet" in result.output
