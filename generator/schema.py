"""The JSON Schema of a practice record, for editors' completion and checks as they type
(yaml-language-server reads it from the first line of every record)."""

from __future__ import annotations

import json
from pathlib import Path

from .models import Practice

SCHEMA_FILE = Path(__file__).with_name("practice.schema.json")


def practice_schema() -> dict:
    schema = Practice.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Praktijk (Praktijkenbank Vaardigheden)"
    return schema


def schema_text() -> str:
    return json.dumps(practice_schema(), ensure_ascii=False, indent=2) + "\n"
