"""The JSON Schema of a practice record, for editors' completion and checks as they type
(yaml-language-server reads it from the first line of every record).

Pydantic writes the structure from the models; this module makes it an editor's schema, in Dutch:

- every term field (``x-vocabulary`` in the models) offers the vocabulary ids for completion, with
  the Dutch name as description, and accepts what the models accept: the id, the Dutch name or a
  variant, in any case and spacing. It is ``anyOf`` the ids (an ``enum``, which completion offers)
  and a pattern of every id, name and variant (which completion does not offer), so a wrong term
  is still an error;
- e-mail addresses and links (``x-pattern``) get the models' own patterns (``EMAIL_PATTERN``,
  ``URL_PATTERN``), written for JavaScript;
- items that may be written as plain text (strengths, challenges, conditions, procedure steps)
  accept a string as well as the object;
- every object and field gets a Dutch ``description``, every check a Dutch ``errorMessage`` (the
  extension yaml-language-server shows instead of its English message), every fixed choice its
  Dutch ``markdownEnumDescriptions``/``enumDescriptions``; objects get Dutch titles, fields none
  (Pydantic's titles are the English names).
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import COST_KIND_LABELS, EDITOR_NOTE_LABELS, EMAIL_PATTERN, URL_PATTERN, Practice
from .vocabulary import load_vocabularies

SCHEMA_FILE = Path(__file__).with_name("practice.schema.json")

# The Dutch title and description of every model (Pydantic's come from the English names and docstrings).
MODELS: dict[str, tuple[str, str]] = {
    "Practice": ("Praktijk", "Eén praktijk: alles wat een fiche erover zegt. Veldnamen zijn Engels, waarden Nederlands."),
    "TargetGroups": ("Doelgroepen", "Voor wie de praktijk is."),
    "Coordination": ("Coördinatie", "Wie de praktijk coördineert en met wie."),
    "Scope": ("Bereik", "Waar de praktijk loopt."),
    "Period": ("Periode", "Wanneer de praktijk loopt."),
    "Cost": ("Kost", "Een kostenregel zoals de bron ze geeft, met het bedrag in euro waar de bron het noemt."),
    "Priorities": ("Prioriteiten", "De vaardighedenprioriteiten die de praktijk aanpakt, en wie ze noemde."),
    "Themes": ("Thema's", "De soort actie: 1 tot 3 thema's uit de woordenlijst, en wie ze toekende."),
    "Point": ("Punt", "Een troef, uitdaging of voorwaarde: een tekst, of `text` met `audience` (voor wie ze geldt)."),
    "Step": ("Stap", "Een stap van de procedure, in volgorde: een tekst, of `text` met `title`, `when`, `who` en `group`."),
    "Outcomes": ("Uitkomsten", "De uitkomsten: een tekst en de cijfers uit de bron."),
    "Figure": ("Cijfer", "Een cijfer uit de bron: wat geteld is, het gerealiseerde getal, het streefcijfer, de eenheid en de periode."),
    "Quote": ("Getuigenis", "Een getuigenis, letterlijk."),
    "Contact": ("Contactpersoon", "Een contactpersoon, zoals de bron hem of haar geeft."),
    "Link": ("Link", "Een webadres met een label."),
    "EditorNote": ("Bronnotitie", "Een bronnotitie van de redactie, getoond onder 'Bronnotities'."),
    "Source": ("Bron", "Een bron van de feiten: het document en de sectie."),
}

# Fields without a description in the models (those with one keep it).
FIELD_DESCRIPTIONS: dict[str, str] = {
    "Practice.title": "De naam van de praktijk, op één regel. Uniek in de hele databank.",
    "Practice.summary": "Eén zin (hoogstens 300 tekens): wat is het en voor wie? Verschijnt in lijsten en zoekresultaten.",
    "Practice.goal": "Het doel ('Doel' op de ID-kaart).",
    "Practice.description": "Wat de praktijk inhoudt ('Wat'). Een lege regel begint een nieuwe alinea; regels die beginnen met '- ' vormen een lijst.",
    "Practice.target_groups": "Voor wie: `terms` (een of meer doelgroepen) en `wording` (zoals de bron ze beschrijft).",
    "Practice.sectors": "Een of meer sectoren uit de woordenlijst.",
    "Practice.coordination": "Wie coördineert: `organisations`, `partners` en `wording`.",
    "Practice.scope": "Waar: `level`, `country` (standaard BE), `regions` en `places`.",
    "Practice.period": "Wanneer: `wording` (zoals de bron het zegt), `start`, `end` en `ongoing`.",
    "Practice.costs": "Een item per kostenregel: `wording`, `kind`, `amount_eur`, `planned_eur`, `spent_eur`, `year`, `period` en `covers`.",
    "Practice.funding": "Wie betaalt wat ('Financiering').",
    "Practice.priorities": "Welke van de vijf prioriteiten de praktijk aanpakt: `terms`, `basis` en `wording`.",
    "Practice.strengths": "De troeven: een tekst per item, of `text` met `audience`.",
    "Practice.challenges": "De uitdagingen: een tekst per item, of `text` met `audience`.",
    "Practice.conditions": "De voorwaarden: een tekst per item, of `text` met `audience`.",
    "Practice.procedure": "De stappen in volgorde: een tekst per stap, of `text` met `title`, `when`, `who` en `group`.",
    "Practice.outcomes": "De uitkomsten: `text` en `figures` (de cijfers uit de bron).",
    "Practice.quotes": "Getuigenissen, letterlijk: `text`, `person` en `role`.",
    "Practice.contacts": "Contactpersonen: `name`, `role`, `organisation`, `email` en `phone`, zoals de bron ze geeft.",
    "Practice.links": "Webadressen: `url` (alleen http://, https:// of mailto:) en `label`.",
    "Practice.more_info": "Meer achtergrond ('Meer informatie').",
    "Practice.sources": "De bronnen (minstens één): `document`, `section` en `pages`.",
    "TargetGroups.terms": "Een of meer doelgroepen uit de woordenlijst.",
    "TargetGroups.wording": "De doelgroep zoals de bron ze beschrijft.",
    "Coordination.organisations": "De organisaties die coördineren (namen); [] als de bron er geen noemt, en dan zegt wording dat.",
    "Coordination.partners": "De partners, bijvoorbeeld na 'i.s.m.'.",
    "Coordination.wording": "De coördinatie zoals de bron ze beschrijft.",
    "Scope.level": "Het niveau waarop de praktijk georganiseerd wordt.",
    "Scope.country": "Het land (landcode), standaard BE.",
    "Scope.regions": "Gewesten of provincies binnen België.",
    "Scope.places": "Steden of gemeenten.",
    "Period.wording": "De periode zoals de bron ze beschrijft.",
    "Period.start": "Het startjaar.",
    "Period.end": "Het eindjaar (niet vóór het startjaar).",
    "Period.ongoing": "true als de praktijk nog loopt.",
    "Cost.wording": "De kost zoals de bron ze beschrijft.",
    "Cost.year": "Het jaar waarop het bedrag slaat.",
    "Cost.period": "De periode waarop het bedrag slaat.",
    "Cost.covers": "Waarvoor het bedrag dient.",
    "Priorities.terms": "Een of meer van de vijf prioriteiten.",
    "Themes.terms": "Een tot drie thema's (soort actie) uit de woordenlijst, het belangrijkste eerst.",
    "Priorities.wording": "Hoe de bron de prioriteiten noemt.",
    "Point.text": "De tekst van de troef, uitdaging of voorwaarde.",
    "Point.audience": "Voor wie ze geldt, bijvoorbeeld 'Bedrijf'.",
    "Step.text": "Wat er in deze stap gebeurt.",
    "Step.title": "De titel van de stap.",
    "Step.group": "Het traject waartoe de stap hoort, bijvoorbeeld 'Werkzoekenden'.",
    "Step.when": "Wanneer de stap plaatsvindt.",
    "Step.who": "Wie de stap zet.",
    "Outcomes.text": "De uitkomsten in woorden.",
    "Outcomes.figures": "De cijfers uit de bron.",
    "Figure.label": "Wat geteld is.",
    "Figure.value": "Het gerealiseerde getal.",
    "Figure.target": "Het streefcijfer, als de bron er een geeft.",
    "Figure.qualifier": "Wat de bron voor het getal zet.",
    "Figure.unit": "De eenheid, bijvoorbeeld 'deelnemers'.",
    "Figure.period": "De periode waarop het cijfer slaat.",
    "Figure.note": "Een toelichting bij dit cijfer.",
    "Quote.text": "De getuigenis, letterlijk.",
    "Quote.person": "Wie het zegt.",
    "Quote.role": "De functie of rol van die persoon.",
    "Contact.name": "De naam van de contactpersoon.",
    "Contact.role": "De functie of rol.",
    "Contact.organisation": "De organisatie.",
    "Contact.email": "Het e-mailadres, zoals naam@organisatie.be.",
    "Contact.phone": "Het telefoonnummer, zoals de bron het geeft.",
    "Link.url": "Het webadres: alleen http://, https:// of mailto:.",
    "Link.label": "De tekst van de link.",
    "EditorNote.text": "De notitie.",
    "Source.document": "Het brondocument uit de woordenlijst.",
    "Source.section": "Het hoofdstuk, de fiche of de tabelrij waar de feiten staan.",
    "Source.pages": "De pagina's.",
}

# Dutch descriptions of the values of fixed choices (Literal fields), found by their values.
ENUM_LABELS: list[dict[str, str]] = [
    COST_KIND_LABELS,
    EDITOR_NOTE_LABELS,
    {"source": "het brondocument noemt de prioriteiten", "editors": "de redactie kende ze toe"},
]

PATTERNS: dict[str, tuple[re.Pattern, str]] = {
    "email": (EMAIL_PATTERN, "Geen geldig e-mailadres: schrijf het zoals naam@organisatie.be."),
    "url": (URL_PATTERN, "Geen geldige link: alleen http://, https:// en mailto: zijn toegestaan, zoals https://www.voorbeeld.be/pagina."),
}

_JS_SYNTAX = set("^$\\.*+?()[]{}|/")


def practice_schema() -> dict:
    schema = Practice.model_json_schema()
    defs = schema.get("$defs", {})
    for name, model in _models(Practice).items():
        node = schema if model is Practice else defs[name]
        node["title"], node["description"] = MODELS[name]
        for field_name, prop in node["properties"].items():
            prop.pop("title", None)
            if "description" not in prop and f"{name}.{field_name}" in FIELD_DESCRIPTIONS:
                prop["description"] = FIELD_DESCRIPTIONS[f"{name}.{field_name}"]
        if _accepts_plain_text(model):
            text = {key: value for key, value in node["properties"]["text"].items() if key != "description"}
            defs[name] = {"title": node["title"], "description": node["description"], "anyOf": [text, node]}
    _add_enum_descriptions(schema)
    _complete(schema)
    _null_messages(schema, defs)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Praktijk (Praktijkenbank Vaardigheden)"
    return schema


def schema_text() -> str:
    return json.dumps(practice_schema(), ensure_ascii=False, indent=2) + "\n"


def _models(model: type[BaseModel], found: dict[str, type[BaseModel]] | None = None) -> dict[str, type[BaseModel]]:
    """Every model a record is made of, by name, starting with ``model``."""
    found = {} if found is None else found
    found[model.__name__] = model
    for field in model.model_fields.values():
        for part in _parts(field.annotation):
            if part.__name__ not in found:
                _models(part, found)
    return found


def _parts(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in _parts(argument)]


def _accepts_plain_text(model: type[BaseModel]) -> bool:
    """Whether the model takes a plain string for its ``text`` (a before-validator named _plain_string)."""
    return "_plain_string" in model.__pydantic_decorators__.model_validators


def _complete(node: Any) -> None:
    """Expand the models' markers and add Dutch error messages, everywhere in the schema."""
    if isinstance(node, list):
        for item in node:
            _complete(item)
        return
    if not isinstance(node, dict):
        return
    for value in list(node.values()):
        _complete(value)
    if "x-vocabulary" in node:
        marker = node.pop("x-vocabulary")
        node.update(_term_schema(marker["kind"], marker["what"], marker["unknown"]))
    if "x-pattern" in node:
        regex, message = PATTERNS[node.pop("x-pattern")]
        node["pattern"] = js_pattern(regex)
        node["errorMessage"] = message
    if "errorMessage" not in node:
        generic = _error_message(node)
        if generic:
            node["errorMessage"] = generic


