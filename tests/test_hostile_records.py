"""The hostile corpus: records and files as an attacker or a hurried editor makes them. Each gets
the Dutch message an editor needs (file, line where there is one, field), `validate` exits 1
without a traceback, and nothing outside the records folder is read.

Each case is a record text (the minimal valid record, changed) and what the message must start
with: "LINE: FIELD: MESSAGE" or "LINE: MESSAGE" (the file name comes before it)."""

from __future__ import annotations

import os
import time

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.loader import load_practice, load_practices, practice_files
from generator.yamlfile import MAX_BYTES

from .conftest import RECORDS

MINIMAL = (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8").split("\n", 1)[1]  # without the comment line
# Line numbers in MINIMAL: 1 title, 2 summary, 3 description, 4 target_groups, 5 terms, 6 sectors,
# 7 coordination, 8 organisations, 9 scope, 10 level, 11 priorities, 12 terms, 13 basis, 14 sources.


def replace(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def plus(extra: str) -> str:
    """MINIMAL with fields added at its end (from line 17 on)."""
    return MINIMAL + extra


COST = "costs:\n  - wording: Kostprijs\n    amount_eur: {}\n"  # the amount is on line 19
FIGURE = "outcomes:\n  figures:\n    - label: Deelnemers\n      value: {}\n"  # the value is on line 20
PERIOD = "period:\n  wording: Sinds kort\n  start: {}\n"  # the start is on line 19
NUMBER = "is geen gewoon getal"
TAGS = "YAML-tags zoals"

CASES: dict[str, tuple[str | bytes, str]] = {
    # Explicit tags and other YAML constructs a record does not need.
    "tag-int": (replace("title: Minimale praktijk", 'title: !!int "3"'), f"1: {TAGS} !!int"),
    "tag-bool": (replace("summary: Alleen de verplichte velden.", 'summary: !!bool "yes"'), f"2: {TAGS} !!bool"),
    "tag-float": (plus(COST.format('!!float "1"')), f"19: {TAGS} !!float"),
    "tag-timestamp": (replace("summary: Alleen de verplichte velden.", 'summary: !!timestamp "2019-01-01"'), f"2: {TAGS} !!timestamp"),
    "tag-python-apply": (
        replace("title: Minimale praktijk", 'title: !!python/object/apply:os.system ["echo pwned"]'),
        f"1: {TAGS} !!python/object/apply:os.system",
    ),
    "tag-python-name": (replace("title: Minimale praktijk", "title: !!python/name:os.system"), f"1: {TAGS} !!python/name:os.system"),
    "tag-local": (replace("title: Minimale praktijk", "title: !eigen x"), f"1: {TAGS} !eigen"),
    "tag-omap": (replace("scope:\n  level: bedrijf", "scope: !!omap\n  - level: bedrijf"), f"9: {TAGS} !!omap"),
    "tag-set": (replace("sectors: [zorg]", "sectors: !!set {zorg}"), f"6: {TAGS} !!set"),
    "merge-key": (plus("extra:\n  <<: {title: x}\n"), "18: de samenvoegsleutel '<<' is niet toegestaan"),
    "alias": (replace("sectors: [zorg]", "sectors: &s [zorg]\nandere: *s"), "6: YAML-ankers en -aliassen"),
    "two-documents": (MINIMAL + "---\ntitle: Tweede\n", "17: het bestand bevat meer dan één YAML-document"),
    "impossible-date": (replace("summary: Alleen de verplichte velden.", "summary: 2019-02-30"), "2: '2019-02-30' is geen bestaande datum"),
    "date-as-text-field": (replace("summary: Alleen de verplichte velden.", "summary: 2019-02-03"), "2: summary: moet tekst zijn"),
    "huge-integer": (plus(COST.format("1" + "0" * 5000)), "19: het getal 10000000000000000000… is te lang"),
    "deep-flow": (replace("sectors: [zorg]", "sectors: " + "[" * 40 + "zorg" + "]" * 40), "6: te diep geneste lijsten of mappings"),
    "deep-flow-behind-quotes": (
        replace("sectors: [zorg]", "sectors: [" + '"' + "]" * 40 + '", ' + "[" * 40 + "x" + "]" * 41),
        "6: te diep geneste lijsten of mappings",
    ),
    "deep-flow-unclosed": (replace("sectors: [zorg]", "sectors: " + "[" * 5000), "6: te diep geneste lijsten of mappings"),
    "deep-block": (
        plus("extra:\n" + "".join("  " * depth + "- \n" for depth in range(1, 40)) + "  " * 40 + "- x\n"),
        "50: te diep geneste lijsten of mappings",
    ),
    "deep-block-one-line": (plus("extra:\n  " + "- " * 40 + "x\n"), "18: te diep geneste lijsten of mappings"),
    # Characters.
    "bell": (replace("Minimale praktijk", "Minimale\x07praktijk"), "1: het bestand bevat een onzichtbaar stuurteken (U+0007)"),
    "escape-sequence": (replace("Alleen de verplichte", "Alleen \x1b[31mde verplichte"), "2: het bestand bevat een onzichtbaar stuurteken (U+001B)"),
    "nul-byte": (replace("Een korte", "Een\x00korte"), "3: het bestand bevat een onzichtbaar stuurteken (U+0000) (is het bestand UTF-16?"),
    "delete": (replace("Een korte", "Een\x7fkorte"), "3: het bestand bevat een onzichtbaar stuurteken (U+007F)"),
    "c1-next-line": (replace("Een korte", "Een\x85korte"), "3: het bestand bevat een onzichtbaar stuurteken (U+0085)"),
    "noncharacter": (replace("Een korte", "Een\ufffekorte"), "3: het bestand bevat een onzichtbaar stuurteken (U+FFFE)"),
    "utf16-bom": (MINIMAL.encode("utf-16"), "1: het bestand is opgeslagen als UTF-16; sla het op als UTF-8"),
    "utf16-no-bom": (MINIMAL.encode("utf-16-le"), "1: het bestand bevat een onzichtbaar stuurteken (U+0000) (is het bestand UTF-16?"),
    "latin1": (replace("Een korte", "Café").encode("latin-1"), "3: het bestand is geen geldige UTF-8-tekst"),
    "escaped-control-character": (
        replace("title: Minimale praktijk", 'title: "Minimale\\x1b[2Jpraktijk"'),
        "1: de tekst bevat een onzichtbaar stuurteken (U+001B)",
    ),
    # Numbers.
    "inf": (plus(COST.format(".inf")), f"19: '.inf' {NUMBER}"),
    "minus-inf": (plus(FIGURE.format("-.inf")), f"20: '-.inf' {NUMBER}"),
    "nan": (plus(FIGURE.format(".nan")), f"20: '.nan' {NUMBER}"),
    "overflow-float": (plus(COST.format("1.0e+999")), f"19: '1.0e+999' {NUMBER}"),
    "quoted-inf": (plus(COST.format('".inf"')), "19: costs[0].amount_eur: moet een getal zijn"),
    "quoted-nan": (plus(FIGURE.format("'nan'")), "20: outcomes.figures[0].value: moet een getal zijn"),
    "thousands-1200": (plus(COST.format("1.200")), "19: 1.200 lijkt een getal met een punt als duizendtalscheiding"),
    "thousands-12500": (
        plus(FIGURE.format("12.500")),
        "20: 12.500 lijkt een getal met een punt als duizendtalscheiding, maar in YAML is een punt een decimaalteken; bedoel je 12500?",
    ),
    "thousands-million": (
        plus(COST.format("1.279.925")),
        "19: costs[0].amount_eur: moet een getal zijn (zonder €-teken of punten als duizendtalscheiding); bedoel je 1279925?",
    ),
    "thousands-negative": (plus(FIGURE.format("-2.000")), "20: -2.000 lijkt een getal met een punt als duizendtalscheiding"),
    "thousands-quoted": (
        plus(COST.format('"1.200"')),
        "19: costs[0].amount_eur: moet een getal zijn (zonder €-teken of punten als duizendtalscheiding); bedoel je 1200?",
    ),
    "euro-text": (plus(COST.format('"€ 1.200"')), "19: costs[0].amount_eur: moet een getal zijn"),
    "octal": (plus(FIGURE.format("017")), f"20: '017' {NUMBER}"),
    "hexadecimal": (plus(FIGURE.format("0x1F")), f"20: '0x1F' {NUMBER}"),
    "underscores": (plus(COST.format("1_000")), f"19: '1_000' {NUMBER}"),
    "sexagesimal": (plus(FIGURE.format("1:30")), f"20: '1:30' {NUMBER}"),
    "exponent": (plus(FIGURE.format("1.5e+3")), f"20: '1.5e+3' {NUMBER}"),
    "negative-amount": (plus(COST.format("-5")), "19: costs[0].amount_eur: moet minstens 0 zijn"),
    "year-as-text": (plus(PERIOD.format('"2019"')), "19: period.start: moet een geheel getal zijn"),
    "year-as-float": (plus(PERIOD.format("2019.5")), "19: period.start: moet een geheel getal zijn"),
    "year-out-of-range": (plus(PERIOD.format("20190")), "19: period.start: mag hoogstens 2100 zijn"),
    "flag-as-text": (plus("period:\n  wording: x\n  ongoing: 'ja'\n"), "19: period.ongoing: moet true of false zijn"),
    # YAML mistakes an editor makes, with Dutch help.
    "colon-in-text": (
        replace("summary: Alleen de verplichte velden.", "summary: Let op: alleen de verplichte velden."),
        "2: een dubbele punt gevolgd door een spatie",
    ),
    "tab-indent": (replace("  level: bedrijf", "\tlevel: bedrijf"), "10: een tab om in te springen; YAML springt alleen in met spaties"),
    "bad-indent": (replace("  basis: editors", " basis: editors"), "13: de inspringing klopt niet"),
    "curly-quotes": (
        replace("summary: Alleen de verplichte velden.", "summary: “Let op: verplicht”"),
        "2: een dubbele punt gevolgd door een spatie (': ') in tekst zonder aanhalingstekens; zet de hele tekst tussen rechte aanhalingstekens"
        ' ("…"). Deze regel bevat krullende aanhalingstekens',
    ),
    "percent-start": (replace("summary: Alleen de verplichte velden.", "summary: %50 van de deelnemers"), "2: een waarde mag niet beginnen met '%'"),
    "at-start": (replace("summary: Alleen de verplichte velden.", "summary: @werk in de zorg"), "2: een waarde mag niet beginnen met '@'"),
    "backtick-start": (replace("summary: Alleen de verplichte velden.", "summary: `code`"), "2: een waarde mag niet beginnen met '`'"),
    "unclosed-quote": (
        replace("summary: Alleen de verplichte velden.", "summary: 'Alleen de verplichte velden."),
        "2: een aanhalingsteken wordt geopend maar nergens gesloten",
    ),
    "unclosed-list": (replace("sectors: [zorg]", "sectors: [zorg"), "7: een lijst [ … ] of mapping { … } wordt niet correct gesloten"),
    "duplicate-key": (
        replace("summary: Alleen", "title: Nog eens\nsummary: Alleen"),
        "2: het veld 'title' staat twee keer in dezelfde mapping (ook op regel 1)",
    ),
    "list-instead-of-record": ("- title: x\n", "1: een record is een mapping van velden"),
    "empty-file": ("", "1: een record is een mapping van velden"),
    "only-a-comment": ("# nog in te vullen\n", "1: een record is een mapping van velden"),
    "number-as-key": (plus("2019: x\n"), "17: een veldnaam moet tekst zijn"),
    "list-as-key": (plus("? [a, b]\n: x\n"), "17: een veldnaam moet tekst zijn"),
    # One-line fields and look-alike text.
    "carriage-return-in-title": (replace("title: Minimale praktijk", 'title: "Minimale\\r# praktijk"'), "1: title: moet op één regel passen"),
    "line-separator-in-summary": (replace("summary: Alleen de verplichte velden.", 'summary: "Alleen\\u2028# kop"'), "2: summary: moet op één regel passen"),
    "newline-in-organisation": (
        replace("organisations: [Een organisatie]", 'organisations: ["Een\\norganisatie"]'),
        "8: coordination.organisations[0]: moet op één regel passen",
    ),
    "newline-in-contact": (plus('contacts:\n  - name: "Jan\\n# Kop {: onclick=x}"\n'), "18: contacts[0].name: moet op één regel passen"),
    "email-with-subject": (
        plus("contacts:\n  - email: jan@voorbeeld.be?subject=hallo\n"),
        "18: contacts[0].email: 'jan@voorbeeld.be?subject=hallo' is geen geldig e-mailadres",
    ),
    "email-with-ampersand": (plus("contacts:\n  - email: jan&bcc=x@voorbeeld.be\n"), "18: contacts[0].email:"),
    "mailto-with-headers": (
        plus("links:\n  - url: mailto:jan@voorbeeld.be?cc=a@b.be\n"),
        "18: links[0].url: 'mailto:jan@voorbeeld.be?cc=a@b.be' is geen geldige link",
    ),
    "javascript-link": (plus("links:\n  - url: javascript:alert(1)\n"), "18: links[0].url: 'javascript:alert(1)' is geen geldige link"),
    "data-link": (plus("links:\n  - url: 'data:text/html,<script>alert(1)</script>'\n"), "18: links[0].url:"),
    "link-with-space": (plus("links:\n  - url: 'https://voorbeeld.be/a b'\n"), "18: links[0].url:"),
    "unknown-fields-mass": (plus("".join(f"veld{i}: x\n" for i in range(2000))), "… en nog"),
    "wrong-type-nested": (replace("organisations: [Een organisatie]", "organisations: {a: b}"), "8: coordination.organisations: moet een lijst zijn"),
}


def write(folder, name: str, content: str | bytes):
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_the_corpus_is_large_enough():
    assert len(CASES) + len(FILE_CASES) >= 80


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_record_gets_its_dutch_message(tmp_path, name):
    content, expected = CASES[name]
    path = write(tmp_path, "vijandig.yaml", content)
    item, problems = load_practice(path)
    assert item is None
    messages = [str(problem).removeprefix(f"{path}:") for problem in problems]
    assert any(message.lstrip().startswith(expected) for message in messages), f"{expected!r} not in {messages}"


def test_hostile_records_are_refused_by_the_cli_without_a_traceback(tmp_path):
    """All cases at once through `praktijken validate`: exit code 1, a FOUT line for each file, no
    Python traceback; one broken file does not hide the others' problems."""
    folder = tmp_path / "practices"
    folder.mkdir()
    for number, (content, _) in enumerate(CASES.values()):
        write(folder, f"geval-{number:03d}.yaml", content)
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "validate"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert all(f"geval-{number:03d}.yaml" in result.output for number in range(len(CASES)))


def test_a_large_bad_record_costs_time_and_output_in_proportion(tmp_path):
    """A record of nearly a megabyte of unknown fields: a few seconds, a few lines of output."""
    text = MINIMAL + "".join(f"veld{i}: waarde\n" for i in range(70_000))
    path = write(tmp_path, "groot.yaml", text[: MAX_BYTES - 10])
    started = time.monotonic()
    _, problems = load_practice(path)
    assert time.monotonic() - started < 60
    assert 1 < len(problems) <= 21 and sum(len(str(p)) for p in problems) < 20_000


# Files the records folder may hold: each (name, how to make it) and the message.
def _symlink_outside(folder, name):
    secret = folder.parent / "geheim.txt"
    secret.write_text("title: GEHEIM uit een ander bestand\n", encoding="utf-8")
    os.symlink(secret, folder / name)


def _symlink_dangling(folder, name):
    os.symlink(folder / "bestaat-niet.yaml", folder / name)


def _symlink_loop(folder, name):
    os.symlink(folder / name, folder / name)


def _fifo(folder, name):
    os.mkfifo(folder / name)


def _directory(folder, name):
    (folder / name).mkdir()


def _too_large(folder, name):
    (folder / name).write_text(MINIMAL + "description: " + "x" * MAX_BYTES + "\n", encoding="utf-8")


def _plain(folder, name):
    (folder / name).write_text(MINIMAL, encoding="utf-8")


FILE_CASES = {
    "symlink-outside": ("link.yaml", _symlink_outside, "is een symbolische link"),
    "symlink-dangling": ("weg.yaml", _symlink_dangling, "is een symbolische link"),
    "symlink-loop": ("lus.yaml", _symlink_loop, "is een symbolische link"),
    "fifo": ("pijp.yaml", _fifo, "is geen gewoon bestand"),
    "directory": ("map.yaml", _directory, "is geen gewoon bestand"),
    "too-large": ("groot.yaml", _too_large, "het bestand is te groot"),
    "upper-case-extension": ("hoofdletters.YAML", _plain, "de bestandsnaam eindigt op '.YAML'; een record eindigt op .yaml"),
    "yml-extension": ("kort.yml", _plain, "de bestandsnaam eindigt op '.yml'"),
    "newline-in-name": ("twee\nregels.yaml", _plain, "de bestandsnaam 'twee\\nregels' is geen geldige slug"),
    "escape-in-name": ("kleur\x1b[31m.yaml", _plain, "de bestandsnaam 'kleur\\x1b[31m' is geen geldige slug"),
    "long-name": ("a" * 200 + ".yaml", _plain, "is geen geldige slug"),
    "reserved-slug": ("index.yaml", _plain, "de slug 'index' is voorbehouden"),
    "capitals-in-name": ("Mijn-Praktijk.yaml", _plain, "is geen geldige slug"),
}


@pytest.mark.parametrize("name", list(FILE_CASES))
def test_hostile_file_gets_its_dutch_message_and_is_never_followed(tmp_path, name):
    filename, make, expected = FILE_CASES[name]
    folder = tmp_path / "practices"
    folder.mkdir()
    make(folder, filename)
    paths = practice_files(folder)
    assert paths, "the file must be reported, not skipped"
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "validate"])  # never hangs on a pipe
    assert result.exit_code == 1
    assert expected in result.output
    assert "GEHEIM" not in result.output
    assert "\x1b" not in result.output and "twee\nregels" not in result.output


