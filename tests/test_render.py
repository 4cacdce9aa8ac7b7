"""Rendering records into pages: figures land under the right heading, text is escaped, empty sections vanish."""

from __future__ import annotations

import re

import pytest

from generator.loader import load_practice, load_practices
from generator.render import euro, number, page_url, paragraphs, render_site

from .conftest import RECORDS, ROOT


def section(page_text: str, heading: str) -> str:
    """The text under '## heading' (with or without an attribute list) up to the next '## '."""
    match = re.search(rf"^## {re.escape(heading)}(?: {{[^}}\n]*}})?\n(.*?)(?=^## |\Z)", page_text, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match[1]


@pytest.fixture(scope="module")
def pages():
    result = load_practices(sorted((RECORDS / "valid").glob("*.yaml")))
    assert result.ok
    return {page.path: page.text for page in render_site(result.practices)}


def test_a_figure_appears_under_uitkomsten_in_dutch_notation(pages):
    outcomes = section(pages["praktijken/volledig-voorbeeld.md"], "Uitkomsten")
    assert "Deelnemers die een job vonden" in outcomes
    assert "4.321 deelnemers" in outcomes
    assert "schooljaar 2017-2018" in outcomes
    assert "21,5 %" in outcomes


def test_targets_are_shown_beside_what_was_realised(pages):
    outcomes = section(pages["praktijken/volledig-voorbeeld.md"], "Uitkomsten")
    assert '<th scope="col">Streefcijfer</th><th scope="col">Gerealiseerd</th>' in outcomes
    assert '<td class="pk-figure" data-pagefind-ignore>800 jongeren</td><td class="pk-figure" data-pagefind-ignore>meer dan 6.850 jongeren</td>' in outcomes


def test_budget_planned_against_spent(pages):
    card = section(pages["praktijken/volledig-voorbeeld.md"], "ID-kaart")
    assert "Gepland: € 50.000; besteed: € 42.500,50" in card


def test_id_card_holds_cost_period_coordination_and_priorities(pages):
    card = section(pages["praktijken/volledig-voorbeeld.md"], "ID-kaart")
    for label in ("Doel", "Wat", "Doelgroep", "Kosten", "Periode", "Coördinatie", "Niveau", "Prioriteiten"):
        assert f"<dt data-pagefind-ignore>{label}</dt>" in card
    assert "€ 12.345 in 2017" in card
    assert 'href="../../prioriteiten/matchen/"' in card
    assert "De financiering van onderwijs en opleiding versterken" in card
    assert "Zoals de bron ze noemt" in card


def test_sections_follow_the_fiche_order(pages):
    text = pages["praktijken/volledig-voorbeeld.md"]
    headings = re.findall(r"^## (.+?)(?: {[^}\n]*})?$", text, re.M)
    assert headings == [
        "ID-kaart",
        "Ontstaan",
        "Wat houdt de praktijk in?",
        "Troeven",
        "Uitdagingen",
        "Uitkomsten",
        "Budget",
        "Evaluatie",
        "Conclusie",
        "Procedure",
        "Voorwaarden",
        "Financiering",
        "Getuigenissen",
        "Contact",
        "Meer informatie",
        "Bronnen",
    ]


def test_sections_without_data_are_left_out(pages):
    headings = re.findall(r"^## (.+?)(?: {[^}\n]*})?$", pages["praktijken/minimaal.md"], re.M)
    assert headings == ["ID-kaart", "Wat houdt de praktijk in?", "Bronnen"]
    assert "Toegekend door de redactie" in pages["praktijken/minimaal.md"]


def test_strengths_are_grouped_by_audience(pages):
    strengths = section(pages["praktijken/volledig-voorbeeld.md"], "Troeven")
    assert strengths.index("Een troef zonder doelgroep") < strengths.index(">Bedrijf</h3>") < strengths.index("Een troef voor het bedrijf")
    assert "<li><p>Een troef voor het bedrijf" in strengths and "&lt;li&gt;" not in strengths  # list items, not escaped tags


def test_priority_pages_list_exactly_their_practices(pages):
    matchen = pages["prioriteiten/matchen.md"]
    assert "Voorbeeldpraktijk met alle velden" in matchen and "Minimale praktijk" not in matchen
    assert "## Praktijken (1)" in matchen
    assert "Minimale praktijk" in pages["prioriteiten/leercultuur.md"]


def test_home_counts_practices_per_priority(pages):
    home = pages["index.md"]
    counts = dict(re.findall(r'href="prioriteiten/(\w+)/".*?\n<p class="pk-tile__count">(\d+) praktijk', home, re.S))
    assert counts == {"leercultuur": "1", "werkvloer": "0", "matchen": "1", "beleid": "0", "financiering": "1"}


def test_html_and_markdown_in_text_fields_are_shown_as_text(tmp_path):
    source = (RECORDS / "valid" / "minimaal.yaml").read_text(encoding="utf-8")
    hostile = "<script>alert('x')</script> [klik](javascript:alert(1)) <img src=x onerror=alert(2)>"
    path = tmp_path / "vijandig.yaml"
    path.write_text(
        source.replace("title: Minimale praktijk", f'title: "Titel {hostile}"').replace("description: Een korte beschrijving.", f'description: "{hostile}"'),
        encoding="utf-8",
    )
    item, problems = load_practice(path)
    assert problems == []
    text = render_site([item])[-1].text
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text
    assert 'title: "Titel &lt;script&gt;' in text


@pytest.mark.parametrize("value, expected", [(1279925, "1.279.925"), (21.5, "21,5"), (0, "0"), (12000.0, "12.000"), (0.25, "0,25")])
def test_numbers_use_dutch_notation(value, expected):
    assert number(value) == expected


def test_euro_amounts():
    assert euro(211795) == "€ 211.795"
    assert euro(1234.5) == "€ 1.234,50"


def test_paragraphs_and_lists():
    assert paragraphs("Een\nzin.\n\n- a\n- b") == "<p>Een zin.</p><ul><li>a</li><li>b</li></ul>"
    assert paragraphs("Inleiding:\n- a\n- b\nSlot.") == "<p>Inleiding:</p><ul><li>a</li><li>b</li></ul><p>Slot.</p>"
    assert paragraphs("<b>x</b>") == "<p>&lt;b&gt;x&lt;/b&gt;</p>"


@pytest.mark.parametrize("path, url", [("index.md", ""), ("praktijken/index.md", "praktijken/"), ("praktijken/co-lab.md", "praktijken/co-lab/")])
def test_page_urls(path, url):
    assert page_url(path) == url


def test_generated_html_blocks_are_stored_as_they_are():
    import markdown

    md = markdown.Markdown(extensions=["generator.mdext", "toc"])
    html = md.convert('<!-- praktijkenbank:html -->\n<div class="a">\n\n*niet cursief*\n</div>\n\n## Kop\n\n<p>x</p>\n')
    assert html == '<div class="a">\n\n*niet cursief*\n</div>\n<h2 id="kop">Kop</h2>\n<p>x</p>'


GENERATED_PAGE = """<!-- praktijkenbank:html --><script type="application/json" id="cfg">{"a": 1}</script>
<div class="a">

*niet cursief* &amp; [geen link](x)
</div>

## ID-kaart { data-pagefind-ignore }
<p>x</p>
## Voor wie? { #voor-wie }
### Kop &amp; staart
<ul><li>y</li></ul>
## ID-kaart
## Verwante praktijken { .pk-related data-pagefind-ignore }
"""


def test_the_build_turns_a_generated_page_into_what_markdown_would_make_of_it():
    """mkdocs_step renders generated pages with mdext.to_html instead of Python-Markdown: the same
    HTML (headings with their attributes and unique ids, HTML blocks as they are, the marker gone)
    and the same table of contents."""
    import markdown

    from generator.mdext import to_html

    md = markdown.Markdown(extensions=["generator.mdext", "attr_list", "toc"])
    expected = md.convert(GENERATED_PAGE)
    html, toc = to_html(GENERATED_PAGE)
    assert html == expected
    assert "praktijkenbank:html" not in html and "*niet cursief*" in html
    assert '<h2 data-pagefind-ignore id="id-kaart">ID-kaart</h2>' in html and '<h2 id="id-kaart_1">ID-kaart</h2>' in html

    def shape(tokens):
        return [(t["level"], t["id"], t["name"], shape(t["children"])) for t in tokens]

    assert shape(toc) == shape(md.toc_tokens)
    assert shape(toc)[1] == (2, "voor-wie", "Voor wie?", [(3, "kop-staart", "Kop &amp; staart", [])])


def test_hand_written_pages_are_left_to_markdown():
    import markdown

    assert markdown.Markdown(extensions=["generator.mdext"]).convert("<div>a</div>\n\n*cursief*") == "<div>a</div>\n\n<p><em>cursief</em></p>"


def test_numbers_and_amounts_are_written_as_babel_writes_them_for_nl_be():
    """formats.py takes Babel's separators and formats the digits itself (faster): the text must be
    Babel's own, for whole numbers, decimals, halves and large amounts alike."""
    import random

    from babel import Locale
    from babel.numbers import parse_pattern

    from generator.formats import euro, number

    locale = Locale.parse("nl_BE")
    plain, whole_euros, euros = parse_pattern("#,##0.##"), parse_pattern("€ #,##0"), parse_pattern("€ #,##0.00")
    rng = random.Random(20261130)
    values = [0, 1, 999, 1000, 1279925, 999999999999999, 2.5, 2.675, 1.005, 0.125, 42500.5, 21.25, -3.5]
    values += [rng.choice([rng.randint(0, 10**12), round(rng.uniform(0, 10**7), rng.choice([1, 2, 3]))]) for _ in range(2000)]
    for value in values:
        assert number(value) == plain.apply(value, locale), value
        assert euro(value) == (whole_euros if float(value).is_integer() else euros).apply(value, locale), value


def test_every_line_break_is_caught_by_the_quick_printable_check():
    """safe.one_line skips text that str.isprintable() accepts: that is only safe while every
    character Python or Markdown reads as a line break is unprintable."""
    import sys

    from generator.safe import LINE_BREAKS

    breaks = [chr(c) for c in range(sys.maxunicode + 1) if LINE_BREAKS.fullmatch(chr(c))]
    assert "\n" in breaks and "\r" in breaks and "\u2028" in breaks
    assert not any(character.isprintable() for character in breaks)
    assert all(LINE_BREAKS.fullmatch(character) for character in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def test_two_processes_render_the_same_pages_as_one():
    """From PARALLEL_FROM practices on, a forked second process renders every other page: the pages,
    their order and their text must be exactly those of rendering in one process."""
    practices = load_practices(sorted((ROOT / "practices").glob("*.yaml"))).practices
    assert len(practices) > 100
    one = render_site(practices, processes=1)
    two = render_site(practices, processes=2)
    assert [page.path for page in two] == [page.path for page in one]
    assert two == one


def _broken_second_process():
    raise ValueError("kapot in het tweede proces")


def test_a_failure_in_the_second_rendering_process_stops_the_render(monkeypatch):
    from generator import parallel

    practices = load_practices(sorted((RECORDS / "valid").glob("*.yaml"))).practices
    monkeypatch.setattr(parallel, "_run_work", _broken_second_process)  # the forked process runs the module as it is now
    with pytest.raises(ValueError, match="tweede proces"):
        render_site(practices, processes=2)
