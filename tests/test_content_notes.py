"""Editors' notes, cost kinds, 'Zie ook' links and the content corrections, checked as a visitor or editor would notice them."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.loader import load_practice, load_practices, practice_files
from generator.models import Practice
from generator.render import max_cost, render_site

from .conftest import RECORDS, ROOT

PRACTICES = ROOT / "practices"
ANNEX_ROWS = {
    "zelfroosteren-capio-st-gorans-ziekenhuis": ("Bijlage 1, 1.1", "nr. 42", "zelfroosteren"),
    "zelfroosteren-ambulancedienst-limburg-noord": ("Bijlage 1, 1.1", "nr. 44", "zelfroosteren"),
    "werkplekleren-rtc-limburg": ("Bijlage 1, 1.2", "nr. 106", "werkplekleren"),
    "werkplekleren-vti-aalst-kta-liedekerke": ("Bijlage 1, 1.2", "nr. 107", "werkplekleren"),
}


@pytest.fixture(scope="module")
def collection():
    result = load_practices(practice_files(PRACTICES))
    assert result.ok, [str(p) for p in result.problems]
    return {item.slug: item for item in result.practices}


@pytest.fixture(scope="module")
def pages(collection):
    return {page.path: page.text for page in render_site(list(collection.values()))}


def record(collection, slug) -> Practice:
    return collection[slug].practice


def write(folder, slug, **changes):
    data = yaml.safe_load((RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8"))
    data.update(title=f"Titel {slug}", **changes)
    path = folder / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# Editors' notes


def test_every_record_of_the_food_report_says_alimento_is_inferred(collection):
    food = [item for item in collection.values() if any(s.document == "alimento-rapport" for s in item.practice.sources)]
    assert food
    for item in food:
        inferred = [n.text for n in item.practice.editor_notes if n.kind == "inferred"]
        assert any("Alimento" in text for text in inferred), item.slug


def test_the_editors_say_what_they_inferred_for_capio_and_dag_van_de_zorg(collection):
    """Capio's annex row names no target group (like its sibling Ambulancedienst Limburg-Noord), and the annex
    gives Dag van de Zorg only the country BE: the editors' reading is marked as inferred."""
    for slug in ("zelfroosteren-capio-st-gorans-ziekenhuis", "zelfroosteren-ambulancedienst-limburg-noord"):
        assert any(n.kind == "inferred" and "doelgroep" in n.text for n in record(collection, slug).editor_notes), slug
    dag = record(collection, "dag-van-de-zorg")
    if dag.scope.level == "vlaams" or dag.scope.regions:
        assert any(n.kind == "inferred" and '"BE"' in n.text for n in dag.editor_notes)


def test_notes_are_data_not_comments(collection):
    """Comments may name the source of a record (a 'Bron:' header); what was inferred, rebuilt or
    found inconsistent is in editor_notes, where visitors see it."""
    words = re.compile(r"reconstructie|inconsisten|afgeleid|tegenstrijdig|oordeel van de redactie|samengevoegd|verwisseld", re.I)
    leftovers = []
    for path in practice_files(PRACTICES):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#") and words.search(line) and "editor_notes" not in line:
                leftovers.append(f"{path.name}:{number}: {line.strip()}")
    assert leftovers == []


def test_the_page_shows_bronnotities_with_the_kind_in_dutch_and_the_text(collection, pages):
    page = pages["praktijken/alimento-sectorale-wedstrijden.md"]
    notes = page.split('<details class="pk-editor-notes"', 1)[1].split("</details>", 1)[0]
    assert "<summary>Bronnotities</summary>" in notes
    assert "<dt>Afgeleid door de redactie</dt>" in notes and "Alimento" in notes
    assert "<dt>Tegenstrijdig in de bron</dt>" in notes and "4.889" in notes


def test_the_ibo_inconsistency_is_visible_on_the_page(collection, pages):
    inconsistent = [n.text for n in record(collection, "ibo-kapperssector").editor_notes if n.kind == "inconsistent"]
    assert any("68 + 214 = 282" in text for text in inconsistent)
    assert "68 + 214 = 282" in pages["praktijken/ibo-kapperssector.md"].split("Bronnotities", 1)[1]


def test_a_page_without_notes_has_no_bronnotities(pages):
    result = load_practices([RECORDS / "valid" / "minimaal.yaml"])
    page = render_site(result.practices)
    assert all("Bronnotities" not in p.text for p in page)


