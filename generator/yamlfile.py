"""Reading one YAML record safely: size, encoding, syntax, duplicate keys, aliases, nesting.

Size, encoding and nesting depth are checked on the raw text before any parsing. Then two paths
give the same data:

- The quick path (``_quick_data``): rapidyaml's C++ parser turns a plain record (no anchors,
  aliases, tags, escapes, tabs, directives or several documents) into JSON, which Python's C
  decoder reads. It declines, and leaves the record to the full path, whenever the text holds
  anything where rapidyaml (YAML 1.2) and PyYAML (YAML 1.1) could read a value differently:
  a duplicate key, or an unquoted value such as ``yes``, ``~``, ``1_000`` or ``2019-01-01``.
  It is about twice as fast, which matters when thousands of records are loaded.
- The full path: LibYAML's parser composes the node tree (with a line for every node), and the
  constructor refuses aliases and duplicate keys as it turns the tree into Python data, so an
  alias bomb is stopped at its first reuse. Every error message comes from this path.

``line_of`` walks the full path's tree to the line of a field named in a validation error.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

try:
    import ryml
except ImportError:  # rapidyaml missing: every record takes the full path
    ryml = None

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


def _implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives an unquoted scalar: number, boolean, null, date, or else text."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR_TAG


class _Loader(_BaseLoader):
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
    """A record's data, and its node tree (lines) when an error needs it."""

    _NOT_YET = object()

    def __init__(self, data: Any, text: str, root: yaml.Node | None | object = _NOT_YET):
        self.data = data
        self.text = text
        self._root = root

    @property
    def root(self) -> yaml.Node | None:
        if self._root is ParsedYaml._NOT_YET:  # the quick path read this record: compose its tree now
            try:
                self._root = _compose(self.text)[0]
            except YamlProblem:
                self._root = None
        return self._root

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
    text = _checked_text(raw)
    data = _quick_data(text)
    if data is not _DECLINED:
        return ParsedYaml(data, text)
    root, data = _compose(text)
    return ParsedYaml(data, text, root)


def _checked_text(raw: bytes) -> str:
    """The record's text, once size, encoding and nesting depth allow parsing it."""
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
    return text


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The full path: LibYAML's node tree and the data built from it."""
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
    return root, data


_BRACKET = re.compile(r"[\[\]{}]")


def _check_shape(text: str) -> None:
    """Refuse nesting too deep to parse safely, before the parser sees it."""
    too_deep = " " * (MAX_INDENT + 1)
    deep = 0 if text.startswith(too_deep) else text.find("\n" + too_deep)
    if deep != -1:
        raise YamlProblem(f"te diep genest of ingesprongen (meer dan {MAX_INDENT} spaties)", text.count("\n", 0, deep + 1) + 1)
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


_DECLINED = object()
# Characters the quick path leaves to PyYAML: control characters (PyYAML refuses them, rapidyaml
# does not), tabs, carriage returns, the line breaks only YAML 1.1 knows, a byte order mark after
# the start, backslash escapes.
_QUICK_UNSAFE_CHARACTER = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\\\\\u2028\u2029\ufeff\ufffe\uffff]")
# What JSON writes as a number; a string that reads like one was quoted in the YAML (rapidyaml
# writes unquoted numbers as JSON numbers).
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
# ":" where a node begins (inside [...] or {...}, after another indicator, at the start of a line),
# or before the end of a node inside [...] or {...}. ":" is on every line: the patterns start with
# a literal so that the search skips quickly to the next one.
_COLON_STARTS_A_NODE = re.compile(r":(?:[,\]}]|(?<=[\[{,:\-?]:)|(?<=[\[{,:\-?] :))")
_LINE_STARTS_WITH_COLON = re.compile(r"\n *:")
_BLOCK_HEADER = re.compile(r"(?:[-+][1-9]?|[1-9][-+]?)? *")
_SAFE_KEYS: set[str] = set()  # keys already seen to be text in both parsers
_MAX_SAFE_KEYS = 1000


class _Decline(Exception):
    pass


def _quick_data(text: str) -> Any:
    """The record's data by rapidyaml, or ``_DECLINED`` (see the module's docstring)."""
    if ryml is None or not _quick_path_can_read(text):
        return _DECLINED
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(text.encode("utf-8"))
        emitted = ryml.emit_json_malloc(tree, tree.root_id())
        # Every JSON integer is a YAML 1.1 integer of the same value; floats and constants are checked.
        data = json.loads(emitted, object_pairs_hook=_quick_mapping, parse_float=_quick_float, parse_constant=_quick_decline)
        _quick_check(data)
    except Exception:  # a syntax error, or anything the two parsers could read differently
        return _DECLINED
    return data


