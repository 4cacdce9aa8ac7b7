"""The committed JSON Schema matches the models, and every record points editors to it; the schema is
Dutch for editors, offers the vocabulary ids and checks what the models check (the editor test,
test_yaml_language_server.py, runs it in the real yaml-language-server)."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from generator.models import EMAIL_PATTERN, URL_PATTERN, Contact, Link, Practice
from generator.schema import FIELD_DESCRIPTIONS, MODELS, SCHEMA_FILE, _models, js_pattern, practice_schema, schema_text
from generator.vocabulary import KINDS, load_vocabularies

from .conftest import ROOT


def test_committed_schema_equals_the_models():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run `praktijken schema` and commit the result"


def test_every_record_references_the_schema_on_its_first_line():
    for path in sorted((ROOT / "practices").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../generator/practice.schema.json", path.name


def _nodes(node):
    """Every schema object in ``node``, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def _term_schemas(schema: dict) -> dict[str, dict]:
    """The schema of every term field, by the description naming its vocabulary."""
    found = {}
    for node in _nodes(schema):
        if isinstance(node.get("anyOf"), list) and len(node["anyOf"]) == 2 and "enum" in node["anyOf"][0] and "pattern" in node["anyOf"][1]:
            kind = next(kind for kind in KINDS if f"({kind})" in node["description"])
            found.setdefault(kind, node)
    return found


def test_every_object_and_field_has_a_dutch_description_and_no_english_title():
    schema = practice_schema()
    objects = [schema, *schema["$defs"].values()]
    for node in objects:
        assert node.get("description") and node.get("title"), node
        for branch in node.get("anyOf", [node]):
            for name, field in branch.get("properties", {}).items():
                assert field.get("description"), name
                assert "title" not in field, name
    assert set(MODELS) == {"Practice", *schema["$defs"]}
    # Every entry describes a field that has no description of its own in the models.
    models = _models(Practice)
    for key in FIELD_DESCRIPTIONS:
        model, field = key.split(".")
        assert field in models[model].model_fields and models[model].model_fields[field].description is None, key
    assert "x-vocabulary" not in schema_text() and "x-pattern" not in schema_text()


def test_every_check_has_a_dutch_error_message():
    for node in _nodes(practice_schema()):
        if any(key in node for key in ("type", "enum", "pattern", "const")) and node.get("type") != "null":
            assert node.get("errorMessage"), node
    messages = [node["errorMessage"] for node in _nodes(practice_schema()) if "errorMessage" in node]
    assert not [m for m in messages if re.search(r"\b(Expected|Missing|Incorrect|must)\b", m)]


def test_term_fields_offer_the_ids_and_accept_what_the_models_accept():
    terms = _term_schemas(practice_schema())
    assert set(terms) == set(KINDS)
    for kind, node in terms.items():
        vocabulary = load_vocabularies()[kind]
        ids, names = node["anyOf"]
        assert ids["enum"] == vocabulary.ids
        assert [d.split(".")[0].split(" (prioriteit")[0] for d in ids["enumDescriptions"]] == [t.nl for t in vocabulary.terms]
        pattern = re.compile(names["pattern"])  # the JavaScript pattern reads the same in Python here
        for term in vocabulary.terms:
            for name in (term.id, term.nl, *term.variants):
                for written in (name, name.upper(), name.lower(), f" {name} ".replace(" ", "  ")):
                    assert pattern.match(written), (kind, written)
                    assert vocabulary.resolve(written) == term.id
                for wrong in (name + "x", name[:-1], f"{name}, {name}"):
                    assert bool(pattern.match(wrong)) == (vocabulary.resolve(wrong) is not None), (kind, wrong)


def test_email_and_link_patterns_are_the_models_patterns():
    schema = practice_schema()
    email = schema["$defs"]["Contact"]["properties"]["email"]["anyOf"][0]
    url = schema["$defs"]["Link"]["properties"]["url"]
    assert email["pattern"] == js_pattern(EMAIL_PATTERN) and url["pattern"] == js_pattern(URL_PATTERN)
    assert email["errorMessage"].startswith("Geen geldig e-mailadres") and url["errorMessage"].startswith("Geen geldige link")

    def model_accepts(model, **value) -> bool:
        try:
            model(**value)
        except ValidationError:
            return False
        return True

    emails = [
        "an@example.org",
        " an.v@sub.example.be ",
        "An.V+x@Example.BE",
        "an@example",
        "an@@example.org",
        "an@example.org?cc=x",
        "an@-example.org",
        "an example@x.be",
        "@example.org",
        "an@example.org\nBcc: x@y.be",
    ]
    for value in emails:
        assert bool(re.match(email["pattern"], value)) == model_accepts(Contact, email=value), value
    urls = [
        "https://www.example.org/a?b=c",
        "HTTPS://WWW.EXAMPLE.ORG",
        "Http://x.be",
        "mailto:an@example.org",
        "MAILTO:an@example.org",
        "mailto:an@example.org?subject=x",
        "ftp://example.org",
        "https://localhost",
        "javascript:alert(1)",
        "https://x.be/a b",
        " https://x.be ",
        "www.example.org",
    ]
    for value in urls:
        assert bool(re.match(url["pattern"], value)) == model_accepts(Link, url=value), value


def test_js_pattern_spells_out_ignorecase_outside_classes_only():
    assert js_pattern(re.compile(r"^ab[^\s?]+(?:c|d)$", re.IGNORECASE)) == r"^\s*(?:[aA][bB][^\s?]+(?:[cC]|[dD]))\s*$"
    assert js_pattern(re.compile(r"^ab$")) == r"^\s*(?:ab)\s*$"
    with pytest.raises(ValueError):
        js_pattern(re.compile(r"^[a-z]$", re.IGNORECASE))