def test_notes_are_in_the_open_data(collection):
    from generator.export import practices_csv, practices_json
    from generator.vocabulary import load_vocabularies

    items = [collection["alimento-foodatwork"]]
    data = practices_json(items, "https://example.org/", load_vocabularies())
    assert '"kind": "inferred"' in data
    csv_text = practices_csv(items, "https://example.org/", load_vocabularies())
    assert "inferred: Het rapport noemt nergens" in csv_text


def test_an_unknown_note_kind_is_refused_in_dutch(tmp_path):
    path = write(tmp_path, "rare-notitie", editor_notes=[{"kind": "gok", "text": "x"}])
    item, problems = load_practice(path)
    assert item is None and any("editor_notes[0].kind" in str(p) and "moet een van deze waarden zijn" in str(p) for p in problems)


# Organisations: names, never a placeholder or a kind of organisation

NOT_ORGANISATIONS = {  # labels the sources put where a name belongs: they go to coordination.wording
    "initiatiefnemer niet vermeld",
    "overheid",
    "ziekenhuizen",
    "overige zorginstellingen",
    "opleidingsinstituten",
    "technische bedrijven",
    "sectorfederaties",
    "secundaire technische scholen",
    "onderwijsnetten",
    "autosector",
    "regio brussel",
    "resoc’s",
    "provinciale dienst welzijn",
    "zorginstellingen in provincie vlaams brabant",
    "zorginstellingen van waas en dender",
    "netwerk tussen bedrijven, onderzoekers en het onderwijs",
}


def test_organisations_are_names_not_placeholders_or_kinds_of_organisation(collection):
    names = {name for item in collection.values() for name in item.practice.coordination.organisations}
    assert not {name for name in names if name.casefold() in NOT_ORGANISATIONS or "niet vermeld" in name.casefold()}
    assert not [name for name in names if re.match(r"\d", name)]  # "28 organisaties uit acht verschillende branches …"
    assert not [name for name in names if name.count("(") != name.count(")")]  # a name split at its comma
    assert "POM-ERSV Limburg" not in names and "POM Limburg" in names  # one body, one page


def test_a_source_without_an_organisation_gives_none_and_says_so(collection):
    coordination = record(collection, "internationale-dag-van-de-verpleging").coordination
    assert (coordination.organisations, coordination.wording) == ([], "niet vermeld")
    assert record(collection, "stagefonds-zorg").coordination.organisations == ["Nederlandse overheid (Volksgezondheid, Welzijn en Sport)"]


def test_no_organisation_and_no_wording_is_refused_in_dutch(tmp_path):
    path = write(tmp_path, "zonder-organisatie", coordination={"organisations": []})
    item, problems = load_practice(path)
    assert item is None and any("coordination" in str(p) and "noem minstens 1 organisatie" in str(p) for p in problems)
    assert load_practice(write(tmp_path, "niet-vermeld", coordination={"organisations": [], "wording": "niet vermeld"}))[0] is not None


# Cost kinds


def test_cost_kinds_are_set_where_the_amount_is_not_the_practices_own_total(collection):
    def kinds(slug):
        return {c.wording: c.kind for c in record(collection, slug).costs}

    assert [k for w, k in kinds("jet-net").items() if "6.000.000" in w] == ["hypothetical"]
    assert [k for w, k in kinds("beroepenhuis").items() if "5 euro per leerling" in w] == ["fee"]
    assert [k for w, k in kinds("levensbewust-omgaan-met-personeel").items() if "25 euro per persoon" in w] == ["per_participant"]
    assert [k for w, k in kinds("sectorale-arbeidsbemiddeling-bouw").items() if "450.000" in w] == ["ceiling"]
    assert [k for w, k in kinds("alimento-omkadering-alternerend-leren").items() if "volledige project" in w] == ["wider_scope"]
    assert [k for w, k in kinds("project-3030").items() if "1.279.925" in w] == ["total"]


def test_only_total_amounts_count_for_sorting_by_cost(collection):
    assert max_cost(record(collection, "jet-net")) == 750000  # not the hypothetical 6.000.000
    assert max_cost(record(collection, "sectorale-arbeidsbemiddeling-bouw")) == 0  # only a subsidy ceiling
    assert max_cost(record(collection, "alimento-omkadering-alternerend-leren")) == 104420.79  # not the project-wide 150.000
    assert max_cost(record(collection, "project-3030")) == 1279925


