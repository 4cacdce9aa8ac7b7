"""Load and validate practice records: every problem in every file, each with file, line,
field and what is allowed. Nothing here writes anything, and nothing outside the folders and
files it is given is read: symbolic links, pipes and devices are refused, not followed or opened.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .messages import dutch_message
from .models import SLUG_PATTERN, Practice
from .urls import MAX_SLUG_LENGTH, RESERVED_SLUGS, slugify
from .yamlfile import MAX_BYTES, ParsedYaml, YamlProblem, parse_yaml

SLUG = re.compile(SLUG_PATTERN)
MAX_PROBLEMS_PER_FILE = 20


def shown(text: object) -> str:
    """Text as it may be printed on a terminal: control characters (escape codes, line breaks in
    a file name) are written as \\x.. escapes, never sent as they are."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record."""

    path: Path
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{shown(self.path)}:{self.line}" if self.line else f"{shown(self.path)}"
        what = f" {shown(self.field)}:" if self.field else ""
        return f"{where}:{what} {shown(self.message)}"


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


class RecordsFolderError(Exception):
    """The records folder itself cannot be read (missing, not a folder, no permission)."""


def practice_files(directory: Path) -> list[Path]:
    """The record files in ``directory``: every entry whose name ends in .yaml or .yml (in any case,
    so that a wrong name is reported rather than skipped), sorted by name."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        raise RecordsFolderError(f"de map {shown(directory)} bestaat niet; de records staan in practices/") from None
    except NotADirectoryError:
        raise RecordsFolderError(f"{shown(directory)} is geen map") from None
    except PermissionError:
        raise RecordsFolderError(f"geen toegang tot de map {shown(directory)}") from None
    return sorted(directory / name for name in names if name.lower().endswith((".yaml", ".yml")))


def read_record(path: Path) -> bytes:
    """The bytes of one record file, never following a symbolic link, never blocking on a pipe or
    device, never reading more than ``MAX_BYTES`` + 1. ``YamlProblem`` says why not."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise YamlProblem("het bestand bestaat niet") from None
    except OSError as exc:
        raise YamlProblem(f"kan het bestand niet lezen: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise YamlProblem("is een symbolische link; een record moet een gewoon bestand in practices/ zijn (links worden niet gevolgd)")
    if not stat.S_ISREG(info.st_mode):
        raise YamlProblem("is geen gewoon bestand (maar een map, pipe of apparaat); een record is een tekstbestand")
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlProblem("is een symbolische link; een record moet een gewoon bestand in practices/ zijn") from None
        raise YamlProblem(f"kan het bestand niet lezen: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # replaced between the two looks
            raise YamlProblem("is geen gewoon bestand; een record is een tekstbestand")
        return file.read(MAX_BYTES + 1)


def _name_problems(path: Path) -> list[Problem]:
    slug, suffix = path.stem, path.suffix
    problems = []
    if suffix != ".yaml":
        problems.append(Problem(path, f"de bestandsnaam eindigt op {shown(suffix)!r}; een record eindigt op .yaml (kleine letters)"))
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        problems.append(
            Problem(
                path,
                f"de bestandsnaam '{shown(slug)[:100]}' is geen geldige slug: gebruik kleine letters, cijfers en koppeltekens "
                f"(hoogstens {MAX_SLUG_LENGTH} tekens), zoals 'project-3030.yaml'",
            )
        )
    elif slug in RESERVED_SLUGS:
        problems.append(Problem(path, f"de slug {slug!r} is voorbehouden voor een pagina van de site; kies een andere bestandsnaam"))
    return problems


def load_practice(path: Path) -> tuple[LoadedPractice | None, list[Problem]]:
    """Read and validate one record file: the record, or every problem with it."""
    problems = _name_problems(path)
    try:
        parsed = parse_yaml(read_record(path))
    except YamlProblem as exc:
        return None, [*problems, Problem(path, exc.message, exc.line)]
    if not isinstance(parsed.data, dict):
        return None, [*problems, Problem(path, "een record is een mapping van velden (zoals 'title: ...'), geen lijst of losse tekst", 1)]
    try:
        practice = Practice.model_validate(parsed.data)
    except ValidationError as exc:
        return None, [*problems, *_validation_problems(path, parsed, exc)]
    if problems:
        return None, problems
    return LoadedPractice(path.stem, path, practice), []


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while records are loaded: loading builds many objects that live
    on and few reference cycles, and the collector would otherwise scan the growing heap again and
    again. Memory is still freed by reference counting; cycles are collected afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_practices(paths: list[Path]) -> LoadResult:
    """Load every file and check the collection as a whole (unique slugs and titles)."""
    loaded: list[LoadedPractice] = []
    problems: list[Problem] = []
    with gc_paused():
        for path in paths:
            item, item_problems = load_practice(path)
            problems.extend(item_problems)
            if item is not None:
                loaded.append(item)
    problems.extend(_collection_problems(loaded))
    loaded.sort(key=lambda item: item.practice.title.casefold())
    return LoadResult(loaded, problems)


def same_title_key(title: str) -> str:
    """What two titles must differ in to count as different: not case, not spacing, not invisible
    characters (zero-width spaces and other format characters), not compatibility forms."""
    text = "".join(c for c in unicodedata.normalize("NFKC", title) if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


def _collection_problems(loaded: list[LoadedPractice]) -> list[Problem]:
    problems = []
    first_by_slug: dict[str, Path] = {}
    first_by_title: dict[str, Path] = {}
    for item in loaded:
        slug_key = item.slug
        if slug_key in first_by_slug:
            problems.append(Problem(item.path, f"de slug {item.slug!r} is al in gebruik door {first_by_slug[slug_key]}"))
        first_by_slug.setdefault(slug_key, item.path)
        title_key = same_title_key(item.practice.title)
        if title_key in first_by_title:
            problems.append(Problem(item.path, f"de titel {item.practice.title!r} is al in gebruik door {first_by_title[title_key]}", 1, "title"))
        first_by_title.setdefault(title_key, item.path)
    problems.extend(_organisation_clashes(loaded))
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
                problems.append(
                    Problem(
                        item.path,
                        f"er is geen record met de slug {slug!r} (verwacht: de bestandsnaam zonder .yaml van een bestaand record)",
                        None,
                        f"see_also[{index}]",
                    )
                )
    return problems


def _organisation_clashes(loaded: list[LoadedPractice]) -> list[Problem]:
    """Organisation names that differ (not only in capitals) but would share one browse page."""
    problems = []
    first: dict[str, tuple[str, Path]] = {}
    for item in loaded:
        for index, name in enumerate(item.practice.coordination.organisations):
            slug = slugify(name)
            other = first.setdefault(slug, (name, item.path))
            if other[0].casefold() != name.casefold():  # the same name in other capitals is the same organisation
                problems.append(
                    Problem(
                        item.path,
                        f"de organisatie {name!r} krijgt dezelfde pagina als {other[0]!r} (in {shown(other[1].name)}); "
                        "schrijf de naam overal op dezelfde manier",
                        None,
                        f"coordination.organisations[{index}]",
                    )
                )
    return problems


def _validation_problems(path: Path, parsed: ParsedYaml, error: ValidationError) -> list[Problem]:
    problems = []
    errors = error.errors(include_url=False)
    for item in errors[:MAX_PROBLEMS_PER_FILE]:
        loc = tuple(item["loc"])
        field = _field_path(loc)
        message = dutch_message(item)
        if item["type"] == "extra_forbidden":
            message += f"; toegestaan: {', '.join(_allowed_fields(loc[:-1]))}"
            if " " in str(loc[-1]):
                message += ". Staat er een dubbele punt gevolgd door een spatie in je tekst? Zet de tekst dan tussen aanhalingstekens"
        line = parsed.line_of(loc[:-1] if item["type"] == "missing" else loc)
        problems.append(Problem(path, message, line, field))
    if len(errors) > MAX_PROBLEMS_PER_FILE:
        problems.append(Problem(path, f"… en nog {len(errors) - MAX_PROBLEMS_PER_FILE} probleem/problemen in dit bestand; los eerst deze op"))
    return problems


def _field_path(loc: tuple[str | int, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(record)"


def _allowed_fields(parent: tuple[str | int, ...]) -> list[str]:
    model: type[BaseModel] | None = Practice
    for part in parent:
        if isinstance(part, int) or model is None:
            continue
        model = _model_in(model.model_fields[part].annotation)
    return list(model.model_fields) if model is not None else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
