"""Reading one YAML record safely: size, encoding, syntax, duplicate keys, aliases, nesting.

Size, encoding and nesting depth are checked on the raw text before any parsing. LibYAML's
parser then composes the node tree (fast, with a line for every node), and the constructor
refuses aliases and duplicate keys as it turns the tree into Python data, so an alias bomb
is stopped at its first reuse. ``line_of`` walks the same tree to the line of a field named in
a validation error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_FLOW_DEPTH = 32
MAX_INDENT = 64

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML without LibYAML
    _BaseLoader = yaml.SafeLoader

_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_IMPLICIT = {first: tuple(resolvers) for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()}


class _Loader(_BaseLoader):
    """The safe loader with a quicker tag resolver: the same implicit rules (numbers, booleans,
    null, dates), looked up by first character, without path resolvers (YAML 1.1 leaves them
    optional and the safe loader defines none). The parser calls it for every node."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR_TAG
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


@dataclass(frozen=True)
class ParsedYaml:
    data: Any
    root: yaml.Node | None

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


_ALIAS = "YAML-ankers en -aliassen (& en *) zijn niet toegestaan in een record; schrijf de waarde uit"


def _construct(node: yaml.Node, loader, seen: set[int]) -> Any:
    """Python data from LibYAML's node tree, refusing aliases (a node met twice) and duplicate keys.

    Plain strings, mappings and lists are built directly; other scalars (numbers, booleans, null)
    go through PyYAML's safe constructor."""
    if id(node) in seen:
        raise YamlProblem(_ALIAS, node.start_mark.line + 1)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR_TAG else loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loader, seen) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        mapping: dict = {}
        lines: dict = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, loader, seen)
            if isinstance(key, (list, dict)):
                raise YamlProblem("een veldnaam moet tekst zijn", key_node.start_mark.line + 1)
            if key in mapping:
                raise YamlProblem(
                    f"het veld {key!r} staat twee keer in dezelfde mapping (ook op regel {lines[key]})", key_node.start_mark.line + 1
                )
            lines[key] = key_node.start_mark.line + 1
            mapping[key] = _construct(value_node, loader, seen)
        return mapping
    return loader.construct_object(node, deep=True)


def parse_yaml(raw: bytes) -> ParsedYaml:
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"het bestand is te groot ({len(raw):,} bytes); een record mag hoogstens {MAX_BYTES:,} bytes zijn".replace(",", "."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"het bestand is geen geldige UTF-8-tekst (byte {exc.start}); sla het op als UTF-8", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_shape(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = _construct(root, loader, set()) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context = f" ({exc.context}, begonnen op regel {exc.context_mark.line + 1})"
        raise YamlProblem(f"ongeldige YAML: {exc.problem or exc.context}{context}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"ongeldige YAML: {exc}") from None
    finally:
        loader.dispose()
    return ParsedYaml(data, root)


_DEEP_INDENT = re.compile(r"(?m)^ {%d,}" % (MAX_INDENT + 1))
_BRACKET = re.compile(r"[\[\]{}]")


def _check_shape(text: str) -> None:
    """Refuse nesting too deep to parse safely, before the parser sees it."""
    deep = _DEEP_INDENT.search(text)
    if deep:
        raise YamlProblem(f"te diep genest of ingesprongen (meer dan {MAX_INDENT} spaties)", text.count("\n", 0, deep.start()) + 1)
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise YamlProblem("te diep geneste lijsten of mappings", text.count("\n", 0, match.start()) + 1)
        else:
            depth = max(0, depth - 1)


def _child(node: yaml.Node | None, part: str | int) -> tuple[int, yaml.Node] | None:
    """The line and node of ``part`` within ``node``; for a field, the line of its key."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key.start_mark.line + 1, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None