def test_the_cost_kind_shows_in_dutch_next_to_the_amount(pages):
    page = pages["praktijken/jet-net.md"]
    item = next(li for li in page.split("<li>") if "6.000.000 euro" in li)
    assert '<span class="pk-cost-kind" data-pagefind-ignore>[hypothetisch bedrag]</span>' in item
    assert "  kosten: 750000" in page  # the sort key in the front matter
    sab = pages["praktijken/sectorale-arbeidsbemiddeling-bouw.md"]
    assert "[plafond]" in sab and "  kosten: 0" in sab
    assert "[per deelnemer]" in pages["praktijken/levensbewust-omgaan-met-personeel.md"]
    assert "[voor een ruimer project]" in pages["praktijken/alimento-omkadering-alternerend-leren.md"]


# See also and the four annex rows with their own page


@pytest.mark.parametrize("slug", ANNEX_ROWS)
def test_folded_annex_rows_have_their_own_record_citing_their_row(collection, slug):
    annex, row, broader = ANNEX_ROWS[slug]
    practice = record(collection, slug)
    assert any(s.document == "wes-zorg-techniek" and s.section.startswith(annex) and s.section.endswith(row) for s in practice.sources)
    assert broader in practice.see_also and slug in record(collection, broader).see_also
    assert not any(s.section.endswith(row) for s in record(collection, broader).sources)


def test_see_also_links_both_ways_on_the_pages(pages):
    broader = pages["praktijken/werkplekleren.md"].split("## Zie ook", 1)[1].split("## ", 1)[0]
    assert 'praktijken/werkplekleren-rtc-limburg/"' in broader and "Werkplekleren CNC-houtbewerking (RTC Limburg)" in broader
    own = pages["praktijken/zelfroosteren-capio-st-gorans-ziekenhuis.md"].split("## Zie ook", 1)[1].split("## ", 1)[0]
    assert 'praktijken/zelfroosteren/">Zelfroosteren</a>' in own


def test_every_see_also_names_an_existing_record(collection):
    for item in collection.values():
        assert set(item.practice.see_also) <= set(collection), item.slug


def test_see_also_to_an_unknown_slug_gives_a_dutch_message(tmp_path):
    path = write(tmp_path, "met-verwijzing", see_also=["bestaat-niet"])
    result = load_practices([path])
    assert [str(p) for p in result.problems] == [
        f"{path}: see_also[0]: er is geen record met de slug 'bestaat-niet' (verwacht: de bestandsnaam zonder .yaml van een bestaand record)"
    ]


def test_see_also_to_a_record_next_to_it_is_fine_when_only_one_file_is_checked(tmp_path):
    shutil.copy(RECORDS / "valid" / "minimaal.yaml", tmp_path / "minimaal.yaml")
    path = write(tmp_path, "met-verwijzing", see_also=["minimaal"])
    assert load_practices([path]).ok


def test_see_also_with_a_malformed_slug_is_refused_in_dutch(tmp_path):
    path = write(tmp_path, "met-verwijzing", see_also=["Geen Slug"])
    item, problems = load_practice(path)
    assert item is None and any("see_also[0]" in str(p) and "geen geldige slug" in str(p) for p in problems)


# Content corrections


def test_bakkersatelier_shows_its_three_participation_figures_with_the_lost_groups(collection, pages):
    figures = record(collection, "bakkersatelier").outcomes.figures
    assert [f.value for f in figures] == [72, 457, 180]
    assert all("september 2017" in f.period and "juni 2018" in f.period for f in figures)
    outcomes = pages["praktijken/bakkersatelier.md"].split("## Uitkomsten", 1)[1]
    assert outcomes.count("verloor welk getal bij welke groep hoort") == 3


def test_technogirls_claims_no_start_year(collection):
    period = record(collection, "technogirls").period
    assert period.start is None and "derde editie" in period.wording


def test_dag_van_de_zorg_is_not_called_yearly(collection):
    practice = record(collection, "dag-van-de-zorg")
    assert "jaarlijks" not in (practice.summary + practice.description).lower()


def test_carrierepaden_summary_says_moving_no_longer_exists(collection):
    assert "niet meer" in record(collection, "carrierepaden-opvolgen").summary


def texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def test_time_words_are_anchored_to_the_sources_year(collection):
    """'momenteel', 'vandaag' or 'dit jaar' say nothing once the source is years old; the records say the year
    instead. Quotes, cost wordings as printed and the editors' notes (which quote the source) are left alone."""
    loose = re.compile(r"\b(momenteel|vandaag|dit jaar)\b", re.I)
    found = []
    for item in collection.values():
        data = item.practice.model_dump(exclude={"quotes", "sources", "editor_notes"})
        data["costs"] = [{k: v for k, v in cost.items() if k != "wording"} for cost in data["costs"]]
        found += [f"{item.slug}: {text[:80]}" for text in texts(data) if loose.search(text)]
    assert found == []