def _null_messages(node: Any, defs: dict) -> None:
    """An optional field (``anyOf`` of a value and null): a wrong value gets the message of the
    value from both branches, not an English "expected string | null"."""
    if isinstance(node, list):
        for item in node:
            _null_messages(item, defs)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _null_messages(value, defs)
    branches = node.get("anyOf")
    if isinstance(branches, list) and len(branches) == 2 and {"type": "null"} in branches:
        value = next(branch for branch in branches if branch != {"type": "null"})
        if "$ref" in value:
            value = defs[value["$ref"].rsplit("/", 1)[1]]
        message = value.get("errorMessage")
        if message:
            # As "const", not "type": yaml-language-server merges type mismatches of the branches
            # into one English message.
            branches[branches.index({"type": "null"})] = {"const": None, "errorMessage": message}


def _error_message(node: dict) -> str | None:
    if "enum" in node:
        return f"Kies een van: {', '.join(map(str, node['enum']))}."
    kind = node.get("type")
    if kind == "object" and "properties" in node:
        allowed = ", ".join(node["properties"])
        required = node.get("required", [])
        need = f"; verplicht: {', '.join(required)}" if required else ""
        return f"Hier horen velden (naam: waarde): {allowed}{need}. Ontbreekt er een, is een veldnaam verkeerd geschreven of staat hij op de verkeerde plaats?"
    if kind == "array":
        least = node.get("minItems")
        return "Schrijf een lijst (een item per regel, beginnend met '- ')" + (f", met minstens {least} item." if least else ".")
    if kind == "string":
        limit = node.get("maxLength")
        empty = "niet-lege " if node.get("minLength") else ""
        return f"Schrijf een {empty}tekst" + (f" van hoogstens {limit} tekens" if limit else "") + "."
    if kind == "integer":
        low, high = node.get("minimum"), node.get("maximum")
        between = f" tussen {low} en {high}" if low is not None and high is not None else ""
        return f"Schrijf een jaartal{between}, zonder aanhalingstekens."
    if kind == "number":
        low = node.get("minimum")
        return "Schrijf een getal zonder €-teken of punten als duizendtalscheiding (1279925, niet € 1.279.925)" + (
            f", minstens {low:g}." if low is not None else "."
        )
    if kind == "boolean":
        return "Schrijf true of false."
    return None


