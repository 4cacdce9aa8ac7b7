"""The web editor at ``/admin/``: Decap CMS with a Dutch form generated from the models.

``config_text`` writes Decap's ``config.yml`` from the Pydantic models (``models.Practice``, field
order = the models' order, which is also the order of the canonical record form) and the
vocabularies: a select for every vocabulary field (stores the id, shows the Dutch name), nested
objects and lists for the parts of a record, required where the models require a value, the
models' own e-mail and link patterns, Dutch labels and hints. ``praktijken schema`` writes it to
``admin/config.yml`` beside the JSON Schema; a test keeps the two equal.

The file is YAML written as JSON (JSON is YAML): Decap reads it as its config, and the editor's own
script (``admin/praktijken-admin.js``) reads it as JSON for the field order and the number rule.

Amounts and figures use our widget ``getal`` (``admin/praktijken-admin.js``), not Decap's number
widget: that one is an ``<input type=number>``, which takes ``1.200`` as 1.2 (and as 1 for whole
numbers), so a Flemish thousands separator would be stored as the wrong number. ``getal`` keeps
what was typed, stores a number only when it matches ``NUMBER_PATTERN``, and otherwise leaves the
text, which the pattern refuses with a Dutch message: saving is blocked.

Records are read and written in our own format ``praktijk-yaml`` (``admin/praktijken-yaml.js``,
registered with ``CMS.registerCustomFormat`` before Decap starts), not Decap's ``yaml``: that one
folds lines at 80 columns, so one edit would rewrite every long line. Ours writes the canonical
form of ``praktijken fmt`` (``generator/fmt.py``) with the same ``yaml`` 1.10.3 (lines not
folded, YAML 1.1 words quoted, keys in the order of the fields), so a one-field edit is a
one-line diff.

``copy_admin`` puts the editor into a built site (``site/admin/``): the Decap bundle from
``node_modules/decap-cms/dist/`` and the ES modules of ``yaml`` 1.10 (Decap's own copy, in
``node_modules/decap-cms-core/node_modules/yaml/browser/dist/``, into ``site/admin/yaml/``)
beside the files in ``admin/``. Without ``node_modules`` the site is built without ``/admin/``
and the build says so (in Dutch).
"""

from __future__ import annotations

import datetime
import json
import shutil
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import models
from .fmt import TEXT_ITEMS
from .models import EMAIL_PATTERN, SLUG_PATTERN, URL_PATTERN, Practice
from .vocabulary import load_vocabularies

ADMIN_FOLDER = "admin"  # in the project: index.html, the CSS and script, config.yml
CONFIG_NAME = "config.yml"
BUNDLE_FOLDER = Path("node_modules") / "decap-cms" / "dist"
BUNDLE_SCRIPT = "decap-cms.js"
# The YAML writer the record format (admin/praktijken-yaml.js) imports: the version Decap's own
# YAML format uses and generator/fmt.py ports (the top-level node_modules/yaml is another major).
YAML_PACKAGE = Path("node_modules") / "decap-cms-core" / "node_modules" / "yaml"
YAML_VERSION = "1.10."
YAML_FOLDER = "yaml"  # in site/admin/
RECORD_FORMAT = "praktijk-yaml"  # registered by admin/praktijken-admin.js
DEFAULT_REPO_URL = "https://github.com/organisatie/praktijkenbank"
LOCAL_SERVER_PORT = 8081
PRACTICES_FOLDER = "practices"

# A number as the form takes it: digits, optionally a decimal comma or point with one, two or four
# or more decimals. Exactly three decimals are refused: "1.200" and "1,200" are how Flemish and
# English write one thousand two hundred, so they are never read as 1.2.
NUMBER_PATTERN = r"^-?[0-9]+(?:[.,](?:[0-9]{1,2}|[0-9]{4,}))?$"
NUMBER_MESSAGE = (
    "een getal zonder punt of spatie tussen de duizendtallen (1200, niet 1.200 of 1 200) en zonder €; decimalen met een komma of punt (1,5 of 1279,25)"
)
INTEGER_PATTERN = r"^-?[0-9]+$"
INTEGER_MESSAGE = "een geheel getal zonder punt of spatie tussen de duizendtallen (1200, niet 1.200 of 1 200)"

