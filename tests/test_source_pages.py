"""One page per source document (issue 17): who published it and when (saying what the editors
inferred), what it covers, its report-wide totals exactly as printed, and its practices; every
practice links to the pages of its sources, and the action records no longer repeat the totals.

Nothing here pins the collection: expected values come from the records, the vocabularies and the
source texts."""

from __future__ import annotations

import html
import re

import pytest

from generator.formats import euro, number
from generator.loader import load_practices, practice_files
from generator.render import render_site
from generator.urls import SOURCES_PAGE, practice_path, relative_link, source_path
from generator.vocabulary import Document, load_vocabularies

from .conftest import ROOT
from .test_records import SEEDS, _appears

DOCUMENTS = load_vocabularies()["documents"]


def document(document_id: str) -> Document:
    term = DOCUMENTS.get(document_id)
    assert isinstance(term, Document)
    return term


@pytest.fixture(scope="module")
def items():
    result = load_practices(practice_files(ROOT / "practices"))
    assert result.ok, [str(p) for p in result.problems]
    return result.practices


@pytest.fixture(scope="module")
def pages(items):
    return {page.path: page.text for page in render_site(items)}


def visible(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def source_text(document_id: str) -> str:
    """The source's text as a reader sees it: tags of the extraction dropped, whitespace collapsed."""
    raw = (SEEDS / document(document_id).file).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", raw).split())


def shown(total) -> str:
    return euro(total.value) if total.unit == "euro" else number(total.value)


needs_sources = pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents (../shared/seeds) are not beside this checkout")


def test_the_volta_report_page_shows_its_total_and_lists_its_practices(items, pages):
    page = pages[source_path("volta-rapport")]
    text = visible(page)
    assert "1.797 jongeren" in text and "1797 jeunes atteints" in text  # the total, formatted and as printed
    assert "€ 350.272,04" in text and "€ 67.804,42" in text
    onthaalkits = next(item for item in items if item.slug == "volta-onthaalkits")
    assert f'href="{relative_link(source_path("volta-rapport"), practice_path(onthaalkits.slug))}"' in page
    assert html.escape(onthaalkits.practice.title, quote=False) in page
    from_volta = [item for item in items if any(s.document == "volta-rapport" for s in item.practice.sources)]
    assert page.count('class="pk-card"') == len(from_volta)


def test_every_source_page_lists_exactly_the_practices_citing_it(items, pages):
    for term in DOCUMENTS.terms:
        page = pages[source_path(term.id)]
        citing = {item.slug for item in items if any(s.document == term.id for s in item.practice.sources)}
        linked = set(re.findall(r'class="pk-card__title" href="\.\./\.\./praktijken/([^/"]+)/"', page))
        assert linked == citing, term.id


def test_every_practice_page_links_to_the_pages_of_its_sources(items, pages):
    for item in items:
        page = pages[practice_path(item.slug)]
        sources = page.split("## Bronnen", 1)[1].split("</ul>", 1)[0]
        for source in item.practice.sources:
            assert f'<a href="{relative_link(practice_path(item.slug), source_path(source.document))}"><cite>' in sources, item.slug


def test_a_practice_from_a_report_with_totals_points_to_them(pages):
    page = pages[practice_path("kunststoffen-premie")]
    link = relative_link(practice_path("kunststoffen-premie"), source_path("kunststoffen-rapport"))
    assert f'Zie de <a href="{link}">bronpagina</a> voor de totalen van het rapport' in page
    assert "7.144" not in visible(page)


def test_the_overview_lists_every_document_with_its_year(pages):
    page = pages[SOURCES_PAGE]
    for term in DOCUMENTS.terms:
        assert f'href="{relative_link(SOURCES_PAGE, source_path(term.id))}"' in page
        assert f"({term.year}" in page
    assert 'href="../bronnen/"' in pages["bladeren.md"]


def test_an_inferred_year_and_publisher_are_said_on_the_page(pages):
    plastics = visible(pages[source_path("kunststoffen-rapport")])
    assert "Uitgever PlastIQ (afgeleid door de redactie" in plastics
    assert "Jaar 2023 (afgeleid door de redactie" in plastics
    food = visible(pages[source_path("alimento-rapport")])
    assert "Uitgever Alimento (afgeleid door de redactie" in food
    for term in DOCUMENTS.terms:
        text = visible(pages[source_path(term.id)])
        said = f"Jaar {term.year} (afgeleid door de redactie" in text
        assert said == document(term.id).year_inferred, term.id
    wes = next(t for t in DOCUMENTS.terms if not document(t.id).year_inferred)  # a dated document says so plainly
    assert f"Jaar {wes.year} " in visible(pages[source_path(wes.id)])


def test_every_practice_citing_a_document_with_an_inferred_year_says_so(items, pages):
    for item in items:
        sources = pages[practice_path(item.slug)].split("## Bronnen", 1)[1].split("</ul>", 1)[0]
        inferred = any(document(s.document).year_inferred for s in item.practice.sources)
        assert ("jaar afgeleid door de redactie" in sources) == inferred, item.slug


@needs_sources
def test_every_total_on_a_source_page_stands_in_the_source_as_printed(pages):
    for term in DOCUMENTS.terms:
        totals = document(term.id).totals
        text = source_text(term.id)
        page = visible(pages[source_path(term.id)])
        for total in totals:
            assert " ".join(total.printed.split()) in text, (term.id, total.printed)
            assert _appears(total.value, total.printed), (term.id, total.value, total.printed)
            assert shown(total) in page and total.printed in page, (term.id, total.label)


# The figures for the whole report, read straight from each source's conclusion or summary table.
REPORT_TOTALS = {
    "volta-rapport": [r"Conclusie .*?(\d[\d.]*) jeunes atteints", r"Conclusie .*Voorziene budget: € ([\d.,]+)", r"Conclusie .*Aangewend budget: € ([\d.,]+)"],
    "alimento-rapport": [r"Totaal voorziene budget: ([\d.,]+) euro", r"Reeds aangewende budget: ([\d.,]+) euro", r"Conclusie .*?([\d.]+) leerlingen SO"],
    "kunststoffen-rapport": [r"TOTAAL UNIEKE JONGEREN ([\d.]+) JONGEREN", r"Totaal bestede bedrag \S+ ([\d.,]+) € of", r"€ of ([\d,]+) % van het totale"],
}


def _value(printed: str) -> float:
    return float(printed.replace(".", "").replace(",", "."))


@needs_sources
@pytest.mark.parametrize("document_id", sorted(REPORT_TOTALS))
def test_the_report_totals_of_the_source_are_on_its_page_and_in_no_action_record(document_id, items, pages):
    text = source_text(document_id)
    found = [re.search(pattern, text).group(1) for pattern in REPORT_TOTALS[document_id]]  # type: ignore[union-attr]
    totals = document(document_id).totals
    page = visible(pages[source_path(document_id)])
    for printed in found:
        matching = [t for t in totals if t.value == _value(printed)]
        assert matching, (document_id, printed)
        assert printed in page and shown(matching[0]) in page, (document_id, printed)
    # The action records keep only their own figures: a report total appears in a record only where it is
    # also that action's own figure or amount (Alimento's 4.889 pupils are action 1's as well).
    for item in items:
        if not any(s.document == document_id for s in item.practice.sources):
            continue
        p = item.practice
        own = {v for c in p.costs for v in (c.amount_eur, c.planned_eur, c.spent_eur) if v is not None}
        own |= {v for f in (p.outcomes.figures if p.outcomes else []) for v in (f.value, f.target) if v is not None}
        record_text = item.path.read_text(encoding="utf-8")
        for total in totals:
            if total.value not in own:
                assert not _appears(total.value, record_text), (item.slug, total.label)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda t: t.replace("        printed: 1797 jeunes atteints\n", "", 1), "printed: verplicht veld ontbreekt"),
        (lambda t: t.replace("    year_basis: Het rapport drukt geen datum. Het rapporteert", "    # year_basis: Het rapporteert", 1), "year_basis"),
        (lambda t: t.replace("      - kind: inconsistent\n", "      - kind: vermoedelijk\n", 1), "documents."),
    ],
)
def test_a_document_with_an_unsaid_inference_or_an_unprinted_total_is_refused(tmp_path, change, expected):
    from generator.vocabulary import VOCABULARY_FILE, VocabularyError

    text = VOCABULARY_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "vocabularies.yaml"
    broken.write_text(change(text), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != text
    with pytest.raises(VocabularyError) as raised:
        load_vocabularies(broken)
    assert expected in str(raised.value)


def test_the_volta_reports_provisional_impact_is_on_its_page_and_not_repeated_in_each_action(items, pages):
    """The report's conclusion ('Voorlopige impact van het project') speaks of all actions together: the source
    page gives it once, the action records do not repeat it."""
    from_volta = [item for item in items if any(s.document == "volta-rapport" for s in item.practice.sources)]
    assert from_volta and all(item.practice.conclusion is None for item in from_volta)
    conclusion = pages[source_path("volta-rapport")].split("## Conclusie van het document", 1)[1].split("\n## ", 1)[0]
    assert "Voorlopige impact van het project" in conclusion and "de ateliers attitudes, die bijdragen tot een kwalitatieve tewerkstelling" in conclusion
