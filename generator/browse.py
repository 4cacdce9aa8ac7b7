"""Ways to browse the collection without search: facets (sector, target group, theme, region, organisation),
their values with the practices under each, and related practices. Pure functions over loaded records."""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .loader import LoadedPractice
from .models import Practice
from .urls import facet_index_path, facet_value_path, slugify
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class FacetValue:
    slug: str
    label: str
    practices: tuple[LoadedPractice, ...]


@dataclass(frozen=True)
class ValueGroup:
    """Values of a facet under one heading of its index page (``anchor`` is the heading's id)."""

    anchor: str
    heading: str
    values: tuple[FacetValue, ...]


HOME_COUNTRY = "BE"
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER_INITIAL = "0–9"  # names that start with a digit or another sign


def initial(name: str) -> str:
    """The letter a name is listed under: its first letter without accents (É -> E), or OTHER_INITIAL."""
    for character in unicodedata.normalize("NFKD", name.strip()):
        if unicodedata.combining(character):
            continue
        letter = character.upper()
        return letter if letter in LETTERS else OTHER_INITIAL
    return OTHER_INITIAL


@dataclass(frozen=True)
class Facet:
    """A way to group practices, with one browse page per value and an index page listing the values."""

    folder: str  # where its pages live
    title: str  # the index page's title
    noun: str  # what one value is, in a sentence ("de sector Bouw")
    intro: str
    values: tuple[FacetValue, ...]
    grouping: str = "none"  # the index page: one list ("none"), "country" (Belgium, other countries) or "letter" (A–Z)
    described_by: str | None = None  # the vocabulary whose term descriptions the facet's pages show

    def description(self, value: FacetValue, vocab: dict[str, Vocabulary]) -> str:
        """What a value means, from its vocabulary term ("" when the facet has none)."""
        if self.described_by is None:
            return ""
        return vocab[self.described_by].get(value.slug).description or ""

    def groups(self) -> list[ValueGroup]:
        """The values as the index page lists them: in one list, or under headings (``grouping``)."""
        if self.grouping == "country":
            home = tuple(v for v in self.values if v.slug == f"land-{HOME_COUNTRY.lower()}" or not v.slug.startswith("land-"))
            abroad = tuple(sorted((v for v in self.values if v not in home), key=lambda v: v.label.casefold()))
            return [group for group in (ValueGroup("in-belgie", "In België", home), ValueGroup("andere-landen", "Andere landen", abroad)) if group.values]
        if self.grouping == "letter":
            by_letter: dict[str, list[FacetValue]] = {}
            for value in self.values:
                by_letter.setdefault(initial(value.label), []).append(value)
            return [
                ValueGroup(f"letter-{letter.lower()}" if letter != OTHER_INITIAL else "letter-overige", letter, tuple(by_letter[letter]))
                for letter in [*LETTERS, OTHER_INITIAL]
                if letter in by_letter
            ]
        return [ValueGroup("", "", self.values)]

    def index_path(self) -> str:
        return facet_index_path(self.folder)

    def value_path(self, value: FacetValue) -> str:
        return facet_value_path(self.folder, value.slug)


def _group(practices: list[LoadedPractice], values_of: Callable[[Practice], list[tuple[str, str]]], order: list[str] | None = None) -> tuple[FacetValue, ...]:
    """Practices per value; values in vocabulary order when given, else alphabetically by label."""
    members: dict[str, list[LoadedPractice]] = {}
    labels: dict[str, str] = {}
    for item in practices:
        for slug, label in dict.fromkeys(values_of(item.practice)):
            members.setdefault(slug, []).append(item)
            labels[slug] = label
    slugs = [slug for slug in order if slug in members] if order is not None else sorted(members, key=lambda slug: labels[slug].casefold())
    return tuple(FacetValue(slug, labels[slug], tuple(members[slug])) for slug in slugs)


def region_values(practice: Practice, vocab: dict[str, Vocabulary]) -> list[tuple[str, str]]:
    """The country, and within Belgium the regions, a practice is in."""
    country: str = practice.scope.country
    values = [(f"land-{country.lower()}", vocab["countries"].label(country))]
    values += [(region, vocab["regions"].label(region)) for region in practice.scope.regions]
    return values


