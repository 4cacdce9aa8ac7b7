"""The controlled vocabularies: priorities, sectors, target groups, themes (kinds of action),
regions, countries, levels and source documents, read from ``vocabularies.yaml`` beside this module.

A term can be written as its id, its Dutch name or one of its variants; ``resolve`` turns
any of these into the id, and ``suggest`` finds the nearest terms for a misspelling.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

VOCABULARY_FILE = Path(__file__).with_name("vocabularies.yaml")
KINDS = ("priorities", "sectors", "target_groups", "themes", "regions", "countries", "levels", "documents")

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Term(BaseModel):
    """One term: a fixed id (used in records, never changed), its Dutch name and other wordings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$", max_length=60)]
    nl: Name
    variants: tuple[Name, ...] = ()
    en: Name | None = None
    number: Annotated[int, Field(ge=1)] | None = None
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = None
    file: Name | None = None
    # Ids of broader terms of the same vocabulary ("langdurig-werkzoekenden" falls under
    # "werkzoekenden"): a practice's page is also found by their names and variants.
    broader: tuple[Annotated[str, StringConstraints(max_length=60)], ...] = ()
    # A source document's year of publication, shown wherever the document is cited.
    year: Annotated[int, Field(strict=True, ge=1900, le=2100)] | None = None


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
NoteKind = Literal["inferred", "reconstructed", "inconsistent", "editorial"]


class DocumentTotal(BaseModel):
    """A figure for the whole document (all its actions together), exactly as the source prints it:
    ``printed`` is the source's own wording, ``value`` the number read from it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Name
    value: Annotated[float, Field(strict=False)]
    unit: Name | None = None  # "euro" shows the value as an amount
    printed: Text
    note: Text | None = None


class DocumentNote(BaseModel):
    """A note of the editors about the document as a whole (the same kinds as a record's notes)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: NoteKind
    text: Text

    @property
    def label(self) -> str:
        from .models import EDITOR_NOTE_LABELS

        return EDITOR_NOTE_LABELS[self.kind]


class Document(Term):
    """A source document: a term with what its page shows (publisher, year and whether the editors
    inferred them, what it covers, its report-wide totals, its conclusion and notes)."""

    publisher: Name | None = None
    # True when the document does not print it and the editors inferred it (said on its page).
    publisher_inferred: bool = False
    year_inferred: bool = False
    year_basis: Text | None = None  # how the year was found
    totals: tuple[DocumentTotal, ...] = ()
    totals_section: Name | None = None  # where in the document its totals stand
    notes: tuple[DocumentNote, ...] = ()
    # The document's own conclusion about all its actions together, in the editors' words.
    conclusion: Text | None = None
    conclusion_section: Name | None = None  # where in the document it stands

    @model_validator(mode="after")
    def _inferred_says_what(self) -> Document:
        if self.year_inferred and not self.year_basis:
            raise ValueError(f"{self.id}: een afgeleid jaar (year_inferred) vraagt year_basis: waaruit volgt het?")
        if self.publisher_inferred and not self.publisher:
            raise ValueError(f"{self.id}: publisher_inferred zonder publisher")
        return self


class VocabularyFile(BaseModel):
    """What ``vocabularies.yaml`` holds: every kind, each a list of terms with unique ids."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    priorities: Annotated[list[Term], Field(min_length=1)]
    sectors: Annotated[list[Term], Field(min_length=1)]
    target_groups: Annotated[list[Term], Field(min_length=1)]
    themes: Annotated[list[Term], Field(min_length=1)]
    regions: Annotated[list[Term], Field(min_length=1)]
    countries: Annotated[list[Term], Field(min_length=1)]
    levels: Annotated[list[Term], Field(min_length=1)]
    documents: Annotated[list[Document], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_ids(self) -> VocabularyFile:
        for kind in KINDS:
            ids = [term.id for term in getattr(self, kind)]
            doubles = sorted({i for i in ids if ids.count(i) > 1})
            if doubles:
                raise ValueError(f"{kind}: de id {doubles[0]!r} komt meer dan eens voor")
        undated = [term.id for term in self.documents if term.year is None]
        if undated:
            raise ValueError(f"documents: {undated[0]!r} heeft geen jaar van publicatie (year)")
        return self

    @model_validator(mode="after")
    def _broader_terms_known(self) -> VocabularyFile:
        for kind in KINDS:
            terms = {term.id: term for term in getattr(self, kind)}
            for term in terms.values():
                for broader in term.broader:
                    if broader not in terms or broader == term.id:
                        raise ValueError(f"{kind}: {term.id!r} heeft een onbekende bredere term {broader!r} (broader)")
        return self


class VocabularyError(Exception):
    """``vocabularies.yaml`` is not as it should be; the message says where and why, in Dutch."""


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

    def cited(self, term_id: str) -> str:
        """A term as a mention of it reads: for a source document its name and year of publication
        ("WES, studie … (2013)"), in the compare page's rows and the search's source filter alike."""
        term = self.get(term_id)
        return term.nl if term.year is None else f"{term.nl} ({term.year})"

    def search_words(self, term_id: str) -> list[str]:
        """What search should find a practice with this term by: its name and variants, and those
        of every broader term (and theirs), without doubles."""
        words: list[str] = []
        seen_terms: set[str] = set()
        pending = [term_id]
        while pending:
            term = self.get(pending.pop(0))
            if term.id in seen_terms:
                continue
            seen_terms.add(term.id)
            for word in (term.nl, *term.variants):
                if _key(word) not in map(_key, words):
                    words.append(word)
            pending += term.broader
        return words


def _key(name: str) -> str:
    return " ".join(str(name).casefold().split())


@functools.cache
def load_vocabularies(path: Path = VOCABULARY_FILE) -> dict[str, Vocabulary]:
    """The vocabularies, validated like the records; ``VocabularyError`` names file, line and field."""
    from .messages import dutch_message
    from .yamlfile import YamlProblem, parse_yaml

    try:
        parsed = parse_yaml(path.read_bytes())
        data = VocabularyFile.model_validate(parsed.data)
    except YamlProblem as exc:
        raise VocabularyError(f"{path}:{exc.line or 1}: {exc.message}") from None
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        line = parsed.line_of(tuple(error["loc"])) or 1
        where = ".".join(str(part) for part in error["loc"]) or "(bestand)"
        raise VocabularyError(f"{path}:{line}: {where}: {dutch_message(error)}") from None
    return {kind: Vocabulary(kind, tuple(getattr(data, kind))) for kind in KINDS}
