"""The two ways a record's YAML is read give the same data.

The quick path (rapidyaml) must either give exactly what the full path (PyYAML) gives, or decline
and leave the record to the full path; it may never accept a file the full path refuses.
"""

from __future__ import annotations

import random

import pytest

from generator import yamlfile
from generator.loader import load_practice
from generator.yamlfile import YamlProblem, parse_yaml

from .conftest import RECORDS, ROOT

PRACTICES = sorted((ROOT / "practices").glob("*.yaml"))
ALL_RECORDS = PRACTICES + sorted(RECORDS.glob("*/*.yaml"))

# Values where YAML 1.1 (PyYAML) and YAML 1.2 (rapidyaml) part ways, and syntax either may refuse.
TRICKY = [
    "a: 1", "a: -1", "a: 1.5", "a: 1.", "a: .5", "a: -.5", "a: +.5", "a: 1e3", "a: 1.5e3", "a: 1.5e+3", "a: 1_000",
    "a: 017", "a: 0x1F", "a: 0b101", "a: 0o17", "a: +1", "a: 1:30", "a: 12345678901234567890", "a: .inf", "a: -.Inf",
    "a: .nan", "a: yes", "a: No", "a: on", "a: OFF", "a: y", "a: True", "a: TRUE", "a: true", "a: false", "a: ~",
    "a: null", "a: Null", "a:", "a: 2019-01-01", "a: 2019-01-01 10:00:00", "a: 2019", "a: '2019'", 'a: "2019"',
    "a: 'true'", "a: ''", 'a: ""', "a: 'it''s'", 'a: "x\\ty"', 'a: "\\u00e9"', 'a: "\\N"', "a: é ü", "a: €1",
    "a: x\n  y\n\n  z", "a: 'x\n\n  y'", 'a: "x\n  y"', "a: |\n  x\n  y\n", "a: >\n  x\n  y\n", "a: |-\n  x\n",
    "a: >+\n  x\n\n", "a: |2\n   x\n", "a: [1, '2', x, [y]]", "a: {b: c, d: [1]}", "a: []\nb: {}", "- a\n- b", "x", "",
    "# only a comment\n", "a: b\na: c", "a: &x 1\nb: *x", "a: !!str 1", "a: !x y", "a: b: c", "a: [", "a: 'open",
    'a: "open', "\ta: 1", "a:\n\t- 1", "a: 1\r\nb: 2\r\n", "? a\n: b", "? [a]\n: b", "- ? a\n  : b", "a: -", "a: - x",
    "1: a", "2019: a", "'2019': a", "yes: a", "a: {1: x}", "--- \na: 1", "a: 1\n...\n", "a: 1\n---\nb: 2", "%YAML 1.1\n---\na: 1",
    "a: <<", "<<: {a: 1}", "a: =", "a: R & D", "a: R&D", "a: zie *hier*", "a: Let op!", "a: x # comment", "a: x#y",
    "a: 'x # y'", "a: x:y", "a: 'x: y'", "a: http://x.be/?a=1&b=2", "a: mail@x.be", "a: Waarom? Daarom.",
    "a:\n  - b: 1\n    c: [2, 3]\n  - d", "a: x\n b", "a:\n  b\n c", "a: 'x\" y'", 'a: "x\' y"', "a: x\u2028y", "a: x\x85y",
]


def assert_same_or_declined(raw: str) -> bool:
    """True when the quick path read the text; it must then agree with the full path exactly."""
    try:
        text = yamlfile._checked_text(raw.encode("utf-8"))
    except YamlProblem:  # refused (size, depth) before either parser runs
        return False
    quick = yamlfile._quick_data(text)
    if quick is yamlfile._DECLINED:
        return False
    try:
        expected = yamlfile._compose(text)[1]
    except YamlProblem as problem:
        expected = problem
    assert not isinstance(expected, YamlProblem), f"quick path accepted what PyYAML refuses: {text!r} ({expected.message})"
    assert repr(quick) == repr(expected), f"{text!r}: quick {quick!r} != full {expected!r}"
    return True


@pytest.mark.skipif(yamlfile.ryml is None, reason="rapidyaml is not installed")
def test_quick_path_reads_the_records_as_pyyaml_does():
    text_of = {path: path.read_bytes().decode("utf-8", "replace") for path in ALL_RECORDS}
    quick = [path.name for path, text in text_of.items() if assert_same_or_declined(text)]
    # Declining everything would pass the check above: most records must take the quick path.
    assert len(quick) >= 0.9 * len(PRACTICES)


@pytest.mark.skipif(yamlfile.ryml is None, reason="rapidyaml is not installed")
@pytest.mark.parametrize("text", TRICKY)
def test_quick_path_agrees_or_declines_on_tricky_yaml(text):
    assert_same_or_declined(text)


def damaged_records(seed: int, count: int):
    """Records damaged at random: characters that mean something in YAML inserted, lines dropped or
    indented."""
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in PRACTICES[:40]]
    pieces = [":", ": ", "- ", "'", '"', "[", "]", "{", "}", ",", "#", " #", "&a ", "*a", "!", "|", ">", "?", " ", "  ",
              "\n", "\n  ", "yes", "~", "1_0", "-.5", "0x1", "2019-01-01", "null", "\\", "%", "---\n", "@", "`",
              "\t", "\x07", "\x7f", "\x9f", "\xa0", "\u2028", "\ufeff", "é"]
    for _ in range(count):
        lines = rng.choice(texts).split("\n")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(lines))
            action = rng.random()
            if action < 0.6:
                column = rng.randint(0, len(lines[at]))
                lines[at] = lines[at][:column] + rng.choice(pieces) + lines[at][column:]
            elif action < 0.8:
                del lines[at]
            else:
                lines[at] = " " * rng.randint(1, 4) + lines[at]
        yield "\n".join(lines)


@pytest.mark.skipif(yamlfile.ryml is None, reason="rapidyaml is not installed")
def test_quick_path_agrees_or_declines_on_damaged_records():
    """The quick path never reads a damaged record differently from PyYAML, or more leniently."""
    read_quickly = sum(assert_same_or_declined(text) for text in damaged_records(seed=20261123, count=600))
    assert read_quickly > 100  # damage that is still valid YAML is read quickly too


def test_a_record_read_quickly_still_gets_lines_in_its_errors(tmp_path):
    record = (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8")
    lines = record.splitlines()
    title_line = next(number for number, line in enumerate(lines, 1) if line.startswith("title:"))
    broken = tmp_path / "minimaal.yaml"
    broken.write_text(record.replace("title:", "titel:"), encoding="utf-8")
    assert yamlfile._quick_data(broken.read_text(encoding="utf-8")) is not yamlfile._DECLINED or yamlfile.ryml is None
    _, problems = load_practice(broken)
    assert any(problem.line == title_line and problem.field == "titel" for problem in problems), problems


def test_broken_yaml_leaves_nothing_on_stderr_but_our_message(capfd):
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(b"title: [Praktijk\nsummary: x\n")
    assert raised.value.line is not None
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_same_data_with_or_without_the_quick_path(monkeypatch):
    path = RECORDS / "valid" / "volledig-voorbeeld.yaml"
    quick = parse_yaml(path.read_bytes()).data
    monkeypatch.setattr(yamlfile, "ryml", None)
    assert parse_yaml(path.read_bytes()).data == quick
