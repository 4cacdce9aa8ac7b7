"""The one form every record file is written in (``praktijken fmt``).

This module is a port of the ``yaml`` npm package 1.10.3 (``new Document()`` with
``createNode(data)``, then ``toString()``) with ``lineWidth`` 0, plus the two YAML 1.1 rules
below. The web editor (Decap CMS 3.16) writes records in exactly this form: not with Decap's
built-in ``yaml`` format (the same package with its defaults, which folds lines at 80 columns and
writes multi-line text with a long line as a folded ``>`` block), but with our custom format
``praktijk-yaml`` (``admin/praktijken-yaml.js``, registered with ``CMS.registerCustomFormat``;
``generator/admin.py`` sets it in the collection's config), which runs that package (copied
into ``site/admin/yaml/`` by the build) with ``lineWidth`` 0 and the same two YAML 1.1 rules. So
saving a record through the form changes only the lines of the fields that were edited, and a
record saved through the form passes ``praktijken fmt --check`` (``tests/test_admin.py`` runs the
form's writer in node on every record; ``tests/test_admin_browser.py`` edits records in the form):

- the first line is ``MODELINE`` (comments are not kept: ``fmt`` writes it, the form writes it from
  the ``comment`` of the title field in ``admin/config.yml``), no other comments;
- keys in the order of the fields of the Pydantic models (``models.Practice``), unknown keys after;
- block style, 2 spaces, list items indented under their key (``key:`` / ``  - item``), empty
  lists and mappings as ``[]`` and ``{}``;
- strings plain where YAML reads them back as the same text, else in double quotes (single quotes
  when the text holds ``"`` and no ``'``); text over several lines as a literal block (``|``,
  ``|-`` without a final line break); lines are never folded (``lineWidth`` 0);
- strengths, challenges, conditions and procedure steps always as a mapping with ``text``.

Two differences from the npm writer alone, both where YAML 1.1 (PyYAML, our loader) reads text
differently from YAML 1.2: ``"NO"``, ``"yes"``, ``"on"``, ``"2020-01-01"`` and the like are
quoted (a date, such as ``reviewed``, stays a plain ``2026-11-30``: the form knows its date
fields); and line separators (U+2028, U+2029, U+FEFF) are written as escapes. The form's format
applies both rules too.

``canonical_text`` checks that the text it writes reads back as the same data and refuses
otherwise, so ``fmt`` never changes what a record says.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .loader import _model_in, read_record
from .models import Point, Practice, Step
from .yamlfile import _STR_TAG, YamlProblem, _implicit_tag, parse_yaml

MODELINE = "# yaml-language-server: $schema=../generator/practice.schema.json"
INDENT = "  "
TEXT_ITEMS = (Point, Step)  # list items of these models written as plain text mean {"text": ...}


class FormatError(Exception):
    """The data cannot be written in the canonical form without changing it."""


def canonical_data(data: Any, model: type[BaseModel] | None = Practice) -> Any:
    """``data`` with the keys of every mapping in model order and plain-string list items of
    strengths, challenges, conditions and procedure as ``{"text": ...}``."""
    if isinstance(data, dict) and model is not None:
        fields = model.model_fields
        ordered = [key for key in fields if key in data] + [key for key in data if key not in fields]
        return {key: canonical_data(data[key], _model_in(fields[key].annotation) if key in fields else None) for key in ordered}
    if isinstance(data, list):
        if model in TEXT_ITEMS:
            data = [{"text": item} if isinstance(item, str) else item for item in data]
        return [canonical_data(item, model) for item in data]
    if isinstance(data, dict):
        return {key: canonical_data(value, None) for key, value in data.items()}
    return data


def canonical_text(data: Any) -> str:
    """The canonical file text of a record's data (as ``yamlfile.parse_yaml`` reads it)."""
    data = canonical_data(data)
    text = f"{MODELINE}\n{dump(data)}"
    if parse_yaml(text.encode("utf-8")).data != data:  # a safety net: never write different data
        raise FormatError("de vaste vorm zou de gegevens veranderen; het bestand wordt niet herschreven")
    return text


def dump(data: Any) -> str:
    """YAML text of plain data (mappings with text keys, lists, text, numbers, booleans, null)."""
    if isinstance(data, dict) and data:
        return _mapping(data, "")
    if isinstance(data, list) and data:
        return _sequence(data, "")
    return _scalar(data, "") + "\n"


def _mapping(data: dict, indent: str) -> str:
    out = []
    for key, value in data.items():
        out.append(f"{indent}{_key(key)}:{_value(value, indent + INDENT)}")
    return "".join(out)


def _sequence(data: list, indent: str) -> str:
    out = []
    for item in data:
        if isinstance(item, dict) and item:
            out.append(f"{indent}- {_mapping(item, indent + INDENT)[len(indent) + 2 :]}")
        elif isinstance(item, list) and item:
            out.append(f"{indent}- {_sequence(item, indent + INDENT)[len(indent) + 2 :]}")
        else:
            out.append(f"{indent}- {_scalar(item, indent + INDENT)}\n")
    return "".join(out)


def _value(value: Any, indent: str) -> str:
    """What follows ``key:`` for a value whose lines are indented by ``indent``."""
    if isinstance(value, dict) and value:
        return "\n" + _mapping(value, indent)
    if isinstance(value, list) and value:
        return "\n" + _sequence(value, indent)
    return f" {_scalar(value, indent)}\n"


def _key(key: Any) -> str:
    if not isinstance(key, str):
        raise FormatError(f"een veldnaam moet tekst zijn, niet {key!r}")
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) and _plain_reads_as_text(key):
        return key
    return _double_quoted(key, "", implicit_key=True)


