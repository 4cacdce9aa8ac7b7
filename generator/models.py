"""The Pydantic models of a practice record: what every YAML file in ``practices/`` holds.

Field names are English; values are Dutch text as the source gives it. Terms from the
controlled vocabularies (``vocabularies.yaml``) may be written as id, Dutch name or variant
and are stored as ids. Amounts, years and counts are numbers.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .safe import LINE_BREAKS
from .vocabulary import load_vocabularies

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An address to write to, nothing more: no "?", "&" or "=" (a mailto: link would carry them as
# extra headers or a prefilled message).
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
URL_PATTERN = re.compile(r"^(https?://[^\s/?#]+\.[^\s/?#]+[^\s]*|mailto:[^\s?&=]+@[^\s?&=]+)$", re.IGNORECASE)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2100)]
# Amounts and counts: a number as YAML reads it (never text such as "€ 1.200"), and finite.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]


def _one_line(value: str) -> str:
    if LINE_BREAKS.search(value):
        raise PydanticCustomError("one_line", "moet op één regel passen (geen regeleinde)")
    return value


OneLine = Annotated[ShortText, AfterValidator(_one_line)]


def _term(kind: str, what: str, neuter: bool = False) -> Any:
    """A string type that accepts any name of a term of ``kind`` and stores its id. ``what`` is the
    Dutch word for the term; ``neuter`` for a het-word, which takes "onbekend" (onbekend niveau)
    where a de-word takes "onbekende" (onbekende sector)."""
    unknown = f"{'onbekend' if neuter else 'onbekende'} {what}"

    def resolve(value: Any) -> str:
        vocabulary = load_vocabularies()[kind]
        if not isinstance(value, str):
            raise PydanticCustomError("term_type", "moet een {what} zijn (tekst)", {"what": what})
        term_id = vocabulary.resolve(value)
        if term_id is None:
            suggestions = vocabulary.suggest(value)
            hint = f" Bedoel je {' of '.join(repr(s) for s in suggestions)}?" if suggestions else ""
            raise PydanticCustomError(
                "unknown_term",
                "{unknown} {value}.{hint} Toegestaan: {allowed}",
                {"unknown": unknown, "value": repr(value), "hint": hint, "allowed": ", ".join(vocabulary.ids)},
            )
        return term_id

    return Annotated[
        str,
        BeforeValidator(resolve),
        # schema.py turns "x-vocabulary" into the ids for completion and the names it accepts.
        WithJsonSchema({"type": "string", "x-vocabulary": {"kind": kind, "what": what, "unknown": unknown}}),
    ]


if TYPE_CHECKING:  # to a type checker, a term is the id it is stored as
    PriorityId = str
    SectorId = str
    TargetGroupId = str
    ThemeId = str
    RegionId = str
    CountryId = str
    LevelId = str
    DocumentId = str
else:
    PriorityId = _term("priorities", "prioriteit")
    SectorId = _term("sectors", "sector")
    TargetGroupId = _term("target_groups", "doelgroep")
    ThemeId = _term("themes", "thema", neuter=True)
    RegionId = _term("regions", "regio")
    CountryId = _term("countries", "land", neuter=True)
    LevelId = _term("levels", "niveau", neuter=True)
    DocumentId = _term("documents", "brondocument", neuter=True)


def _email(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        raise PydanticCustomError("email", "{value} is geen geldig e-mailadres (zoals naam@organisatie.be)", {"value": repr(value)})
    return value


def _url(value: str) -> str:
    if not URL_PATTERN.match(value):
        raise PydanticCustomError(
            "url",
            "{value} is geen geldige link: alleen http://, https:// en mailto: zijn toegestaan",
            {"value": repr(value)},
        )
    return value


# "x-pattern" names the pattern schema.py puts in the JSON Schema (EMAIL_PATTERN, URL_PATTERN).
Email = Annotated[str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email), Field(json_schema_extra={"x-pattern": "email"})]
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_url), Field(json_schema_extra={"x-pattern": "url"})]


class Record(BaseModel):
    """Base of every part of a record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _wrap_text(value: Any) -> Any:
    """Let an editor write a plain string where a small object with ``text`` is expected."""
    return {"text": value} if isinstance(value, str) else value


class Point(Record):
    """One strength, challenge or condition; optionally for whom it holds ("Bedrijf")."""

    text: Text
    audience: OneLine | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: Any) -> Any:
        return _wrap_text(value)


class Step(Record):
    """One step of the procedure, in order; `group` names the track it belongs to (e.g. "Werkzoekenden")."""

    text: Text
    title: OneLine | None = None
    group: OneLine | None = None
    when: OneLine | None = None
    who: OneLine | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: Any) -> Any:
        return _wrap_text(value)


class Figure(Record):
    """A figure the source prints: label, value (what was realised), unit and the period it covers.

    `target` is the figure aimed for (streefcijfer), where the source gives one; `qualifier` keeps
    "meer dan", "ongeveer" and the like that the source puts before the value."""

    label: ShortText
    value: Number
    target: Number | None = None
    qualifier: Literal["meer dan", "minstens", "ongeveer", "minder dan", "hoogstens"] | None = None
    unit: OneLine | None = None
    period: OneLine | None = None
    note: Text | None = None


