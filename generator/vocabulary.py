"""The controlled vocabularies: priorities, sectors, target groups, regions, countries,
levels and source documents, read from ``vocabularies.yaml`` beside this module.

A term can be written as its id, its Dutch name or one of its variants; ``resolve`` turns
any of these into the id, and ``suggest`` finds the nearest terms for a misspelling.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabularies.yaml")
KINDS = ("priorities", "sectors", "target_groups", "regions", "countries", "levels", "documents")


@dataclass(frozen=True)
class Term:
    id: str
    nl: str
    variants: tuple[str, ...] = ()
    en: str | None = None
    number: int | None = None
    description: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    kind: str
    terms: tuple[Term, ...]
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _by_id: dict[str, Term] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            self._by_id[term.id] = term
            for name in (term.id, term.nl, *term.variants):
                self._index.setdefault(_key(name), term.id)

    def resolve(self, value: str) -> str | None:
        """The id of the term written as ``value`` (id, name or variant), or None."""
        return self._index.get(_key(value))

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """Ids of the terms whose id, name or variant is closest to ``value``."""
        close = difflib.get_close_matches(_key(value), list(self._index), n=n * 3, cutoff=0.6)
        ids: list[str] = []
        for name in close:
            if self._index[name] not in ids:
                ids.append(self._index[name])
        return ids[:n]

    def get(self, term_id: str) -> Term:
        return self._by_id[term_id]

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.terms]

    def label(self, term_id: str) -> str:
        return self.get(term_id).nl


def _key(name: str) -> str:
    return " ".join(str(name).casefold().split())


@functools.cache
def load_vocabularies(path: Path = VOCABULARY_FILE) -> dict[str, Vocabulary]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    vocabularies = {}
    for kind in KINDS:
        for item in data[kind]:
            if not isinstance(item.get("id"), str):
                raise ValueError(f"{path}: {kind}: de id {item.get('id')!r} is geen tekst; zet ze tussen aanhalingstekens")
        terms = tuple(Term(**{**item, "variants": tuple(item.get("variants", ()))}) for item in data[kind])
        vocabularies[kind] = Vocabulary(kind, terms)
    return vocabularies