def test_a_file_named_on_the_command_line_gets_the_same_checks(tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    _too_large(folder, "groot.yaml")
    _symlink_outside(folder, "link.yaml")
    _fifo(folder, "pijp.yaml")
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "validate", *(str(folder / n) for n in ("groot.yaml", "link.yaml", "pijp.yaml"))])
    assert result.exit_code == 1
    assert "het bestand is te groot" in result.output and "is een symbolische link" in result.output and "is geen gewoon bestand" in result.output


def test_titles_that_differ_only_in_invisible_characters_are_duplicates(tmp_path):
    first = write(tmp_path, "eerste.yaml", MINIMAL)
    second = write(tmp_path, "tweede.yaml", replace("title: Minimale praktijk", "title: Minimale\u200b praktijk"))
    third = write(tmp_path, "derde.yaml", replace("title: Minimale praktijk", "title: Ｍinimale praktijk"))  # a full-width M
    result = load_practices([first, second, third])
    assert [(p.path.name, p.field) for p in result.problems] == [("tweede.yaml", "title"), ("derde.yaml", "title")]
    assert "is al in gebruik door" in result.problems[0].message


def test_organisations_that_would_share_a_page_must_be_written_alike(tmp_path):
    first = write(tmp_path, "eerste.yaml", MINIMAL.replace("[Een organisatie]", "[Agentschap I&O]"))
    second = write(tmp_path, "tweede.yaml", replace("title: Minimale praktijk", "title: Andere").replace("[Een organisatie]", "[Agentschap I/O]"))
    third = write(tmp_path, "derde.yaml", replace("title: Minimale praktijk", "title: Derde").replace("[Een organisatie]", "[agentschap i&o]"))
    problems = load_practices([first, second, third]).problems
    assert [(p.path.name, p.field) for p in problems] == [("tweede.yaml", "coordination.organisations[0]")]
    assert "krijgt dezelfde pagina als 'Agentschap I&O'" in problems[0].message


