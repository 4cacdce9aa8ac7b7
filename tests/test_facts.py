"""Issue 16: the facts visitors compare by (cost, period, country, level, result), computed once for
cards, search results and sort keys; the vocabulary's wordings and broader terms in the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.facts import NOT_IN_SOURCE, max_cost, practice_facts
from generator.loader import load_practices, practice_files
from generator.models import Cost, Figure, Outcomes, Period, Practice
from generator.render import render_site
from generator.search_keys import FACT_KEYS, FACT_META_PREFIX, SORT_KEYS, search_config_json, search_words
from generator.vocabulary import VocabularyError, load_vocabularies

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def collection():
    return load_practices(practice_files(ROOT / "practices")).practices


@pytest.fixture(scope="module")
def vocab():
    return load_vocabularies()


def record(collection, slug: str) -> Practice:
    return next(item.practice for item in collection if item.slug == slug)


def lines(practice: Practice, vocab) -> dict[str, str]:
    return {fact.key: fact.line for fact in practice_facts(practice, vocab).items}


def test_a_total_cost_is_labelled_as_what_it_is(collection, vocab):
    assert lines(record(collection, "we-care"), vocab)["kosten"] == "Kostprijs: € 250.000"
    budget = lines(record(collection, "kunststoffen-communicatiecampagne"), vocab)["kosten"]
    assert budget.startswith("Budget: gepland € 334.070, besteed € 138.442,15")


def test_the_first_figure_with_its_target_is_the_result(collection, vocab):
    assert lines(record(collection, "kunststoffen-communicatiecampagne"), vocab)["resultaat"] == "Resultaat: Bereikte jongeren: 6.850 (streefcijfer 800)"


def test_the_country_shows_only_abroad(collection, vocab):
    assert lines(record(collection, "jet-net"), vocab)["land"] == "Land: Nederland"
    assert "land" not in lines(record(collection, "we-care"), vocab)


def test_missing_facts_say_the_source_gives_nothing(vocab):
    bare = Practice.model_validate(
        {
            "title": "T",
            "summary": "S",
            "description": "D",
            "target_groups": {"terms": ["jongeren"]},
            "sectors": ["bouw"],
            "coordination": {"organisations": ["O"]},
            "scope": {"level": "sector"},
            "priorities": {"terms": ["matchen"], "basis": "editors"},
            "sources": [{"document": "serv-vaardigheden-boven", "section": "x"}],
        }
    )
    facts = lines(bare, vocab)
    assert facts["kosten"] == f"Kosten: {NOT_IN_SOURCE}"
    assert facts["periode"] == f"Periode: {NOT_IN_SOURCE}"
    assert facts["resultaat"] == f"Resultaat: {NOT_IN_SOURCE}"
    assert practice_facts(bare, vocab).sort == {"jaar": 0, "kosten": 0}
    # Only a ceiling: no total, and the card says which kind of amount the page has.
    ceiling = bare.model_copy(update={"costs": [Cost(wording="max. € 5.000", kind="ceiling", amount_eur=5000)]})
    assert lines(ceiling, vocab)["kosten"] == f"Totale kost: {NOT_IN_SOURCE} (wel: plafond)"
    assert practice_facts(ceiling, vocab).sort["kosten"] == 0
    dated = bare.model_copy(
        update={
            "period": Period(wording="van 2015 tot 2018", start=2015, end=2018),
            "outcomes": Outcomes(figures=[Figure(label="Deelnemers", value=1200, unit="deelnemers", target=1000)]),
        }
    )
    assert lines(dated, vocab)["periode"] == "Periode: 2015–2018"
    assert lines(dated, vocab)["resultaat"] == "Resultaat: Deelnemers: 1.200 (streefcijfer 1.000)"
    assert practice_facts(dated, vocab).sort["jaar"] == 2015


def test_the_sort_keys_are_what_the_card_shows(collection, vocab):
    for item in collection:
        facts = practice_facts(item.practice, vocab)
        assert tuple(facts.sort) == SORT_KEYS
        assert facts.sort["kosten"] == int(max_cost(item.practice))
        cost = next(f for f in facts.items if f.key == "kosten")
        if facts.sort["kosten"]:
            shown = [float(a.replace(".", "").replace(",", ".")) for a in re.findall(r"€ ([\d.]+(?:,\d\d)?)", cost.text)]
            assert int(max(shown)) == facts.sort["kosten"], item.slug
        else:
            assert "€" not in cost.text, item.slug
        if facts.sort["jaar"]:
            assert str(facts.sort["jaar"]) in next(f for f in facts.items if f.key == "periode").text


def test_cards_pages_and_sort_keys_come_from_the_same_facts(collection, vocab):
    pages = {page.path: page.text for page in render_site(collection, vocab)}
    item = next(i for i in collection if i.slug == "kunststoffen-communicatiecampagne")
    facts = practice_facts(item.practice, vocab)
    practice_page = pages["praktijken/kunststoffen-communicatiecampagne.md"]
    front_matter = practice_page.split("---")[1]
    for key, value in facts.sort.items():
        assert f"\n  {key}: {value}\n" in front_matter
    for fact in facts.items:
        assert f'<span data-pagefind-meta="{FACT_META_PREFIX}{fact.key}">{fact.line}</span>' in practice_page
        assert f"<dt>{fact.label}</dt><dd>{fact.text}</dd>" in pages["praktijken/index.md"]
    assert [f["meta"] for f in json.loads(search_config_json(vocab))["facts"]] == [FACT_META_PREFIX + k for k in FACT_KEYS]


def test_search_words_hold_variants_and_broader_terms(collection, vocab):
    care = next(i.practice for i in collection if i.slug == "we-care")
    words = {w.casefold() for w in search_words(care, vocab)}
    assert {"zorg", "zorgsector", "zorg en welzijn"} <= words
    assert not {"ouderenzorg", "woonzorg"} & words  # parts of the sector, not its names: the text decides
    assert vocab["target_groups"].search_words("langdurig-werkzoekenden")[:2] == ["Langdurig werkzoekenden", "Langdurig werklozen"]
    assert "Werkzoekenden" in vocab["target_groups"].search_words("langdurig-werkzoekenden")


def test_a_broader_term_must_exist(tmp_path):
    text = (ROOT / "generator" / "vocabularies.yaml").read_text(encoding="utf-8")
    broken = text.replace("broader: [werkzoekenden]", "broader: [werkzoekende]", 1)
    assert broken != text
    path = tmp_path / "vocabularies.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(VocabularyError, match="bredere term 'werkzoekende'"):
        load_vocabularies.__wrapped__(path)