class Outcomes(Record):
    text: Text | None = None
    figures: list[Figure] = []


CostKind = Literal["total", "per_participant", "ceiling", "fee", "hypothetical", "wider_scope"]
COST_KIND_LABELS: dict[str, str] = {
    "total": "totale kost",
    "per_participant": "per deelnemer",
    "ceiling": "plafond",
    "fee": "bijdrage of prijs",
    "hypothetical": "hypothetisch bedrag",
    "wider_scope": "voor een ruimer project",
}


class Cost(Record):
    """A cost as the source words it, with the amount in euro where it gives one.

    `kind` says what the amount is: the practice's own total cost (the default), an amount per
    participant, a ceiling (e.g. of a subsidy), a fee or price, a hypothetical amount, or an amount
    for a wider project or study than this practice alone. Only totals count when practices are
    sorted by cost."""

    wording: Text
    kind: CostKind = Field(
        default="total",
        description=(
            "total: de eigen totale kost van de praktijk; per_participant: per deelnemer; ceiling: een plafond "
            "(bv. van een subsidie); fee: een bijdrage of prijs; hypothetical: een hypothetisch bedrag; "
            "wider_scope: een bedrag voor een ruimer project of studie, niet voor deze praktijk alleen."
        ),
    )
    amount_eur: Number | None = Field(default=None, ge=0, description="Het bedrag in euro (kostprijs).")
    planned_eur: Number | None = Field(default=None, ge=0, description="Het geplande budget in euro.")
    spent_eur: Number | None = Field(default=None, ge=0, description="Het effectief bestede bedrag in euro.")
    year: Year | None = None
    period: OneLine | None = None
    covers: Text | None = None

    @property
    def kind_label(self) -> str:
        """The kind in Dutch, as the practice page shows it."""
        return COST_KIND_LABELS[self.kind]


class Period(Record):
    wording: Text
    start: Year | None = None
    end: Year | None = None
    ongoing: Flag = False

    @model_validator(mode="after")
    def _end_after_start(self) -> Period:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise PydanticCustomError("period_order", "het eindjaar {end} ligt vóór het startjaar {start}", {"end": self.end, "start": self.start})
        return self


class Priorities(Record):
    """The skills priorities a practice addresses, and who named them."""

    terms: Annotated[list[PriorityId], Field(min_length=1)]
    basis: Literal["source", "editors"] = Field(description="source: het brondocument noemt de prioriteiten; editors: de redactie kende ze toe.")
    wording: Text | None = None


class Themes(Record):
    """The kinds of action a practice is (``themes`` in the vocabularies), most important first.

    The sources name no themes: the editors assign one to three to every record."""

    terms: Annotated[list[ThemeId], Field(min_length=1, max_length=3)]
    basis: Literal["source", "editors"] = Field(description="source: het brondocument noemt de thema's; editors: de redactie kende ze toe.")


class TargetGroups(Record):
    terms: Annotated[list[TargetGroupId], Field(min_length=1)]
    wording: Text | None = None


class Coordination(Record):
    """Who coordinates: the organisations by name. Where the source names none, the list is empty and
    `wording` says what the source says (e.g. "niet vermeld"): never a placeholder organisation."""

    organisations: list[OneLine]
    partners: list[OneLine] = []
    wording: Text | None = None

    @model_validator(mode="after")
    def _someone_or_wording(self) -> Coordination:
        if not self.organisations and not self.wording:
            raise PydanticCustomError(
                "coordination_empty", "noem minstens 1 organisatie, of zeg in wording wat de bron over de coördinatie zegt (bv. 'niet vermeld')"
            )
        return self


class Scope(Record):
    level: LevelId
    country: CountryId = "BE"
    regions: list[RegionId] = []
    places: list[OneLine] = []


class Quote(Record):
    text: Text
    person: OneLine
    role: OneLine | None = None


class Contact(Record):
    name: OneLine | None = None
    role: OneLine | None = None
    organisation: OneLine | None = None
    email: Email | None = None
    phone: OneLine | None = None


class Link(Record):
    url: Url
    label: OneLine | None = None


class Source(Record):
    document: DocumentId
    section: OneLine
    pages: OneLine | None = None


EditorNoteKind = Literal["inferred", "reconstructed", "inconsistent", "editorial"]
EDITOR_NOTE_LABELS: dict[str, str] = {
    "inferred": "Afgeleid door de redactie",
    "reconstructed": "Gereconstrueerd",
    "inconsistent": "Tegenstrijdig in de bron",
    "editorial": "Keuze van de redactie",
}


class EditorNote(Record):
    """A note of the editors about where a record's content comes from.

    inferred: the editors inferred it, the source does not say it; reconstructed: a table, chart or
    text broken by the extraction was rebuilt from context; inconsistent: the source contradicts
    itself (both figures are kept); editorial: any other choice of the editors (what was left out,
    a link completed, a term chosen where the vocabulary has none)."""

    kind: EditorNoteKind = Field(
        description=(
            "inferred: afgeleid door de redactie (de bron zegt het niet); reconstructed: een tabel, grafiek of tekst "
            "die de extractie brak, herbouwd; inconsistent: de bron spreekt zichzelf tegen; editorial: een andere keuze van de redactie."
        )
    )
    text: Text

    @property
    def label(self) -> str:
        """The kind in Dutch, as the practice page shows it."""
        return EDITOR_NOTE_LABELS[self.kind]


