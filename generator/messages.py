"""Pydantic's error types in Dutch, for records and vocabularies alike; our own validators already
speak Dutch."""

from __future__ import annotations

from typing import Any

from .yamlfile import THOUSANDS

MESSAGES = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "string_type": "moet tekst zijn",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (hoogstens {max_length} tekens)",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn (zonder €-teken of punten als duizendtalscheiding)",
    "float_parsing": "moet een getal zijn (zonder €-teken of punten als duizendtalscheiding)",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "list_type": "moet een lijst zijn (regels die beginnen met '- ')",
    "model_type": "moet een mapping van velden zijn",
    "model_attributes_type": "moet een mapping van velden zijn",
    "dict_type": "moet een mapping van velden zijn",
    "too_short": "moet minstens {min_length} item(s) bevatten",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than_equal": "mag hoogstens {le} zijn",
    "literal_error": "moet een van deze waarden zijn: {expected}",
    "string_pattern_mismatch": "heeft niet de juiste vorm (patroon {pattern})",
    "tuple_type": "moet een lijst zijn (regels die beginnen met '- ')",
    "finite_number": "moet een eindig getal zijn (geen .inf of .nan)",
}


def dutch_message(error: Any) -> str:
    """The Dutch message for one item of ``ValidationError.errors()``."""
    context = {key: _shown(value) for key, value in error.get("ctx", {}).items() if key != "error"}
    template = MESSAGES.get(error["type"])
    message = template.format(**context) if template else str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "float_type" and isinstance(error["input"], str) and THOUSANDS.fullmatch(error["input"].strip()):
        message += f"; bedoel je {error['input'].strip().replace('.', '')}?"
    return message


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("' or '", "' of '")
