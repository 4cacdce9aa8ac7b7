"""Reading one YAML record safely: size, encoding, characters, syntax, duplicate keys, aliases,
tags, nesting and numbers, each refused with a Dutch message and its line.

LibYAML's parser (PyYAML's ``CSafeLoader``, YAML 1.1) composes the node tree, which keeps the
line of every node; ``_construct`` turns that tree into plain Python data and refuses, at the node
where they occur: aliases (an alias bomb stops at its first reuse), explicit tags (``!!int``,
``!!python/…``), merge keys, duplicate keys, nesting deeper than ``MAX_DEPTH``, impossible dates,
and numbers that are not plainly written (``1.200`` is 1.2 to every YAML parser: "bedoel je
1200?"; octal ``017``, sexagesimal ``1:30``, ``.inf``, thousands of digits). Syntax errors get a
Dutch explanation of the usual editor's mistakes (``: `` in text, tabs, curly quotes, ``%``/``@``
at the start of a value, an unclosed quote, indentation).

``line_of`` walks the tree to the line of a field named in a validation error.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 15  # what a float holds exactly

_BaseLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML's, where PyYAML has it

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar: number, boolean, null, date, or else text."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR_TAG


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader with a quicker tag resolver: the same implicit rules (numbers, booleans,
    null, dates), looked up by first character, without path resolvers (YAML 1.1 leaves them
    optional and the safe loader defines none). The parser calls it for every node."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            return _implicit_tag(value) if implicit[0] else _STR_TAG
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")

    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


class YamlProblem(Exception):
    """A record that cannot be read as YAML; ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class ParsedYaml:
    """A record's data and its node tree (for lines in error messages)."""

    def __init__(self, data: Any, root: yaml.Node | None):
        self.data = data
        self.root = root

    def line_of(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of the node at ``loc`` (a Pydantic error path), or of its nearest parent."""
        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            found = _child(node, part)
            if found is None:
                break
            line, node = found
        return line


def parse_yaml(raw: bytes) -> ParsedYaml:
    """The data of one record file, or ``YamlProblem``."""
    text = _checked_text(raw)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = _construct(root, 0, set() if "&" in text else None) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"ongeldige YAML: {exc}") from None
    finally:
        loader.dispose()
    return ParsedYaml(data, root)


# Characters no record needs and YAML refuses or misreads: C0 and C1 control characters (tab, line
# feed and carriage return allowed), DEL, and the noncharacters U+FFFE and U+FFFF.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _checked_text(raw: bytes) -> str:
    """The record's text, once size, encoding and characters allow parsing it."""
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"het bestand is te groot ({len(raw):,} bytes); een record mag hoogstens {MAX_BYTES:,} bytes zijn".replace(",", "."))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem("het bestand is opgeslagen als UTF-16; sla het op als UTF-8", 1)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"het bestand is geen geldige UTF-8-tekst (byte {exc.start}); sla het op als UTF-8", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _FORBIDDEN_CHARACTER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        hint = " (is het bestand UTF-16? sla het op als UTF-8)" if bad.group() == "\x00" else "; verwijder het"
        raise YamlProblem(f"het bestand bevat een onzichtbaar stuurteken (U+{ord(bad.group()):04X}){hint}", line)
    return text


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_ALIAS = "YAML-ankers en -aliassen (& en *) zijn niet toegestaan in een record; schrijf de waarde uit"
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")


def _construct(node: yaml.Node, depth: int, seen: set[int] | None) -> Any:
    """Plain Python data (text, numbers, booleans, null, lists, mappings) from the node tree.
    ``seen``: the nodes met so far, to refuse an alias (None when the text has no anchor, "&")."""
    if seen is not None:
        if id(node) in seen:
            raise YamlProblem(_ALIAS, _line(node))
        seen.add(id(node))
    if depth > MAX_DEPTH:
        raise YamlProblem(f"te diep geneste lijsten of mappings (meer dan {MAX_DEPTH} niveaus)", _line(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if node.tag not in (_TAG + "seq", _TAG + "map"):
        raise YamlProblem(f"YAML-tags zoals {node.tag.replace(_TAG, '!!')} zijn niet toegestaan in een record; laat de tag weg", _line(node))
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, depth + 1, seen) for item in node.value]
    mapping: dict = {}
    lines: dict = {}
    for key_node, value_node in node.value:
        if key_node.tag == _TAG + "merge":
            raise YamlProblem("de samenvoegsleutel '<<' is niet toegestaan in een record; schrijf de velden uit", _line(key_node))
        key = _construct(key_node, depth + 1, seen)
        if not isinstance(key, str):
            raise YamlProblem("een veldnaam moet tekst zijn", _line(key_node))
        if key in mapping:
            raise YamlProblem(f"het veld {key!r} staat twee keer in dezelfde mapping (ook op regel {lines[key]})", _line(key_node))
        lines[key] = _line(key_node)
        mapping[key] = _construct(value_node, depth + 1, seen)
    return mapping


