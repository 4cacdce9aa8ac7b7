"""The scaffold of `praktijken new` follows the models: required fields written, optional ones commented out."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from generator.models import Practice
from generator.scaffold import comment_optional_fields, full_scaffold_text, nested_model, scaffold_text

# A commented field: "# " before a key ("# goal: ...") or a list item ("# - ..."), at any indentation.
# Explanations never look like that (they do not start with a lowercase key and a colon).
COMMENTED_FIELD = re.compile(r"^(\s*)# (?=\s*(?:- |[a-z_]+:(?:\s|$)))", re.M)


def uncommented(text: str) -> str:
    """The scaffold with the "# " removed in front of every commented field, as an editor would."""
    return COMMENTED_FIELD.sub(r"\1", text)


def shape(data):
    """The field names in ``data``, nested: a mapping's keys, and for a list the keys of its mappings."""
    if isinstance(data, dict):
        return {key: shape(value) for key, value in data.items()}
    if isinstance(data, list):
        merged: dict = {}
        for item in data:
            if isinstance(item, dict):
                merged.update(shape(item))
        return merged or None
    return None


def all_fields(model: type[BaseModel]) -> dict:
    return {name: (all_fields(nested) if (nested := nested_model(field.annotation)) else None) for name, field in model.model_fields.items()}


def required_fields(model: type[BaseModel]) -> dict:
    return {
        name: (required_fields(nested) if (nested := nested_model(field.annotation)) else None)
        for name, field in model.model_fields.items()
        if field.is_required()
    }


# Errors about where a field is or what kind of value it holds (a mapping, a list), not about an
# empty value still to fill in.
SHAPE_ERRORS = {"extra_forbidden", "missing", "list_type", "dict_type", "model_type", "model_attributes_type"}


def test_uncommenting_every_optional_field_gives_the_shapes_the_models_expect():
    data = yaml.safe_load(uncommented(scaffold_text("mijn-praktijk")))
    assert shape(data) == all_fields(Practice)
    with pytest.raises(ValidationError) as caught:
        Practice.model_validate(data)
    errors = caught.value.errors()
    assert [(error["loc"], error["type"]) for error in errors if error["type"] in SHAPE_ERRORS] == []
    # What is wrong is only that values are still empty (none is of a wrong kind).
    assert [(error["loc"], error["input"]) for error in errors if error["input"] not in ("", [], None)] == []


def test_the_scaffold_uncommented_is_the_template_with_every_field():
    assert yaml.safe_load(uncommented(scaffold_text("x"))) == yaml.safe_load(full_scaffold_text("x"))


class Inner(BaseModel):
    must: str
    may: str | None = None


class Outer(BaseModel):
    name: str
    inner: Inner
    items: list[Inner]
    extra: Inner | None = None


def test_which_fields_are_commented_out_comes_from_the_models():
    text = (
        "# the name\n"
        "name: ''\n"
        "inner:\n"
        "  must: ''\n"
        "  # explained\n"
        "  may: ''\n"
        "items:\n"
        "  - must: ''\n"
        "    may: ''\n"
        "# an optional block\n"
        "extra:\n"
        "  must: ''\n"
        "  # inside it\n"
        "  may: ''\n"
        "\n"
    )
    assert comment_optional_fields(text, Outer) == (
        "# the name\n"
        "name: ''\n"
        "inner:\n"
        "  must: ''\n"
        "  # explained\n"
        "  # may: ''\n"
        "items:\n"
        "  - must: ''\n"
        "    # may: ''\n"
        "# an optional block\n"
        "# extra:\n"
        "#   must: ''\n"
        "#   # inside it\n"
        "#   may: ''\n"
        "\n"
    )


def test_a_template_field_the_models_do_not_have_is_refused():
    with pytest.raises(ValueError, match="has no field 'nmae'"):
        comment_optional_fields("nmae: ''\n", Outer)
    with pytest.raises(ValueError, match="must not share its line"):
        comment_optional_fields("items:\n  - may: ''\n    must: ''\n", Outer)