def _enum_descriptions(values: list[str]) -> dict[str, str] | None:
    for labels in ENUM_LABELS:
        if set(values) == set(labels):
            return labels
    return None


def _add_enum_descriptions(node: Any) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list) and "enumDescriptions" not in node:
            labels = _enum_descriptions(node["enum"])
            if labels:
                node["enumDescriptions"] = [labels[value] for value in node["enum"]]
                node["markdownEnumDescriptions"] = [labels[value] for value in node["enum"]]
        for value in node.values():
            _add_enum_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _add_enum_descriptions(item)


def _term_schema(kind: str, what: str, unknown: str) -> dict:
    """A term: the ids (offered for completion), or any id, name or variant in any case (a
    pattern, which completion does not offer). ``unknown`` is "onbekende sector", "onbekend niveau"."""
    vocabulary = load_vocabularies()[kind]
    ids = vocabulary.ids
    markdown, plain = [], []
    for term in vocabulary.terms:
        number = f" (prioriteit {term.number})" if term.number is not None else ""
        variants = f"Ook: {', '.join(term.variants)}." if term.variants else ""
        plain.append(" ".join(part for part in (f"{term.nl}{number}.", variants, term.description or "") if part))
        markdown.append("\n\n".join(part for part in (f"**{term.nl}**{number}", variants, term.description or "") if part))
    names = [name for term in vocabulary.terms for name in (term.id, term.nl, *term.variants)]
    message = (
        f"{unknown[:1].upper()}{unknown[1:]}. Schrijf een id uit generator/vocabularies.yaml ({kind}): {', '.join(ids)}; "
        "of de Nederlandse naam of een variant die daar staat."
    )
    return {
        "type": "string",
        "description": f"Een {what} uit generator/vocabularies.yaml ({kind}): de id (aanbevolen), de Nederlandse naam of een variant.",
        "errorMessage": message,
        "anyOf": [
            {"title": what, "enum": ids, "enumDescriptions": plain, "markdownEnumDescriptions": markdown, "errorMessage": message},
            {"pattern": _caseless_names(names), "errorMessage": message},
        ],
    }