def test_a_missing_records_folder_is_a_dutch_message(tmp_path):
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "validate"])
    assert result.exit_code == 1 and "bestaat niet" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "slug, expected",
    [
        ("index", "de slug 'index' is voorbehouden"),
        ("a" * 81, "is geen geldige slug"),
        ("twee\nregels", "'twee\\nregels' is geen geldige slug"),
        ("kleur\x1b[31m", "'kleur\\x1b[31m' is geen geldige slug"),
        ("../buiten", "'../buiten' is geen geldige slug"),
    ],
)
def test_new_refuses_a_slug_that_cannot_be_a_record(tmp_path, slug, expected):
    result = CliRunner().invoke(main, ["--project", str(tmp_path), "new", slug])
    assert result.exit_code == 1 and expected in result.output
    assert "\x1b" not in result.output
    assert not (tmp_path / "practices").exists() or list((tmp_path / "practices").iterdir()) == []


def test_new_never_writes_through_a_link_or_over_a_record(tmp_path):
    outside = tmp_path / "buiten"
    outside.mkdir()
    (tmp_path / "project").mkdir()
    os.symlink(outside, tmp_path / "project" / "practices")  # practices/ itself points elsewhere
    result = CliRunner().invoke(main, ["--project", str(tmp_path / "project"), "new", "nieuw"])
    assert result.exit_code == 1 and "geen gewone map" in result.output and list(outside.iterdir()) == []
    os.unlink(tmp_path / "project" / "practices")
    (tmp_path / "project" / "practices").mkdir()
    os.symlink(outside / "doel.yaml", tmp_path / "project" / "practices" / "nieuw.yaml")  # a dangling link in its place
    result = CliRunner().invoke(main, ["--project", str(tmp_path / "project"), "new", "nieuw"])
    assert result.exit_code == 1 and "bestaat al" in result.output and not (outside / "doel.yaml").exists()