# Whether the source calls the practice a long-term action: three states a form's select can hold
# (plain words, never yes/no, which YAML 1.1 reads as booleans).
LongTerm = Literal["long", "short", "unknown"]
LONG_TERM_LABELS: dict[str, str] = {
    "long": "langetermijnactie",
    "short": "kortetermijnactie",
    "unknown": "niet in de bron",
}


# Whether the practice still runs, as far as its source says: set only where the source says so.
Status = Literal["ongoing", "ended", "unknown"]
STATUS_LABELS: dict[str, str] = {
    "ongoing": "loopt nog",
    "ended": "afgelopen",
    "unknown": "niet vermeld in de bron",
}
FIRST_REVIEW = datetime.date(2000, 1, 1)
LAST_REVIEW = datetime.date(2100, 12, 31)


def _review_date(value: Any) -> Any:
    """A date as YAML reads an unquoted 2026-11-30, or the same written as text ("2026-11-30").

    Never a number (Pydantic would read 20261130 as seconds since 1970) or a date with a time."""
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError("review_date", "moet een datum zijn zonder tijd, zoals 2026-11-30")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError("review_date", "{value} is geen bestaande datum", {"value": repr(value)}) from None
    raise PydanticCustomError("review_date", "moet een datum zijn in de vorm jjjj-mm-dd, zoals 2026-11-30")


def _review_range(value: datetime.date) -> datetime.date:
    if not FIRST_REVIEW <= value <= LAST_REVIEW:
        raise PydanticCustomError("review_date", "{value} ligt niet tussen 2000 en 2100", {"value": value.isoformat()})
    return value


ReviewDate = Annotated[
    datetime.date,
    BeforeValidator(_review_date),
    AfterValidator(_review_range),
    WithJsonSchema(
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "errorMessage": "Schrijf een datum als jjjj-mm-dd, zoals 2026-11-30."}
    ),
]


def _slug(value: str) -> str:
    if not re.match(SLUG_PATTERN, value):
        raise PydanticCustomError("slug", "{value} is geen geldige slug: kleine letters, cijfers en koppeltekens, zoals 'project-3030'", {"value": repr(value)})
    return value


Slug = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_slug)]


class Practice(Record):
    """One practice: everything a fiche says about it."""

    title: OneLine
    summary: OneLine
    goal: Text | None = None
    description: Text
    target_groups: TargetGroups
    sectors: Annotated[list[SectorId], Field(min_length=1)]
    coordination: Coordination
    scope: Scope
    period: Period | None = None
    status: Status = Field(
        default="unknown",
        description=(
            "ongoing: de bron zegt dat de praktijk nog loopt; ended: de bron zegt dat ze afgelopen is; "
            "unknown: de bron zegt het niet (alleen invullen wat de bron zegt)."
        ),
    )
    costs: list[Cost] = []
    funding: Text | None = None
    priorities: Priorities
    themes: Themes | None = Field(
        default=None,
        description="Soort actie: 1 tot 3 thema's (het belangrijkste eerst), toegekend door de redactie; de bronnen noemen geen thema's.",
    )
    strengths: list[Point] = []
    challenges: list[Point] = []
    conditions: list[Point] = []
    procedure: list[Step] = []
    outcomes: Outcomes | None = None
    quotes: list[Quote] = []
    contacts: list[Contact] = []
    links: list[Link] = []
    context: Text | None = Field(default=None, description="Ontstaanscontext: waarom en hoe de praktijk ontstond.")
    evaluation: Text | None = Field(default=None, description="Hoe de praktijk geëvalueerd werd, en door wie.")
    conclusion: Text | None = Field(default=None, description="De conclusie van de bron (bv. van het sectorfonds).")
    long_term: LongTerm = Field(
        default="unknown",
        description="long: de bron noemt de praktijk een langetermijnactie (LT); short: een kortetermijnactie (KT); unknown: de bron zegt het niet.",
    )
    more_info: Text | None = None
    see_also: list[Slug] = Field(
        default=[], description="Slugs van verwante records (bv. een initiatief dat ook in een breder record voorkomt), getoond als 'Zie ook'."
    )
    editor_notes: list[EditorNote] = Field(default=[], description="Bronnotities van de redactie: wat afgeleid, gereconstrueerd of tegenstrijdig is.")
    sources: Annotated[list[Source], Field(min_length=1)]
    reviewed: ReviewDate | None = Field(
        default=None,
        description="Laatst nagekeken: de datum (jjjj-mm-dd) waarop het record het laatst met de bron vergeleken werd.",
    )

    @property
    def status_label(self) -> str:
        """The status in Dutch, as the practice page shows it."""
        return STATUS_LABELS[self.status]