def _scalar(node: yaml.ScalarNode) -> Any:
    """A scalar's value. Quoted and block scalars are text; an unquoted one is read by YAML 1.1's
    rules, but only plainly written numbers are accepted as numbers."""
    value, tag = node.value, node.tag
    if tag == _STR_TAG:
        bad = _FORBIDDEN_CHARACTER.search(value) if node.style == '"' else None
        if bad:  # written as an escape ("\x1b") in a double-quoted text
            raise YamlProblem(f"de tekst bevat een onzichtbaar stuurteken (U+{ord(bad.group()):04X}); verwijder het", _line(node))
        return value
    if tag != (_implicit_tag(value) if node.style == "" else _STR_TAG):
        raise YamlProblem(f"YAML-tags zoals {tag.replace(_TAG, '!!')} zijn niet toegestaan in een record; laat de tag weg", _line(node))
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return value.lower() in ("yes", "true", "on", "y")
    if tag in (_TAG + "int", _TAG + "float"):
        return _number(value, node)
    if tag == _TAG + "timestamp":
        try:
            return _CONSTRUCTOR.construct_yaml_timestamp(node)
        except ValueError:
            raise YamlProblem(f"{value!r} is geen bestaande datum; schrijf een datum als JJJJ-MM-DD", _line(node)) from None
    raise YamlProblem(f"{value!r} kan niet gelezen worden; zet tekst tussen aanhalingstekens", _line(node))


def _number(value: str, node: yaml.Node) -> int | float:
    digits = value.lstrip("+-")
    if THOUSANDS.fullmatch(value):
        raise YamlProblem(
            f"{value} lijkt een getal met een punt als duizendtalscheiding, maar in YAML is een punt een decimaalteken; "
            f"bedoel je {value.replace('.', '')}? Schrijf getallen zonder scheidingsteken",
            _line(node),
        )
    if len(digits) > MAX_NUMBER_DIGITS:
        raise YamlProblem(f"het getal {digits[:20]}… is te lang (hoogstens {MAX_NUMBER_DIGITS} cijfers)", _line(node))
    if _PLAIN_INT.fullmatch(value):
        return int(value)
    if _PLAIN_FLOAT.fullmatch(value):
        return float(value)
    raise YamlProblem(
        f"{value!r} is geen gewoon getal; schrijf cijfers met hoogstens één punt als decimaalteken, zoals 1200 of 2.5, of zet tekst tussen aanhalingstekens",
        _line(node),
    )


def _child(node: yaml.Node | None, part: str | int) -> tuple[int, yaml.Node] | None:
    """The line and node of ``part`` within ``node``; for a field, the line of its key."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return _line(key), value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return _line(item), item
    return None


_CURLY_QUOTES = "“”„‘’‚"


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """A Dutch message for LibYAML's syntax error, with what an editor should do."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    source_line = text.split("\n")[mark.line] if mark is not None and mark.line < text.count("\n") + 1 else None
    problem, context = exc.problem or "", exc.context or ""
    character = source_line[mark.column : mark.column + 1] if mark and source_line is not None else ""
    if "mapping values are not allowed" in problem:
        message = "een dubbele punt gevolgd door een spatie (': ') in tekst zonder aanhalingstekens; zet de hele tekst tussen rechte aanhalingstekens (\"…\")"
    elif "cannot start any token" in problem and character == "\t":
        message = "een tab om in te springen; YAML springt alleen in met spaties"
    elif "cannot start any token" in problem and character in ("%", "@", "`"):
        message = f'een waarde mag niet beginnen met {character!r}; zet de hele tekst tussen aanhalingstekens ("…")'
    elif "quoted scalar" in context and "end of stream" in problem:
        message = "een aanhalingsteken wordt geopend maar nergens gesloten; sluit het op het einde van de tekst"
        if exc.context_mark is not None:
            line = exc.context_mark.line + 1
    elif "expected a single document" in problem or "found another document" in problem:
        message = "het bestand bevat meer dan één YAML-document (een regel '---' of '...' in het midden); een record is één document"
    elif "exceeded maximum nesting depth" in problem:
        message = f"te diep geneste lijsten of mappings (meer dan {MAX_DEPTH} niveaus)"
    elif "did not find expected key" in problem or "expected <block end>" in problem or "could not find expected ':'" in problem:
        message = "de inspringing klopt niet, of een regel heeft geen 'veld: waarde'; velden op hetzelfde niveau beginnen in dezelfde kolom, met spaties"
    elif "did not find expected" in problem and "flow" in context:
        message = "een lijst [ … ] of mapping { … } wordt niet correct gesloten"
    else:
        message = f"ongeldige YAML ({problem or context})"
    if source_line is not None and any(quote in source_line for quote in _CURLY_QUOTES):
        message += ". Deze regel bevat krullende aanhalingstekens (uit Word?); YAML kent alleen rechte: \" en '"
    return YamlProblem(message, line)
