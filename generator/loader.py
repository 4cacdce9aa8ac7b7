"""Load and validate practice records: every problem in every file, each with file, line,
field and what is allowed. Nothing here writes anything."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .models import SLUG_PATTERN, Practice
from .parallel import gc_paused, in_worker, parallel_map
from .yamlfile import ParsedYaml, YamlProblem, parse_yaml

SLUG = re.compile(SLUG_PATTERN)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record."""

    path: Path
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        what = f" {self.field}:" if self.field else ""
        return f"{where}:{what} {self.message}"


@dataclass(frozen=True)
class LoadedPractice:
    slug: str
    path: Path
    practice: Practice


@dataclass(frozen=True)
class LoadResult:
    practices: list[LoadedPractice]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def practice_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def load_practice(path: Path) -> tuple[LoadedPractice | None, list[Problem]]:
    """Read and validate one record file."""
    problems: list[Problem] = []
    slug = path.stem
    if path.suffix != ".yaml":
        problems.append(Problem(path, "een record eindigt op .yaml"))
    if not SLUG.match(slug):
        problems.append(
            Problem(path, f"de bestandsnaam {slug!r} is geen geldige slug: gebruik kleine letters, cijfers en koppeltekens, zoals 'project-3030.yaml'")
        )
    try:
        parsed = parse_yaml(path.read_bytes())
    except YamlProblem as exc:
        return None, [*problems, Problem(path, exc.message, exc.line)]
    except OSError as exc:
        return None, [*problems, Problem(path, f"kan het bestand niet lezen: {exc.strerror}")]
    if not isinstance(parsed.data, dict):
        return None, [*problems, Problem(path, "een record is een mapping van velden (zoals 'title: ...'), geen lijst of losse tekst", 1)]
    try:
        practice = Practice.model_validate(parsed.data)
    except ValidationError as exc:
        return None, [*problems, *_validation_problems(path, parsed, exc)]
    if problems:
        return None, problems
    return LoadedPractice(slug, path, practice), []


def _load_for_collection(path: Path) -> tuple[LoadedPractice | dict | None, list[Problem]]:
    """``load_practice``; in a worker process the record comes back as plain data, which travels
    between processes much faster than models (the caller validates it again)."""
    item, problems = load_practice(path)
    if item is not None and in_worker():
        return item.practice.model_dump(), problems
    return item, problems


def load_practices(paths: list[Path]) -> LoadResult:
    """Load every file and check the collection as a whole (unique slugs and titles).

    Large collections are read by several worker processes (see ``parallel``)."""
    loaded: list[LoadedPractice] = []
    problems: list[Problem] = []
    with gc_paused():
        for path, (item, item_problems) in zip(paths, parallel_map(_load_for_collection, paths), strict=True):
            problems.extend(item_problems)
            if isinstance(item, dict):
                item = LoadedPractice(path.stem, path, Practice.model_validate(item))
            if item is not None:
                loaded.append(item)
    problems.extend(_collection_problems(loaded))
    loaded.sort(key=lambda item: item.practice.title.casefold())
    return LoadResult(loaded, problems)


def _collection_problems(loaded: list[LoadedPractice]) -> list[Problem]:
    problems = []
    first_by_slug: dict[str, Path] = {}
    first_by_title: dict[str, Path] = {}
    for item in loaded:
        slug_key = item.slug
        if slug_key in first_by_slug:
            problems.append(Problem(item.path, f"de slug {item.slug!r} is al in gebruik door {first_by_slug[slug_key]}"))
        first_by_slug.setdefault(slug_key, item.path)
        title_key = " ".join(item.practice.title.casefold().split())
        if title_key in first_by_title:
            problems.append(
                Problem(item.path, f"de titel {item.practice.title!r} is al in gebruik door {first_by_title[title_key]}", 1, "title")
            )
        first_by_title.setdefault(title_key, item.path)
    # see_also names other records: those loaded here, or record files next to this one (when only
    # some files are validated, the others still exist).
    known = set(first_by_slug)
    for folder in {item.path.parent for item in loaded if item.practice.see_also}:
        known.update(path.stem for path in folder.glob("*.yaml"))
    for item in loaded:
        for index, slug in enumerate(item.practice.see_also):
            if slug == item.slug:
                problems.append(Problem(item.path, "een record kan niet naar zichzelf verwijzen", None, f"see_also[{index}]"))
            elif slug not in known:
                problems.append(Problem(item.path, f"er is geen record met de slug {slug!r} (verwacht: de bestandsnaam zonder .yaml van een bestaand record)", None, f"see_also[{index}]"))
    return problems


# Dutch wording for Pydantic's own error types; custom errors already speak Dutch.
_MESSAGES = {
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
}


def _validation_problems(path: Path, parsed: ParsedYaml, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        field = _field_path(loc)
        context = {key: str(value).replace("' or '", "' of '") for key, value in item.get("ctx", {}).items()}
        message = _MESSAGES.get(item["type"], item["msg"]).format(**context)
        if item["type"] == "extra_forbidden":
            message += f"; toegestaan: {', '.join(_allowed_fields(loc[:-1]))}"
            if " " in str(loc[-1]):
                message += ". Staat er een dubbele punt gevolgd door een spatie in je tekst? Zet de tekst dan tussen aanhalingstekens"
        line = parsed.line_of(loc[:-1] if item["type"] == "missing" else loc)
        problems.append(Problem(path, message, line, field))
    return problems


def _field_path(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(record)"


def _allowed_fields(parent: tuple[str | int, ...]) -> list[str]:
    model = Practice
    for part in parent:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        model = _model_in(annotation)
        if model is None:
            return []
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
