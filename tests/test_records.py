"""The collection itself: the eleven SERV fiches are there, and every figure in a record stands in its source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.loader import load_practices, practice_files
from generator.render import number
from generator.vocabulary import load_vocabularies

from .conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SERV_FICHES = {
    "leren-on-the-job-en-iedereen-leert", "we-care", "watch-for-talent", "project-3030",
    "sectorale-hev-certificering", "sectorale-arbeidsbemiddeling-bouw", "bakkersatelier",
    "sectoraal-partnerschap-groene-sectoren", "duaal-leren-basf", "ibo-kapperssector", "co-lab",
}


@pytest.fixture(scope="module")
def collection():
    result = load_practices(practice_files(ROOT / "practices"))
    assert result.problems == []
    return {item.slug: item.practice for item in result.practices}


def test_the_eleven_serv_fiches_are_records_citing_the_publication(collection):
    from_serv = {slug for slug, p in collection.items() if any(s.document == "serv-vaardigheden-boven" for s in p.sources)}
    assert from_serv == SERV_FICHES


@pytest.mark.parametrize(
    "slug, amount",
    [("project-3030", 1279925), ("we-care", 250000), ("watch-for-talent", 211795)],
)
def test_costs_from_the_id_cards(collection, slug, amount):
    assert amount in [cost.amount_eur for cost in collection[slug].costs]


def test_spot_checks_of_fiche_figures(collection):
    def figures(slug):
        return {(f.label, f.period): f.value for f in collection[slug].outcomes.figures}

    assert figures("project-3030")[("Inschrijvingen", "schooljaar 2012-2013")] == 559
    assert 282 in figures("ibo-kapperssector").values()
    assert collection["we-care"].contacts[0].email == "leonie.boone@curando.be"
    assert collection["watch-for-talent"].period.start == 2017


def test_priorities_follow_the_fiches(collection):
    assert collection["project-3030"].priorities.terms == ["werkvloer", "financiering"]
    assert collection["watch-for-talent"].priorities.terms == ["matchen"]
    assert all(p.priorities.basis == "source" for slug, p in collection.items() if slug in SERV_FICHES)


def _appears(value: float, text: str) -> bool:
    forms = {number(value), str(value).replace(".", ",")}
    if float(value).is_integer():
        forms.add(str(int(value)))
    return any(re.search(r"(?<![\d.,])" + re.escape(form) + r"(?![\d]|[.,]\d)", text) for form in forms)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
def test_every_amount_and_figure_stands_in_the_cited_source(collection):
    documents = load_vocabularies()["documents"]
    missing = []
    for slug, practice in collection.items():
        text = " ".join(
            " ".join((SEEDS / documents.get(source.document).file).read_text(encoding="utf-8").split())
            for source in practice.sources
        )
        values = [c.amount_eur for c in practice.costs if c.amount_eur is not None]
        values += [f.value for f in practice.outcomes.figures] if practice.outcomes else []
        missing += [(slug, value) for value in values if not _appears(value, text)]
    assert missing == []