# The Dutch label of every field, by "Model.field". A test checks that every field has one.
LABELS: dict[str, str] = {
    "Practice.title": "Titel",
    "Practice.summary": "Samenvatting (één regel)",
    "Practice.goal": "Doel",
    "Practice.description": "Wat houdt de praktijk in?",
    "Practice.target_groups": "Doelgroepen",
    "Practice.sectors": "Sectoren",
    "Practice.coordination": "Coördinatie",
    "Practice.scope": "Bereik",
    "Practice.period": "Periode",
    "Practice.costs": "Kosten",
    "Practice.funding": "Financiering",
    "Practice.priorities": "Prioriteiten",
    "Practice.strengths": "Troeven",
    "Practice.challenges": "Uitdagingen",
    "Practice.conditions": "Voorwaarden",
    "Practice.procedure": "Procedure (stappen)",
    "Practice.outcomes": "Uitkomsten",
    "Practice.quotes": "Getuigenissen",
    "Practice.contacts": "Contactpersonen",
    "Practice.links": "Links",
    "Practice.context": "Ontstaan",
    "Practice.evaluation": "Evaluatie",
    "Practice.conclusion": "Conclusie",
    "Practice.long_term": "Looptijd volgens de bron",
    "Practice.more_info": "Meer informatie",
    "Practice.see_also": "Zie ook (verwante praktijken)",
    "Practice.editor_notes": "Bronnotities van de redactie",
    "Practice.sources": "Bronnen",
    "Practice.status": "Loopt de praktijk nog?",
    "Practice.themes": "Thema's",
    "Practice.reviewed": "Laatst nagekeken op",
    "Themes.terms": "Welke thema's (één tot drie)",
    "Themes.basis": "Wie noemt de thema's?",
    "TargetGroups.terms": "Doelgroepen uit de woordenlijst",
    "TargetGroups.wording": "Doelgroep zoals de bron ze beschrijft",
    "Coordination.organisations": "Coördinerende organisaties",
    "Coordination.partners": "Partners",
    "Coordination.wording": "Coördinatie zoals de bron ze beschrijft",
    "Scope.level": "Niveau",
    "Scope.country": "Land",
    "Scope.regions": "Regio's",
    "Scope.places": "Plaatsen",
    "Period.wording": "Periode zoals de bron ze beschrijft",
    "Period.start": "Startjaar",
    "Period.end": "Eindjaar",
    "Period.ongoing": "Loopt nog",
    "Cost.wording": "Kost zoals de bron ze beschrijft",
    "Cost.kind": "Soort bedrag",
    "Cost.amount_eur": "Bedrag in euro",
    "Cost.planned_eur": "Gepland budget in euro",
    "Cost.spent_eur": "Besteed bedrag in euro",
    "Cost.year": "Jaar",
    "Cost.period": "Periode",
    "Cost.covers": "Omvat",
    "Priorities.terms": "Welke prioriteiten",
    "Priorities.basis": "Wie noemt de prioriteiten?",
    "Priorities.wording": "Prioriteiten zoals de bron ze noemt",
    "Point.text": "Tekst",
    "Point.audience": "Voor wie",
    "Step.text": "Tekst",
    "Step.title": "Titel van de stap",
    "Step.group": "Traject",
    "Step.when": "Wanneer",
    "Step.who": "Wie",
    "Outcomes.text": "Uitkomsten in woorden",
    "Outcomes.figures": "Cijfers",
    "Figure.label": "Wat is geteld",
    "Figure.value": "Gerealiseerd getal",
    "Figure.target": "Streefcijfer",
    "Figure.qualifier": "Voor het getal",
    "Figure.unit": "Eenheid",
    "Figure.period": "Periode",
    "Figure.note": "Toelichting",
    "Quote.text": "Getuigenis",
    "Quote.person": "Persoon",
    "Quote.role": "Functie of rol",
    "Contact.name": "Naam",
    "Contact.role": "Functie of rol",
    "Contact.organisation": "Organisatie",
    "Contact.email": "E-mailadres",
    "Contact.phone": "Telefoon",
    "Link.url": "Webadres",
    "Link.label": "Tekst van de link",
    "EditorNote.kind": "Soort notitie",
    "EditorNote.text": "Notitie",
    "Source.document": "Brondocument",
    "Source.section": "Sectie, fiche of tabelrij",
    "Source.pages": "Pagina's",
}

