"""The collection itself: the eleven SERV fiches are there, and every figure in a record stands in its source."""

from __future__ import annotations

import re

import pytest

from generator.loader import load_practices, practice_files
from generator.render import number
from generator.vocabulary import load_vocabularies

from .conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
SERV_FICHES = {
    "leren-on-the-job-en-iedereen-leert",
    "we-care",
    "watch-for-talent",
    "project-3030",
    "sectorale-hev-certificering",
    "sectorale-arbeidsbemiddeling-bouw",
    "bakkersatelier",
    "sectoraal-partnerschap-groene-sectoren",
    "duaal-leren-basf",
    "ibo-kapperssector",
    "co-lab",
}
# What each source document holds, as a record's `sources[].section` names it: every item needs a
# record (more records are welcome: a new practice from the same document, or one item told in two).
SOURCE_ITEMS = {
    "serv-vaardigheden-boven": {  # the eleven fiches, by the title on their ID card
        "Leren on the job & Iedereen Leert!",
        "wE-c@re",
        "Watch For Talent",
        "Project 3030",
        "Sectorale HEV-certificering",
        "SAB",
        "Bakkersatelier",
        "Sectoraal partnerschap Groene sectoren",
        "Duaal Leren BASF",
        "IBO FBZ PC314",
        "CO-LAB",
    },
    # 11 actions analysed in depth (4.1-4.11) and the annex rows: care profiles nr. 1-59, technical profiles nr. 60-132
    "wes-zorg-techniek": {f"4.{n}" for n in range(1, 12)} | {f"nr. {n}" for n in range(1, 133)},
    "alimento-rapport": {f"actie {n}" for n in range(1, 4)},  # Actie/activiteit 1-3
    "volta-rapport": {f"actie {n}" for n in range(1, 10)},  # Acties 1-9, with 3 and 7 reported together
    "kunststoffen-rapport": {f"actie {n}" for n in range(1, 6)},  # ACTIE 1-5
}


def items_cited(document: str, section: str) -> set[str]:
    """The items of SOURCE_ITEMS a source section names: "Fiche 'SAB'", "4.3. Project Hardenberg", "…, nr. 36", "Actie 3: … en actie 7: …"."""
    if document == "serv-vaardigheden-boven":
        return set(re.findall(r"'([^']+)'", section.split(" (")[0])) if section.startswith("Fiche ") else set()
    if document == "wes-zorg-techniek":
        return set(re.findall(r"^(4\.\d+)\. ", section)) | {f"nr. {n}" for n in re.findall(r"\bnr\. (\d+)", section)}
    return {f"actie {n}" for n in re.findall(r"(?i)\bactie(?:/activiteit)?\s*(\d+)\s*:", section)}


def items_in_source(document: str, text: str) -> set[str]:
    """The same items, read from the source document's text."""
    if document == "serv-vaardigheden-boven":
        titles = re.findall(r"(?m)^(?:Troeven)?ID\s*\n\s*\n(.+?)\s*\n\s*\n", text, re.S)  # a fiche's ID card starts with its title
        return {re.sub(r"\s+(?:Wat|Voorwaarden)$", "", " ".join(title.split())) for title in titles}
    if document == "wes-zorg-techniek":
        annex, rows = text[text.rindex("Bestaande acties zorgprofielen") :], 0
        for row in re.findall(r"(?m)^\s*(\d+) \S", annex):  # the annex tables number their rows 1, 2, … in order
            rows += int(row) == rows + 1
        return set(re.findall(r"(?m)^\s*(4\.\d+)\.\s+[^\d\s]", text)) | {f"nr. {n}" for n in range(1, rows + 1)}
    return {f"actie {n}" for n in re.findall(r"(?im)^\s*(?:<b>)?actie(?:/activiteit)?\s*(\d+)\s*:", text)}


@pytest.fixture(scope="module")
def collection():
    result = load_practices(practice_files(ROOT / "practices"))
    assert result.problems == []
    return {item.slug: item.practice for item in result.practices}


def test_every_record_cites_known_source_documents(collection):
    documents = load_vocabularies()["documents"]
    for slug, p in collection.items():
        assert p.sources and all(s.document in documents.ids for s in p.sources), slug


def test_every_item_of_every_source_document_has_a_record_and_records_cite_only_items_it_holds(collection):
    cited: dict[str, set[str]] = {document: set() for document in SOURCE_ITEMS}
    not_in_source = []
    for slug, p in collection.items():
        for s in p.sources:
            named = items_cited(s.document, s.section)
            cited.setdefault(s.document, set()).update(named)
            if s.document in SOURCE_ITEMS and named - SOURCE_ITEMS[s.document] and not named & SOURCE_ITEMS[s.document]:
                not_in_source.append((slug, s.section))  # another name beside the fiche's own ('… in de bouw' / 'SAB') is fine
    without_record = {document: sorted(items - cited[document]) for document, items in SOURCE_ITEMS.items() if items - cited[document]}
    assert without_record == {}
    assert not_in_source == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize("document", sorted(SOURCE_ITEMS))
def test_the_items_listed_are_all_the_source_document_holds(document):
    text = (SEEDS / load_vocabularies()["documents"].get(document).file).read_text(encoding="utf-8")
    assert items_in_source(document, text) == SOURCE_ITEMS[document]


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
        if not any(s.document == "serv-vaardigheden-boven" for s in p.sources):  # only SERV's fiches name priorities
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
    assert collection["dag-van-de-zorg"].long_term == "long"
    assert collection["dag-van-de-zorg"].scope.country == "BE"
    assert collection["braintrigger"].scope.country == "NL"
    assert collection["science-for-the-future"].scope.country == "NO"


def test_the_eleven_serv_fiches_are_records_citing_the_publication(collection):
    from_serv = {slug for slug, p in collection.items() if any(s.document == "serv-vaardigheden-boven" for s in p.sources)}
    assert from_serv >= SERV_FICHES  # a new record from the publication is welcome
    for slug in SERV_FICHES:  # each of them is taken from a fiche
        assert any(items_cited(s.document, s.section) for s in collection[slug].sources if s.document == "serv-vaardigheden-boven"), slug


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
        text = " ".join(" ".join((SEEDS / documents.get(source.document).file).read_text(encoding="utf-8").split()) for source in practice.sources)
        values = [a for c in practice.costs for a in (c.amount_eur, c.planned_eur, c.spent_eur) if a is not None]
        figures = practice.outcomes.figures if practice.outcomes else []
        values += [v for f in figures for v in (f.value, f.target) if v is not None]
        missing += [(slug, value) for value in values if not _appears(value, text)]
    assert missing == []