def _scalar(value: Any, indent: str) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FormatError(f"{value} is geen gewoon getal")
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)  # as JavaScript writes numbers
    if isinstance(value, str):
        return _string(value, indent)
    if hasattr(value, "isoformat"):  # a date YAML 1.1 read from an unquoted 2020-01-01
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    raise FormatError(f"kan {type(value).__name__} niet schrijven")


# The npm writer's rules (yaml 1.10, stringifyString.js), for a value in a block mapping or list.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NOT_PLAIN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$")
_LINE_SEPARATORS = re.compile("[\u2028\u2029\ufeff]")
_CORE_SCHEMA = re.compile(  # YAML 1.2 core schema: what a YAML 1.2 reader takes for null, a boolean or a number
    r"~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN"
)


def _plain_reads_as_text(value: str) -> bool:
    """Whether YAML 1.1 (our loader) and YAML 1.2 (the web editor) both read ``value`` unquoted as text."""
    return _implicit_tag(value) == _STR_TAG and not _CORE_SCHEMA.fullmatch(value)


def _string(value: str, indent: str) -> str:
    if _CONTROL.search(value) or _LINE_SEPARATORS.search(value):
        return _double_quoted(value, indent)
    if not value or _NOT_PLAIN.search(value):
        if "\n" in value:
            return _block(value, indent)
        return _single_quoted(value, indent) if '"' in value and "'" not in value else _double_quoted(value, indent)
    if "\n" in value:
        return _block(value, indent)
    if not _plain_reads_as_text(value):
        return _double_quoted(value, indent)
    return value


def _block(value: str, indent: str) -> str:
    """A literal block scalar (``|``), with the chomping and indentation indicators it needs."""
    if re.search(r"\n[\t ]+$", value) or not value.strip():
        return _double_quoted(value, indent)
    header, indent_size = "|", "2" if indent else "1"
    ws_end = ""
    end = re.search(r"[\n\t ]*$", value)
    assert end is not None
    trailing = end.group()
    newline = trailing.find("\n")
    if newline == -1:
        header += "-"
    elif value == trailing or newline != len(trailing) - 1:
        header += "+"
    ws_end = trailing[:-1] if trailing.endswith("\n") else trailing
    value = value[: end.start()]
    start = re.match(r"[\n ]*", value)
    assert start is not None
    leading = start.group()
    if " " in leading:
        header += indent_size
    spaces = re.search(r" +$", leading)
    if spaces:
        ws_start = leading[: -len(spaces.group())]
        value = value[len(ws_start) :]
    else:
        ws_start = leading
        value = value[len(leading) :]
    if ws_end:
        ws_end = re.sub(r"\n+(?!\n|$)", lambda m: m.group() + indent, ws_end)
    if ws_start:
        ws_start = re.sub(r"\n+", lambda m: m.group() + indent, ws_start)
    if not value:
        return f"{header}{indent_size}\n{indent}{ws_end}"
    value = re.sub(r"\n+", lambda m: m.group() + indent, value)
    return f"{header}\n{indent}{ws_start}{value}{ws_end}"


def _single_quoted(value: str, indent: str) -> str:
    if re.search(r"[ \t]\n|\n[ \t]", value):
        return _double_quoted(value, indent)
    return "'" + re.sub(r"\n+", lambda m: m.group() + "\n" + indent, value.replace("'", "''")) + "'"


_ESCAPES = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e", "0085": "\\N", "00a0": "\\_", "2028": "\\L", "2029": "\\P"}
_MIN_MULTI_LINE_LENGTH = 40


def _double_quoted(value: str, indent: str, implicit_key: bool = False) -> str:
    """JSON's string, with YAML's short escapes, and line breaks of a long text written as such."""
    text = json.dumps(value, ensure_ascii=False)
    text = _LINE_SEPARATORS.sub(lambda m: f"\\u{ord(m.group()):04x}", text[1:-1])
    text = f'"{text}"'
    out, start, i = [], 0, 0
    while i < len(text):
        ch = text[i]
        if ch == " " and text[i + 1 : i + 3] == "\\n":  # a space before a line break is escaped, or folding eats it
            out.append(text[start:i] + "\\ ")
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = text[i + 1]
            if following == "u":
                out.append(text[start:i])
                code = text[i + 2 : i + 6]
                out.append(_ESCAPES.get(code) or ("\\x" + code[2:] if code.startswith("00") else text[i : i + 6]))
                i += 5
                start = i + 1
            elif following == "n":
                if implicit_key or text[i + 2 : i + 3] == '"' or len(text) < _MIN_MULTI_LINE_LENGTH:
                    i += 1
                else:
                    out.append(text[start:i] + "\n\n")
                    while text[i + 2 : i + 4] == "\\n" and text[i + 4 : i + 5] != '"':
                        out.append("\n")
                        i += 2
                    out.append(indent)
                    if text[i + 2 : i + 3] == " ":
                        out.append("\\")
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    return "".join(out) + text[start:] if start else text


def format_file(path: Path, check: bool = False) -> bool:
    """Put one record file in the canonical form; whether it was not in it yet. With ``check``,
    nothing is written. ``YamlProblem`` or ``FormatError`` says why a file cannot be formatted."""
    raw = read_record(path)
    data = parse_yaml(raw).data
    if not isinstance(data, dict):
        raise YamlProblem("een record is een mapping van velden (zoals 'title: ...'), geen lijst of losse tekst", 1)
    text = canonical_text(data).encode("utf-8")
    if raw == text:
        return False
    if not check:
        _replace(path, text)
    return True


def _replace(path: Path, text: bytes) -> None:
    """Write ``text`` to a new file next to ``path``, then put it in its place: an interrupted run
    leaves the old record or the new one, never half of one."""
    mode = os.stat(path).st_mode & 0o777
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