# Hints shown under a field, where the label alone does not say enough.
HINTS: dict[str, str] = {
    "Practice.title": "De naam van de praktijk, uniek in de databank. Het webadres van een nieuwe praktijk wordt van de titel gemaakt.",
    "Practice.summary": "Eén zin (hoogstens 300 tekens): wat is het en voor wie? Verschijnt in lijsten en zoekresultaten.",
    "Practice.description": "In je eigen woorden. Een lege regel begint een nieuwe alinea; regels die beginnen met '- ' vormen een lijst.",
    "Practice.sectors": "Een of meer sectoren.",
    "Practice.costs": "Een item per kostenregel van de bron. Bedragen als getal: 1279925, niet € 1.279.925.",
    "Practice.strengths": "Een item per troef.",
    "Practice.challenges": "Een item per uitdaging.",
    "Practice.conditions": "Een item per voorwaarde.",
    "Practice.procedure": "De stappen in volgorde.",
    "Practice.contacts": "Zoals de bron ze geeft.",
    "Practice.long_term": "Noemt de bron de praktijk een lange- of kortetermijnactie (LT of KT)?",
    "Practice.see_also": "De slug (het laatste deel van het webadres) van een verwante praktijk, zoals project-3030.",
    "Practice.editor_notes": "Wat de redactie afleidde, reconstrueerde of tegenstrijdig vond in de bron. Getoond onder 'Bronnotities'.",
    "Practice.sources": "Minstens één: het document en de sectie waar de feiten staan.",
    "TargetGroups.terms": "Een of meer doelgroepen.",
    "Coordination.organisations": "Een of meer namen; geen als de bron er geen noemt (zeg dat dan bij de coördinatie zoals de bron ze beschrijft).",
    "Coordination.partners": "Bijvoorbeeld na 'i.s.m.'.",
    "Scope.country": "Standaard België.",
    "Scope.regions": "Gewesten of provincies binnen België.",
    "Scope.places": "Steden of gemeenten.",
    "Period.ongoing": "Aan als de praktijk volgens de bron nog loopt.",
    "Cost.kind": "Leeg laten voor de eigen totale kost van de praktijk. Alleen totalen tellen mee bij sorteren op kosten.",
    "Priorities.terms": "Een of meer van de vijf prioriteiten.",
    "Point.audience": "Bijvoorbeeld 'Bedrijf' of 'School'; leeg als het voor iedereen geldt.",
    "Step.group": "Het traject waartoe de stap hoort, bijvoorbeeld 'Werkzoekenden'.",
    "Figure.qualifier": "Wat de bron voor het getal zet, zoals 'meer dan'.",
    "Figure.unit": "Bijvoorbeeld 'deelnemers' of '%'.",
    "Contact.email": "Zoals naam@organisatie.be.",
    "Link.url": "Begint met https://, http:// of mailto:.",
    "Source.section": "Het hoofdstuk, de fiche of de tabelrij waar de feiten staan.",
}

