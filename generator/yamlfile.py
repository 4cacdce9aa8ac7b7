"""Reading one YAML record safely: size, encoding, syntax, duplicate keys, aliases, nesting.

PyYAML's LibYAML parser composes the node tree (fast, with a line for every node); we check
the tree before turning it into Python data, so hostile input is refused before it costs
anything. ``line_of`` walks the same tree to the line of a field named in a validation error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1_000_000
MAX_DEPTH = 12
MAX_FLOW_DEPTH = 32
MAX_INDENT = 200

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without LibYAML
    _Loader = yaml.SafeLoader


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
        if root is not None:
            _check_tree(root)
        data = loader.construct_document(root) if root is not None else None
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


def _check_shape(text: str) -> None:
    """Refuse nesting too deep to parse safely before the parser sees it."""
    depth = deepest = 0
    for line_number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT:
            raise YamlProblem(f"te diep ingesprongen ({indent} spaties); een record is niet zo diep genest", line_number)
        for char in line:
            if char in "[{":
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_FLOW_DEPTH:
                    raise YamlProblem("te diep geneste lijsten of mappings", line_number)
            elif char in "]}":
                depth = max(0, depth - 1)


def _check_tree(root: yaml.Node) -> None:
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise YamlProblem("YAML-ankers en -aliassen (& en *) zijn niet toegestaan in een record; schrijf de waarde uit", line)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlProblem(f"te diep genest (meer dan {MAX_DEPTH} niveaus)", line)
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        raise YamlProblem(
                            f"het veld {key.value!r} staat twee keer in dezelfde mapping (ook op regel {keys[key.value]})",
                            key.start_mark.line + 1,
                        )
                    keys[key.value] = key.start_mark.line + 1
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


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
