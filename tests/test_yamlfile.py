"""Reading YAML: whatever a file holds, the loader gives plain data or a Dutch ``YamlProblem``,
never another exception, and never reads a value other than the editor wrote it."""

from __future__ import annotations

import random

import pytest

from generator.loader import load_practice, load_practices
from generator.yamlfile import YamlProblem, parse_yaml

from .conftest import RECORDS, ROOT

PRACTICES = sorted((ROOT / "practices").glob("*.yaml"))

# Values where YAML 1.1 (PyYAML) and YAML 1.2 (rapidyaml) part ways, and syntax either may refuse.
TRICKY = [
    "a: 1",
    "a: -1",
    "a: 1.5",
    "a: 1.",
    "a: .5",
    "a: -.5",
    "a: +.5",
    "a: 1e3",
    "a: 1.5e3",
    "a: 1.5e+3",
    "a: 1_000",
    "a: 017",
    "a: 0x1F",
    "a: 0b101",
    "a: 0o17",
    "a: +1",
    "a: 1:30",
    "a: 12345678901234567890",
    "a: .inf",
    "a: -.Inf",
    "a: .nan",
    "a: yes",
    "a: No",
    "a: on",
    "a: OFF",
    "a: y",
    "a: True",
    "a: TRUE",
    "a: true",
    "a: false",
    "a: ~",
    "a: null",
    "a: Null",
    "a:",
    "a: 2019-01-01",
    "a: 2019-01-01 10:00:00",
    "a: 2019",
    "a: '2019'",
    'a: "2019"',
    "a: 'true'",
    "a: ''",
    'a: ""',
    "a: 'it''s'",
    'a: "x\\ty"',
    'a: "\\u00e9"',
    'a: "\\N"',
    "a: é ü",
    "a: €1",
    "a: x\n  y\n\n  z",
    "a: 'x\n\n  y'",
    'a: "x\n  y"',
    "a: |\n  x\n  y\n",
    "a: >\n  x\n  y\n",
    "a: |-\n  x\n",
    "a: >+\n  x\n\n",
    "a: |2\n   x\n",
    "a: [1, '2', x, [y]]",
    "a: {b: c, d: [1]}",
    "a: []\nb: {}",
    "- a\n- b",
    "x",
    "",
    "# only a comment\n",
    "a: b\na: c",
    "a: &x 1\nb: *x",
    "a: !!str 1",
    "a: !x y",
    "a: b: c",
    "a: [",
    "a: 'open",
    'a: "open',
    "\ta: 1",
    "a:\n\t- 1",
    "a: 1\r\nb: 2\r\n",
    "? a\n: b",
    "? [a]\n: b",
    "- ? a\n  : b",
    "a: -",
    "a: - x",
    "1: a",
    "2019: a",
    "'2019': a",
    "yes: a",
    "a: {1: x}",
    "--- \na: 1",
    "a: 1\n...\n",
    "a: 1\n---\nb: 2",
    "%YAML 1.1\n---\na: 1",
    "a: <<",
    "<<: {a: 1}",
    "a: =",
    "a: R & D",
    "a: R&D",
    "a: zie *hier*",
    "a: Let op!",
    "a: x # comment",
    "a: x#y",
    "a: 'x # y'",
    "a: x:y",
    "a: 'x: y'",
    "a: http://x.be/?a=1&b=2",
    "a: mail@x.be",
    "a: Waarom? Daarom.",
    "a:\n  - b: 1\n    c: [2, 3]\n  - d",
    "a: x\n b",
    "a:\n  b\n c",
    "a: 'x\" y'",
    'a: "x\' y"',
    "a: x\u2028y",
    "a: x\x85y",
]


def data_or_problem(text: str):
    try:
        return parse_yaml(text.encode("utf-8")).data
    except YamlProblem as problem:
        assert problem.message and "Traceback" not in problem.message
        return problem


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_gives_data_or_a_dutch_problem(text):
    data_or_problem(text)


def test_what_tricky_yaml_reads_as():
    read = {text: data_or_problem(text) for text in TRICKY}
    assert read["a: 1"] == {"a": 1} and read["a: 1.5"] == {"a": 1.5} and read["a: yes"] == {"a": True}
    assert read["a: '2019'"] == {"a": "2019"} and read["a: x # comment"] == {"a": "x"}
    for refused in ("a: 017", "a: 0x1F", "a: 1:30", "a: 1_000", "a: .inf", "a: .nan", "a: &x 1\nb: *x", "a: !x y", "<<: {a: 1}", "a: b\na: c"):
        assert isinstance(read[refused], YamlProblem), refused


def damaged_records(seed: int, count: int):
    """Records damaged at random: characters that mean something in YAML inserted, lines dropped or
    indented."""
    rng = random.Random(seed)
    texts = [path.read_text(encoding="utf-8") for path in PRACTICES[:40]]
    pieces = [
        ":",
        ": ",
        "- ",
        "'",
        '"',
        "[",
        "]",
        "{",
        "}",
        ",",
        "#",
        " #",
        "&a ",
        "*a",
        "!",
        "|",
        ">",
        "?",
        " ",
        "  ",
        "\n",
        "\n  ",
        "yes",
        "~",
        "1_0",
        "-.5",
        "0x1",
        "2019-01-01",
        "null",
        "\\",
        "%",
        "---\n",
        "@",
        "`",
        "\t",
        "\x07",
        "\x7f",
        "\x9f",
        "\xa0",
        "\u2028",
        "\ufeff",
        "é",
    ]
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


def test_damaged_records_give_data_or_a_dutch_problem(tmp_path):
    """600 records damaged at random (fixed seed): each loads, or gets Dutch problems with a line; no
    exception escapes the loader."""
    paths = []
    for number, text in enumerate(damaged_records(seed=20261123, count=600)):
        path = tmp_path / f"kapot-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    result = load_practices(paths)
    assert all(problem.message for problem in result.problems)
    assert len(result.practices) + len({problem.path for problem in result.problems}) >= len(paths)


def test_a_broken_field_gets_its_line(tmp_path):
    record = (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8")
    lines = record.splitlines()
    title_line = next(number for number, line in enumerate(lines, 1) if line.startswith("title:"))
    broken = tmp_path / "minimaal.yaml"
    broken.write_text(record.replace("title:", "titel:"), encoding="utf-8")
    _, problems = load_practice(broken)
    assert any(problem.line == title_line and problem.field == "titel" for problem in problems), problems


def test_broken_yaml_leaves_nothing_on_stderr_but_our_message(capfd):
    with pytest.raises(YamlProblem) as raised:
        parse_yaml(b"title: [Praktijk\nsummary: x\n")
    assert raised.value.line is not None
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