# Dutch labels of the values of fixed choices, by "Model.field"; where the models have a table of
# Dutch labels, it is used.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "Cost.kind": models.COST_KIND_LABELS,
    "EditorNote.kind": models.EDITOR_NOTE_LABELS,
    "Priorities.basis": {"source": "De bron noemt ze", "editors": "De redactie kende ze toe"},
    "Practice.long_term": getattr(models, "LONG_TERM_LABELS", {}),
    "Practice.status": getattr(models, "STATUS_LABELS", {}),
    "Themes.basis": {"source": "De bron noemt ze", "editors": "De redactie kende ze toe"},
}

# What the summary line of a collapsed list item shows.
SUMMARIES: dict[str, str] = {
    "Cost": "{{fields.wording}}",
    "Point": "{{fields.text}}",
    "Step": "{{fields.title}} {{fields.text}}",
    "Figure": "{{fields.label}}: {{fields.value}}",
    "Quote": "{{fields.person}}",
    "Contact": "{{fields.name}} {{fields.organisation}}",
    "Link": "{{fields.url}}",
    "EditorNote": "{{fields.text}}",
    "Source": "{{fields.document}}: {{fields.section}}",
}

# What one item of a list is called ("Voeg … toe"), by "Model.field".
SINGULAR: dict[str, str] = {
    "Practice.costs": "kost",
    "Practice.strengths": "troef",
    "Practice.challenges": "uitdaging",
    "Practice.conditions": "voorwaarde",
    "Practice.procedure": "stap",
    "Outcomes.figures": "cijfer",
    "Practice.quotes": "getuigenis",
    "Practice.contacts": "contactpersoon",
    "Practice.links": "link",
    "Practice.editor_notes": "bronnotitie",
    "Practice.sources": "bron",
    "Practice.see_also": "slug",
    "Coordination.organisations": "organisatie",
    "Coordination.partners": "partner",
    "Scope.places": "plaats",
}


def js_regex(regex: Any) -> str:
    """A Python pattern of the models as the JavaScript pattern Decap checks: white space around
    the value allowed (the models strip it), case-insensitive patterns spelled out."""
    from .schema import js_pattern

    return js_pattern(regex)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type inside Optional/Annotated, with the metadata of every Annotated layer."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata += extra
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation}")
            annotation = args[0]
        else:
            return annotation, metadata


def _vocabulary(metadata: list[Any]) -> str | None:
    for item in metadata:
        schema = getattr(item, "json_schema", None)
        if isinstance(schema, dict) and "x-vocabulary" in schema:
            return schema["x-vocabulary"]["kind"]
    return None


def _pattern_name(metadata: list[Any]) -> str | None:
    for item in metadata:
        extra = getattr(item, "json_schema_extra", None)
        if isinstance(extra, dict) and "x-pattern" in extra:
            return str(extra["x-pattern"])
    return None


def _max_length(metadata: list[Any]) -> int | None:
    for item in metadata:
        if getattr(item, "max_length", None) is not None:
            return item.max_length
    return None


def _bounds(metadata: list[Any]) -> dict[str, Any]:
    bounds: dict[str, Any] = {}
    for item in metadata:
        for name, key in (("ge", "min"), ("le", "max")):
            if getattr(item, name, None) is not None:
                bounds[key] = getattr(item, name)
        for inner in getattr(item, "metadata", []) or []:  # Field(...) inside Annotated
            for name, key in (("ge", "min"), ("le", "max")):
                if getattr(inner, name, None) is not None:
                    bounds[key] = getattr(inner, name)
    return bounds


def _vocabulary_options(kind: str) -> list[dict[str, str]]:
    vocabulary = load_vocabularies()[kind]
    return [{"label": term.nl, "value": term.id} for term in vocabulary.terms]


