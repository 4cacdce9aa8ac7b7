"""The controlled vocabularies: stable ids, every wording of a priority resolves, misspellings get suggestions."""

from __future__ import annotations

import pytest

from generator.vocabulary import KINDS, load_vocabularies


def test_five_priorities_with_stable_ids_in_order():
    priorities = load_vocabularies()["priorities"]
    assert priorities.ids == ["leercultuur", "werkvloer", "matchen", "beleid", "financiering"]
    assert [t.number for t in priorities.terms] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "wording, term",
    [
        ("Financiering van onderwijs en opleiding verbeteren", "financiering"),
        ("De financiering van onderwijs en opleiding versterken", "financiering"),
        ("Het beleid en structuren voor de ontwikkeling van vaardigheden versterken", "beleid"),
        ("Het beleid en de structuren voor de ontwikkeling van vaardigheden versterken", "beleid"),
        ("  vaardigheden BETER matchen ", "matchen"),
    ],
)
def test_every_wording_of_the_fiches_resolves(wording, term):
    assert load_vocabularies()["priorities"].resolve(wording) == term


def test_ids_and_names_are_unique_strings_in_every_vocabulary():
    for kind in KINDS:
        vocabulary = load_vocabularies()[kind]
        assert all(isinstance(term_id, str) for term_id in vocabulary.ids), kind
        names = [name for t in vocabulary.terms for name in {n.casefold() for n in (t.id, t.nl, *t.variants)}]
        assert len(names) == len(set(names)), f"{kind}: a name is used by two terms"


def test_norway_is_a_country_not_false():
    assert load_vocabularies()["countries"].resolve("NO") == "NO"


def test_suggestions_for_misspellings():
    assert load_vocabularies()["sectors"].suggest("Kapers")[0] == "kappers"
    assert load_vocabularies()["target_groups"].suggest("werkzoekende")[0] == "werkzoekenden"


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda t: t.replace("  - id: leercultuur\n", "  - id: werkvloer\n", 1), "priorities: de id 'werkvloer' komt meer dan eens voor"),
        (lambda t: t.replace("    nl: Leercultuur ontwikkelen\n", "    naam: Leercultuur ontwikkelen\n", 1), "priorities.0.nl: verplicht veld ontbreekt"),
        (lambda t: t.replace("    number: 1\n", "    number: 1.200\n", 1), "1.200 lijkt een getal met een punt als duizendtalscheiding"),
        (lambda t: t.replace("  - id: leercultuur\n", "  - id: leer cultuur\n", 1), "priorities.0.id: heeft niet de juiste vorm"),
    ],
)
def test_a_broken_vocabulary_file_gets_a_dutch_message_with_its_line(tmp_path, change, expected):
    from generator.vocabulary import VOCABULARY_FILE, VocabularyError

    broken = tmp_path / "vocabularies.yaml"
    broken.write_text(change(VOCABULARY_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabularies(broken)
    assert expected in str(raised.value)
    assert str(raised.value).startswith(f"{broken}:")


@pytest.mark.parametrize(
    "id_type, unknown",
    [  # het-words take "onbekend", de-words "onbekende"
        ("LevelId", "onbekend niveau"),
        ("CountryId", "onbekend land"),
        ("DocumentId", "onbekend brondocument"),
        ("ThemeId", "onbekend thema"),
        ("SectorId", "onbekende sector"),
        ("TargetGroupId", "onbekende doelgroep"),
        ("PriorityId", "onbekende prioriteit"),
        ("RegionId", "onbekende regio"),
    ],
)
def test_an_unknown_term_is_named_with_the_right_dutch_adjective(id_type, unknown):
    import json

    from pydantic import TypeAdapter, ValidationError

    from generator import models
    from generator.schema import practice_schema

    with pytest.raises(ValidationError) as error:
        TypeAdapter(getattr(models, id_type)).validate_python("xyzzy")
    assert error.value.errors()[0]["msg"].startswith(f"{unknown} 'xyzzy'.")
    # The JSON Schema's message for editors (completion and diagnostics as they type) says the same.
    schema = json.dumps(practice_schema(), ensure_ascii=False)
    assert f'"errorMessage": "{unknown[:1].upper()}{unknown[1:]}. Schrijf' in schema