def _caseless_names(names: list[str]) -> str:
    """A JavaScript pattern for any of ``names`` as ``Vocabulary.resolve`` finds them: case and
    runs of white space do not matter."""
    alternatives: list[str] = []
    for name in names:
        pattern = "".join(_caseless_char(c) if not c.isspace() else "\\s+" for c in " ".join(name.split()))
        if pattern not in alternatives:
            alternatives.append(pattern)
    return "^\\s*(?:" + "|".join(alternatives) + ")\\s*$"


def _caseless_char(char: str) -> str:
    lower, upper = char.lower(), char.upper()
    if lower != upper and len(lower) == 1 and len(upper) == 1:
        return f"[{lower}{upper}]"
    return "\\" + char if char in _JS_SYNTAX else char


def js_pattern(regex: re.Pattern) -> str:
    """``regex`` (``^…$``, applied after the models strip white space) as a JavaScript pattern
    for the JSON Schema: white space around the value allowed, IGNORECASE spelled out."""
    source = regex.pattern
    if not (source.startswith("^") and source.endswith("$")):
        raise ValueError(f"pattern must be anchored with ^ and $: {source}")
    body = source[1:-1]
    if regex.flags & re.IGNORECASE:
        body = _spell_out_case(body)
    return f"^\\s*(?:{body})\\s*$"


def _spell_out_case(source: str) -> str:
    """The regex ``source`` with every literal letter outside a character class as ``[xX]``.

    Character classes are copied as they are: they may not hold a literal letter (none does;
    [A-Za-z] style classes would need both cases written already)."""
    out: list[str] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
        elif char == "[":
            end = i + 1
            while source[end] != "]" or source[end - 1] == "\\":
                end += 1
            klass = source[i : end + 1]
            if re.search(r"(?<!\\)[A-Za-z]", klass):
                raise ValueError(f"cannot spell out the case of the class {klass}")
            out.append(klass)
            i = end + 1
        elif char == "(" and source[i + 1 : i + 2] == "?":
            if source[i + 2 : i + 3] not in (":", "=", "!"):
                raise ValueError(f"unsupported group in {source}")
            out.append(source[i : i + 3])
            i += 3
        elif char.isascii() and char.isalpha():
            out.append(f"[{char.lower()}{char.upper()}]")
            i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)