# 'nu', 'nog steeds', 'intussen' (and 'inmiddels', 'tot nu toe') are fine in a sentence that names the year it
# speaks of ("volgens de studie (mei 2013) liep het toen nog"), not in one that leaves the reader to guess it. The
# year must be no later than the source's: a target year ("Nu is de ambitie dat tegen 2025 …") anchors nothing.
# Not counted: "nu eenmaal", a domain such as TechniekTalent.nu, and words inside quotation marks (a statement
# quoted from a survey keeps its wording).
UNANCHORED = re.compile(r"(?<![\w.])(?:tot nu toe|nu|nog steeds|intussen|inmiddels)\b(?! eenmaal)", re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # (?:…): findall gives the whole year
QUOTED = re.compile(r"[‘“\"][^‘’“”\"\n]*[’”\"]|(?<!\w)'[^'\n]*'(?!\w)")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def unanchored_time_words(practice: Practice) -> list[tuple[str, str]]:
    """(field, sentence) for every sentence with 'nu', 'nog steeds', 'intussen' … and no year up to the source's."""
    from generator.vocabulary import load_vocabularies

    documents = load_vocabularies()["documents"]
    latest = max(documents.get(source.document).year or 0 for source in practice.sources)
    data = practice.model_dump(exclude={"quotes", "sources", "editor_notes", "contacts", "links"})
    data["costs"] = [{k: v for k, v in cost.items() if k != "wording"} for cost in data["costs"]]
    found = []
    for field, value in data.items():
        for text in texts(value):
            for sentence in SENTENCE_END.split(QUOTED.sub(" ", text)):
                if UNANCHORED.search(sentence) and not any(int(year) <= latest for year in YEAR.findall(sentence)):
                    found.append((field, sentence.strip()))
    return found


def test_nu_nog_steeds_and_intussen_stand_in_a_sentence_that_names_the_year(collection):
    found = {(slug, field): sentence for slug, item in collection.items() for field, sentence in unanchored_time_words(item.practice)}
    assert found == {}


@pytest.mark.parametrize(
    "text, flagged",
    [
        ("Het systeem loopt nog steeds.", True),
        ("Intussen kunnen ook andere bedrijven meedoen.", True),
        ("Nu is de ambitie dat tegen 2025 40% meer studeert.", True),  # a target year, later than the source (2018)
        ("Volgens de fiche (2018) liep het toen nog.", False),
        ("Het loopt sinds 2011 en nog steeds.", False),
        ("Iemand van 18 kan nu eenmaal niet alles.", False),
        ("Een project van TechniekTalent.nu.", False),
        ("De stelling 'jongeren die nu al talent hebben' kreeg 55%.", False),
        ("Het startte in 2011. Het loopt nog steeds.", True),  # the year must stand in the same sentence
    ],
)
def test_the_time_word_check_flags_only_unanchored_sentences(text, flagged):
    practice = Practice.model_validate({**yaml.safe_load((RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8")), "description": text})
    assert bool(unanchored_time_words(practice)) == flagged


def test_the_four_bijlage_2_contacts_are_placed(collection):
    names = {(c.name, c.organisation, item.slug) for item in collection.values() for c in item.practice.contacts}
    for name, organisation, slug in [
        ("Ria Willems", "Stichting Prisma", "zelfroosteren"),
        ("Luk Berlanger", "Déhora", "zelfroosteren"),
        ("Fredy Peltzer", "FNV Bondgenoten (lid van voormalige Nederlands Centrum voor Sociale Innovatie)", "zelfroosteren"),
        ("Ann Bulcaen", "RTC West-Vlaanderen", "provinciaal-samenwerkingsplatform-rtc-west-vlaanderen"),
    ]:
        assert (name, organisation, slug) in names
        assert any(s.section.startswith("Bijlage 2") for s in record(collection, slug).sources)


def test_every_contact_of_bijlage_2_is_in_some_record(collection):
    seeds = ROOT.parent / "shared" / "seeds"
    source = next(seeds.glob("002_*.txt"), None) if seeds.is_dir() else None
    if source is None:
        pytest.skip("source text not available")
    annex = source.read_text(encoding="utf-8").split("BIJLAGE 2: Geconsulteerde contactpersonen", 1)[1]
    people = [line.strip(" \uf0a7\t") for line in annex.splitlines() if " van " in line]
    names = {c.name for item in collection.values() for c in item.practice.contacts if c.name}
    assert len(people) == 15
    assert [line for line in people if not any(line.startswith(name + " van ") for name in names)] == []