def _quick_path_can_read(text: str) -> bool:
    """False when the text holds what rapidyaml and PyYAML may read differently, or what rapidyaml
    lets pass and PyYAML refuses: the characters above, a merge key, directives and document
    markers, an indicator where a value, key or item begins (anchors, aliases, tags, reserved
    characters, complex keys, a stray closing bracket, a block scalar without a key), a comment
    inside [...] or {...}, and a sign before a leading dot (YAML 1.1 reads "-.5" as text).
    Ordinary record text triggers none of these."""
    if _QUICK_UNSAFE_CHARACTER.search(text) or "<<" in text:
        return False
    if text.startswith(("---", "...", "%")) or any(marker in text for marker in ("\n---", "\n...", "\n%")):
        return False
    for character in "&*!@`%?}]|>":
        for position in _positions(text, character):
            if _starts_a_node(text, position, character):
                return False
    if _COLON_STARTS_A_NODE.search(text) or _LINE_STARTS_WITH_COLON.search("\n" + text):
        return False
    for position in _positions(text, " #"):
        if "[" in _line_before(text, position) or "{" in _line_before(text, position):
            return False
    return not any(text[position + 2:position + 3].isdigit() for sign in ("-.", "+.") for position in _positions(text, sign))


def _starts_a_node(text: str, position: int, character: str) -> bool:
    """Whether an indicator stands where a value, key or item begins (where rapidyaml and PyYAML
    disagree on what may follow); "|" and ">" only at the start of a line, as after a key they
    begin the block scalars both read alike."""
    before = position - 1
    while before >= 0 and text[before] == " ":
        before -= 1
    previous = text[before] if before >= 0 else "\n"
    if character in "|>":
        if previous in ":-" and before >= 0:  # a block scalar: only a well-formed header
            end = text.find("\n", position)
            return not _BLOCK_HEADER.fullmatch(text[position + 1:end if end != -1 else None])
        return previous == "\n"
    return previous in "\n:-[{,?"


def _positions(text: str, needle: str) -> Iterator[int]:
    position = text.find(needle)
    while position != -1:
        yield position
        position = text.find(needle, position + 1)


def _line_before(text: str, position: int) -> str:
    return text[text.rfind("\n", 0, position) + 1:position]


def _reads_as_other_than_text(value: str) -> bool:
    return _implicit_tag(value) != _STR_TAG


def _quick_check(value: Any) -> None:
    """Decline a string that PyYAML would read as something else if it was not quoted."""
    if value.__class__ is str:
        if value[:1] in _IMPLICIT and _reads_as_other_than_text(value) and not _JSON_NUMBER.fullmatch(value):
            raise _Decline
    elif value.__class__ is list:
        for item in value:
            _quick_check(item)


def _quick_mapping(pairs: list[tuple[str, Any]]) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):  # a duplicate key: the full path names both lines
        raise _Decline
    for key, value in pairs:
        if key not in _SAFE_KEYS:
            if _reads_as_other_than_text(key):
                raise _Decline  # JSON quotes every key: "2019" may have been an unquoted number
            if len(_SAFE_KEYS) < _MAX_SAFE_KEYS:  # records share a few dozen keys; a hostile file has many
                _SAFE_KEYS.add(key)
        _quick_check(value)
    return mapping


def _quick_float(text: str) -> float:
    """A JSON float, if PyYAML reads the same text as a float (YAML 1.1 wants a dot, and a sign
    in an exponent: it reads "1e3" and "1.5e3" as text)."""
    if _implicit_tag(text) != _TAG + "float":
        raise _Decline
    return float(text)


def _quick_decline(text: str) -> Any:
    raise _Decline


_STDERR_LOCK = threading.Lock()


@functools.cache
def _devnull() -> int:
    """A descriptor of /dev/null, opened once for every record."""
    return os.open(os.devnull, os.O_WRONLY)


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints its parse errors on the process's stderr before raising; the full path then
    reports them in Dutch. So file descriptor 2 points to /dev/null while it parses (a fraction of
    a millisecond): what another thread writes to stderr in that instant is lost. The lock keeps
    two threads from swapping the descriptor at once."""
    with _STDERR_LOCK:
        saved = os.dup(2)
        try:
            os.dup2(_devnull(), 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