def _widget(key: str, annotation: Any, metadata: list[Any], optional: bool = False) -> dict[str, Any]:
    """Decap's widget settings for one value of type ``annotation`` (``optional``: a field that
    may be left out, whose own required fields are required only when it is filled in)."""
    inner, more = _unwrap(annotation)
    metadata = metadata + more
    kind = _vocabulary(metadata)
    if kind:
        return {"widget": "select", "options": _vocabulary_options(kind)}
    if typing.get_origin(inner) is typing.Literal:
        labels = CHOICE_LABELS.get(key, {})
        return {"widget": "select", "options": [{"label": _capital(labels.get(value, value)), "value": value} for value in typing.get_args(inner)]}
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": model_fields(inner, in_optional=optional)}
    if typing.get_origin(inner) is list:
        (item,) = typing.get_args(inner)
        item_type, item_metadata = _unwrap(item)
        if _vocabulary(item_metadata):
            return {**_widget(key, item, []), "multiple": True}
        if isinstance(item_type, type) and issubclass(item_type, BaseModel):
            name = item_type.__name__
            # text_items: an item written as plain text is {"text": ...} (fmt.TEXT_ITEMS; read so by praktijken-yaml.js)
            return {
                "widget": "list",
                "label_singular": SINGULAR[key],
                "summary": SUMMARIES[name],
                "collapsed": False,
                **({"text_items": True} if item_type in TEXT_ITEMS else {}),
                "fields": model_fields(item_type, in_list=True),
            }
        return {"widget": "list", "label_singular": SINGULAR[key], "field": {"name": "item", "label": _capital(SINGULAR[key]), **_widget(key, item, [])}}
    if inner is datetime.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD-MM-YYYY", "time_format": False, "picker_utc": True}
    if inner is bool:
        return {"widget": "boolean"}
    if inner is int:
        return {"widget": "number", "value_type": "int", **_bounds(metadata)}
    if inner is float:
        return {"widget": "getal", "value_type": "float", "pattern": [NUMBER_PATTERN, NUMBER_MESSAGE], **_bounds(metadata)}
    if inner is str:
        pattern = _pattern_name(metadata)
        if pattern == "email":
            return {"widget": "string", "pattern": [js_regex(EMAIL_PATTERN), "een geldig e-mailadres, zoals naam@organisatie.be"]}
        if pattern == "url":
            return {"widget": "string", "pattern": [js_regex(URL_PATTERN), "een link die begint met https://, http:// of mailto:"]}
        if key == "Practice.see_also":
            return {"widget": "string", "pattern": [SLUG_PATTERN, "een slug: kleine letters, cijfers en koppeltekens, zoals project-3030"]}
        length = _max_length(metadata)
        return {"widget": "string" if length is not None and length <= 300 else "text"}
    raise TypeError(f"{key}: no widget for {annotation!r}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _field(model: type[BaseModel], name: str, info: FieldInfo, in_list: bool, in_optional: bool) -> dict[str, Any]:
    key = f"{model.__name__}.{name}"
    # A field without a Dutch label gets its name (a test says which label is missing).
    field: dict[str, Any] = {"name": name, "label": LABELS.get(key, name)}
    widget = _widget(key, info.annotation, [*info.metadata, info], optional=not info.is_required())
    field.update(widget)
    # Decap checks a required field inside an optional part even when the part is left empty, so
    # there the form's script (praktijken-admin.js) checks it, only when the part is filled in.
    field["required"] = info.is_required() and not in_optional
    if info.is_required() and in_optional:
        field["required_when_part_filled"] = True
    if not info.is_required() and widget["widget"] == "select" and not in_list and isinstance(info.default, str):
        field["default"] = info.default  # e.g. long_term: a new record says "unknown" as every record does
    if key in HINTS:
        field["hint"] = HINTS[key]
    least = next((item.min_length for item in info.metadata if getattr(item, "min_length", None)), None)
    if widget["widget"] == "list" and field["required"] and least:  # organisations may be [] (the source names none)
        field["min"] = least
    for item in info.metadata:  # at most so many items (e.g. three themes)
        if getattr(item, "max_length", None) is not None and widget["widget"] in ("list", "select"):
            field["max"] = item.max_length
    return field


def model_fields(model: type[BaseModel], in_list: bool = False, in_optional: bool = False) -> list[dict[str, Any]]:
    """Decap's fields for ``model``, in the order of the model's fields."""
    return [_field(model, name, info, in_list, in_optional) for name, info in model.model_fields.items()]


def repo_url(project_root: Path) -> str:
    """The repository's address: ``repo_url`` in mkdocs.yml (the one setting the issue links and
    the editor read)."""
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    return str(config.get("repo_url") or DEFAULT_REPO_URL).rstrip("/")


def editor_settings(project_root: Path) -> dict[str, Any]:
    """The editor's settings in mkdocs.yml (``extra.webformulier``): the OAuth provider."""
    config = yaml.safe_load((project_root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    return dict(((config.get("extra") or {}).get("webformulier")) or {})


def decap_config(project_root: Path) -> dict[str, Any]:
    """Decap's configuration, as a dict."""
    url = repo_url(project_root)
    repo = "/".join(url.split("/")[-2:])
    settings = editor_settings(project_root)
    backend: dict[str, Any] = {
        "name": "github",
        "repo": repo,
        "branch": str(settings.get("branch", "main")),
        "commit_messages": {
            "create": "Nieuwe praktijk: {{slug}}",
            "update": "Praktijk bijgewerkt: {{slug}}",
            "delete": "Praktijk verwijderd: {{slug}}",
            "uploadMedia": "Bestand: {{path}}",
            "deleteMedia": "Bestand verwijderd: {{path}}",
        },
    }
    if settings.get("oauth_url"):
        backend["base_url"] = str(settings["oauth_url"]).rstrip("/")
        backend["auth_endpoint"] = str(settings.get("auth_endpoint", "auth"))
    fields = model_fields(Practice)
    fields[0]["comment"] = "yaml-language-server: $schema=../generator/practice.schema.json"  # the records' first line
    return {
        "backend": backend,
        "local_backend": {"url": f"http://127.0.0.1:{LOCAL_SERVER_PORT}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "editorial_workflow",
        "locale": "nl",
        "media_folder": "content/assets/uploads",
        "public_folder": "/assets/uploads",
        "show_preview_links": False,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            {
                "name": "praktijken",
                "label": "Praktijken",
                "label_singular": "praktijk",
                "description": "Elke praktijk is één bestand in practices/. Opslaan maakt een voorstel (een pull request) dat de redactie nakijkt.",
                "folder": PRACTICES_FOLDER,
                "extension": "yaml",
                "format": RECORD_FORMAT,
                "create": True,
                "delete": False,
                "slug": "{{slug}}",
                "identifier_field": "title",
                "summary": "{{title}}",
                "sortable_fields": ["title"],
                "editor": {"preview": False},
                "fields": fields,
            }
        ],
    }


HEADER = """\
# Decap CMS configuration of the web editor at /admin/.
# GENERATED by `praktijken schema` from generator/models.py, generator/vocabularies.yaml and the
# repo_url and extra.webformulier settings in mkdocs.yml: do not edit; a test keeps it up to date.
# Written as JSON (which is YAML): admin/praktijken-admin.js reads it too.
"""


def config_text(project_root: Path) -> str:
    return HEADER + json.dumps(decap_config(project_root), ensure_ascii=False, indent=2) + "\n"


def config_file(project_root: Path) -> Path:
    return project_root / ADMIN_FOLDER / CONFIG_NAME


def bundle_files(project_root: Path) -> list[Path]:
    """The files of the Decap bundle a page needs: the script, its chunks and WebAssembly, its
    licence notice; no source maps and not the second copy (cms.js)."""
    folder = project_root / BUNDLE_FOLDER
    if not (folder / BUNDLE_SCRIPT).is_file():
        return []
    return sorted(
        path for path in folder.iterdir() if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in (BUNDLE_SCRIPT, BUNDLE_SCRIPT + ".LICENSE.txt")
    )


def yaml_files(project_root: Path) -> list[Path]:
    """The ES modules of the npm package ``yaml`` 1.10 (browser build) and its licence; empty when
    that version is not installed."""
    package = project_root / YAML_PACKAGE
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return []
    folder = package / "browser" / "dist"
    if not str(version).startswith(YAML_VERSION) or not (folder / "index.js").is_file():
        return []
    return [*sorted(path for path in folder.iterdir() if path.name.endswith(".js") or path.name == "package.json"), package / "LICENSE"]


def copy_admin(project_root: Path, site_dir: Path) -> str | None:
    """Put the web editor into ``site_dir/admin/``; a Dutch note when it is left out, else None."""
    source = project_root / ADMIN_FOLDER
    if not (source / "index.html").is_file():
        return None  # a project without the editor (e.g. a test copy of only content/ and practices/)
    bundle = bundle_files(project_root)
    writer = yaml_files(project_root)
    if not bundle or not writer:
        missing = "node_modules/decap-cms" if not bundle else f"{YAML_PACKAGE.as_posix()} (versie 1.10)"
        return (
            f"Let op: het webformulier (/admin/) is weggelaten, want {missing} ontbreekt. "
            "Installeer het met 'npm ci' (of 'make node_modules/.installed') en bouw opnieuw."
        )
    target = site_dir / ADMIN_FOLDER
    if target.exists():
        raise FileExistsError(f"admin/ staat al in de gebouwde site; die naam is voorbehouden voor het webformulier: {target}")
    target.mkdir()
    for path in sorted(source.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            shutil.copyfile(path, target / path.name)
    for path in bundle:
        shutil.copyfile(path, target / path.name)
    (target / YAML_FOLDER).mkdir()
    for path in writer:
        shutil.copyfile(path, target / YAML_FOLDER / path.name)
    return None


class EditorError(Exception):
    """The local editor cannot start; the message says why, in Dutch."""


def decap_server_command(project_root: Path) -> list[str]:
    program = project_root / "node_modules" / ".bin" / "decap-server"
    if not program.exists():
        raise EditorError("decap-server ontbreekt (node_modules/.bin/decap-server); installeer het met 'npm ci' in de projectmap")
    return [str(program)]


def start_decap_server(project_root: Path, port: int = LOCAL_SERVER_PORT, timeout: float = 20.0) -> Any:
    """decap-server in local git mode on 127.0.0.1:``port``, for the repository at ``project_root``;
    returns the process once it answers. It saves to a branch ``cms/praktijken/<slug>`` per record,
    as the editorial workflow does on GitHub."""
    import os
    import socket
    import subprocess
    import time

    if not (project_root / ".git").exists():
        raise EditorError(f"{project_root} is geen git-repository; het webformulier bewaart wijzigingen als git-commits")
    env = {
        **os.environ,
        "MODE": "git",
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(project_root),
        "LOG_LEVEL": os.environ.get("DECAP_LOG_LEVEL", "warn"),
    }
    process = subprocess.Popen(decap_server_command(project_root), cwd=project_root, env=env)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EditorError(f"decap-server stopte meteen (code {process.returncode}); is poort {port} al in gebruik?")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    stop_process(process)
    raise EditorError(f"decap-server antwoordde niet binnen {timeout:.0f} seconden op poort {port}")


def uncommitted_files(project_root: Path) -> list[str]:
    """Changed and untracked files in the repository: decap-server commits every file in the work
    tree ("git add .") onto the branch it saves to, and switches branches in it."""
    import subprocess

    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=normal"], cwd=project_root, capture_output=True, text=True, check=False)
    return [line[3:] for line in status.stdout.splitlines()]


def stop_process(process: Any) -> None:
    import subprocess

    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
