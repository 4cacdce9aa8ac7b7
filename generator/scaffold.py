"""A new record for editors to fill in: the required fields empty, every optional field as a comment.

The template (``templates/scaffold.yaml.j2``) is a complete record: every field, with its
explanation in Dutch and the allowed terms. Which fields are required is not written there but
taken from the models: every field that is not required (``Practice.model_fields[...]
.is_required()``, and likewise inside the nested models) is commented out, with the lines of its
value and the explanations in between. An untouched scaffold thus names only what still has to be
filled in, and removing the ``# `` in front of an optional field gives it back in its place.
"""

from __future__ import annotations

from typing import Any, get_args

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel

from .models import Practice
from .render import TEMPLATES
from .vocabulary import load_vocabularies

COMMENT = "# "


def scaffold_text(slug: str) -> str:
    """The scaffold of ``practices/<slug>.yaml``: required fields empty, optional ones commented out."""
    return comment_optional_fields(full_scaffold_text(slug))


def full_scaffold_text(slug: str) -> str:
    """The template rendered with every field present, before the optional ones are commented out."""
    vocabularies = load_vocabularies()
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True)

    def terms(kind: str) -> str:
        return ", ".join(vocabularies[kind].ids)

    return env.get_template("scaffold.yaml.j2").render(slug=slug, terms=terms)


def comment_optional_fields(text: str, model: type[BaseModel] = Practice) -> str:
    """Comment out every field of ``text`` that ``model`` (or a nested model) does not require.

    An optional field is commented out at its own indentation together with everything below it
    (its value, its subfields, the explanations in between), so ``# `` is all an editor removes."""
    lines = text.splitlines(keepends=True)
    root = yaml.compose(text)
    if root is None:
        raise ValueError("the scaffold template holds no fields")
    for first, last, column in _optional_blocks(root, model):
        for number in range(first, last + 1):
            line = lines[number]
            if not line.strip():
                continue
            if line[:column].strip():
                raise ValueError(f"scaffold line {number + 1}: an optional field must not share its line with a required one")
            lines[number] = line[:column] + COMMENT + line[column:]
    return "".join(lines)


def _optional_blocks(node: yaml.Node, model: type[BaseModel]) -> list[tuple[int, int, int]]:
    """(first line, last line, column) of every optional field under ``node``, a mapping for ``model``."""
    if not isinstance(node, yaml.MappingNode):
        raise ValueError(f"scaffold line {node.start_mark.line + 1}: expected the fields of {model.__name__}")
    blocks = []
    for key, value in node.value:
        name = key.value
        if name not in model.model_fields:
            raise ValueError(f"scaffold line {key.start_mark.line + 1}: {model.__name__} has no field {name!r}")
        field = model.model_fields[name]
        if not field.is_required():
            blocks.append((key.start_mark.line, _last_line(value, key.start_mark.line), key.start_mark.column))
            continue
        nested = nested_model(field.annotation)
        if nested is None:
            continue
        if isinstance(value, yaml.SequenceNode):
            for item in value.value:
                blocks.extend(_optional_blocks(item, nested))
        else:
            blocks.extend(_optional_blocks(value, nested))
    return blocks


def _last_line(node: yaml.Node, line: int) -> int:
    """The last line on which ``node`` (or anything in it) has text."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark.line - (1 if node.end_mark.column == 0 and node.end_mark.line > node.start_mark.line else 0)
        return max(line, node.start_mark.line, end)
    children = node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair]
    for child in children:
        line = _last_line(child, line)
    return max(line, node.start_mark.line)


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (itself, in a list or optional), or None for a plain value."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):  # list[...], ... | None, Annotated[...]
        found = nested_model(arg)
        if found is not None:
            return found
    return None