def organisation_values(practice: Practice) -> list[tuple[str, str]]:
    return [(slugify(name), name) for name in practice.coordination.organisations]


def make_facets(practices: list[LoadedPractice], vocab: dict[str, Vocabulary]) -> list[Facet]:
    return [
        Facet(
            "sectoren",
            "Sectoren",
            "de sector",
            "Praktijken per sector. Een praktijk kan bij meer dan één sector horen.",
            _group(practices, lambda p: [(s, vocab["sectors"].label(s)) for s in p.sectors]),  # by name
        ),
        Facet(
            "doelgroepen",
            "Doelgroepen",
            "de doelgroep",
            "Praktijken per doelgroep: voor wie ze bedoeld zijn.",
            _group(practices, lambda p: [(t, vocab["target_groups"].label(t)) for t in p.target_groups.terms], vocab["target_groups"].ids),
        ),
        Facet(
            "themas",
            "Thema's",
            "het thema",
            "Praktijken per soort actie: wat ze doen. De bronnen noemen geen thema's; de redactie kende elke praktijk er één tot drie toe.",
            _group(practices, lambda p: [(t, vocab["themes"].label(t)) for t in (p.themes.terms if p.themes else [])], vocab["themes"].ids),
            described_by="themes",
        ),
        Facet(
            "regios",
            "Regio's en landen",
            "",
            "Praktijken per land en, in België, per gewest of provincie.",
            _group(practices, lambda p: region_values(p, vocab), [f"land-{c.lower()}" for c in vocab["countries"].ids] + vocab["regions"].ids),
            grouping="country",
        ),
        Facet(
            "organisaties",
            "Organisaties",
            "",
            "Praktijken per coördinerende organisatie.",
            _group(practices, organisation_values),
            grouping="letter",
        ),
    ]


def related_practices(practices: list[LoadedPractice], limit: int = 4, only: str | None = None) -> dict[str, list[LoadedPractice]]:
    """For each practice (by slug), up to ``limit`` related practices: those that share the most
    sectors, priorities and target groups with it (sectors weigh double); ties alphabetically.
    With ``only`` (a slug), for that practice alone (the live preview's quick path).

    Candidates are looked up in indexes from the most to the least specific: practices sharing a
    sector, a priority and a target group; if that gives fewer than ``limit``, a sector and a target
    group; then a sector. The lists stay short, so the work grows about linearly with the collection."""
    traits = {
        item.slug: (
            frozenset(item.practice.sectors),
            frozenset(item.practice.priorities.terms),
            frozenset(item.practice.target_groups.terms),
            item.practice.title.casefold(),
        )
        for item in practices
    }
    indexes: list[dict[tuple, list[LoadedPractice]]] = [{}, {}, {}]

    def keys(slug: str) -> list[list[tuple]]:
        sectors, priorities, groups, _ = traits[slug]
        return [
            [(s, p, g) for s in sectors for p in priorities for g in groups],
            [(s, g) for s in sectors for g in groups],
            [(s,) for s in sectors],
        ]

    for item in practices:
        for index, item_keys in zip(indexes, keys(item.slug), strict=True):
            for key in item_keys:
                index.setdefault(key, []).append(item)

    related = {}
    for item in practices:
        if only is not None and item.slug != only:
            continue
        sectors, priorities, groups, _ = traits[item.slug]
        candidates: dict[str, LoadedPractice] = {}
        for index, item_keys in zip(indexes, keys(item.slug), strict=True):
            candidates = {o.slug: o for key in item_keys for o in index[key] if o.slug != item.slug}
            if len(candidates) >= limit:
                break

        def rank(slug: str, sectors=sectors, priorities=priorities, groups=groups) -> tuple[int, str, str]:
            other_sectors, other_priorities, other_groups, title = traits[slug]
            score = 2 * len(sectors & other_sectors) + len(priorities & other_priorities) + len(groups & other_groups)
            return (-score, title, slug)

        related[item.slug] = [candidates[slug] for slug in heapq.nsmallest(limit, candidates, key=rank)]
    return related
