"""The collection itself: the eleven SERV fiches are there, and every figure in a record stands in its source."""

from __future__ import annotations

import re
from collections import Counter

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


def test_number_of_records_per_source_document(collection):
    per_document = Counter(document for p in collection.values() for document in {s.document for s in p.sources})
    assert per_document == {
        "serv-vaardigheden-boven": 11,  # the eleven fiches
        "wes-zorg-techniek": 128,  # 11 actions analysed in depth (4.1-4.11) + 53 care and 64 technical annex rows
        "alimento-rapport": 3,  # Actie/activiteit 1-3
        "volta-rapport": 8,  # Acties 1-9, with 3 and 7 reported together
        "kunststoffen-rapport": 5,  # ACTIE 1-5
    }


def test_annex_rows_analysed_in_depth_are_one_record_with_both_sources(collection):
    hardenberg = collection["project-hardenberg"]
    assert hardenberg.sources[0].section == "4.3. Project Hardenberg"
    assert any("nr. 36" in s.section for s in hardenberg.sources[1:])
    assert not any(p.title.startswith("Project Hardenberg") for slug, p in collection.items() if slug != "project-hardenberg")


def test_every_record_has_sectors_target_groups_and_a_country(collection):
    for slug, p in collection.items():
        assert p.sectors and p.target_groups.terms and p.scope.country, slug


def test_priorities_the_sources_do_not_name_are_marked_as_assigned(collection):
    for slug, p in collection.items():
        if slug not in SERV_FICHES:
            assert p.priorities.basis == "editors", slug


def test_spot_checks_of_the_sector_fund_reports(collection):
    wedstrijden = collection["alimento-sectorale-wedstrijden"]
    assert (wedstrijden.outcomes.figures[0].target, wedstrijden.outcomes.figures[0].value) == (3000, 4889)
    assert (wedstrijden.costs[0].planned_eur, wedstrijden.costs[0].spent_eur) == (221500, 58822.47)
    onthaalkits = collection["volta-onthaalkits"]
    assert (onthaalkits.outcomes.figures[0].target, onthaalkits.outcomes.figures[0].value) == (1500, 358)
    assert (onthaalkits.costs[0].planned_eur, onthaalkits.costs[0].spent_eur) == (29232, 18491.22)
    operator = collection["kunststoffen-opleidingstrajecten-operator"]
    assert (operator.costs[0].planned_eur, operator.costs[0].spent_eur) == (136250, 39501.13)
    assert [f.value for f in operator.outcomes.figures if f.label.startswith("Doorstroom naar werk")] == [7, 8]  # the source says both
    assert all(p.coordination.organisations == ["Volta"] for slug, p in collection.items() if slug.startswith("volta-"))


def test_spot_checks_of_the_wes_study(collection):
    assert collection["dag-van-de-zorg"].long_term is True
    assert collection["dag-van-de-zorg"].scope.country == "BE"
    assert collection["braintrigger"].scope.country == "NL"
    assert collection["science-for-the-future"].scope.country == "NO"


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
        forms |= {str(int(value)), number(value) + ",00", number(value).replace(".", " ")}
    else:
        dutch = f"{value:,.2f}".replace(",", " ").replace(".", ",")
        forms |= {dutch.replace(" ", "."), dutch}  # 58.822,47 and, in Volta's report, 50 130,04
    if value >= 1_000_000:
        forms.add(f"{number(value / 1_000_000)} miljoen")
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
        values = [a for c in practice.costs for a in (c.amount_eur, c.planned_eur, c.spent_eur) if a is not None]
        figures = practice.outcomes.figures if practice.outcomes else []
        values += [v for f in figures for v in (f.value, f.target) if v is not None]
        missing += [(slug, value) for value in values if not _appears(value, text)]
    assert missing == []
