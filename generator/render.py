"""Render validated practices into the Markdown pages of the site (pure: records in, pages out).

Record text is never trusted and never becomes markup. Every value goes through ``text`` (in
templates by Jinja's ``finalize`` and autoescaping): HTML-escaped, and with every kind of line break
turned into a space, so record text never starts a line of the page. The pages are Markdown files
whose only Markdown is the headings the templates write; every other line is stored as HTML as it
is (``mdext``), so Markdown, attribute lists or anything else in a record stays text. Links between
pages are relative, computed by ``href``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import charts, overview, parallel
from .browse import make_facets, related_practices
from .facts import max_cost as max_cost  # for export.py and the tests: the one rule, in facts.py
from .facts import practice_facts
from .formats import euro, number
from .loader import LoadedPractice
from .models import Practice
from .safe import html_text, one_line
from .search_keys import FILTERS, filter_value, search_config_json, search_filter, search_words
from .urls import (
    BROWSE_PAGE,
    COMPARE_PAGE,
    COVERAGE_PAGE,
    PRACTICE_DATA_FOLDER,
    SEARCH_PAGE,
    SOURCES_PAGE,
    facet_value_path,
    page_url,
    practice_path,
    priority_path,
    relative_link,
    source_path,
)
from .vocabulary import Vocabulary, load_vocabularies

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class Page:
    """A generated page: its path under the docs folder and its Markdown."""

    path: str
    text: str


@pass_context
def href(context, target_path: str) -> str:
    """Relative link from the page being rendered to the page at ``target_path``."""
    return relative_link(context["page_path"], target_path)


def paragraphs(text: str | None) -> Markup:
    """Plain record text as HTML: blank lines separate paragraphs; lines starting with '- ' (or '• ')
    make a list, also right after a line that introduces it."""
    if not text:
        return Markup("")
    if "\n" not in text and not text.startswith(("- ", "• ")):
        return Markup("<p>" + html_text(text.strip()) + "</p>")
    html = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        run: list[str] = []
        run_is_list = False
        for line in [*lines, None]:
            is_item = line is not None and line.startswith(("- ", "• "))
            if run and (line is None or is_item != run_is_list):
                if run_is_list:
                    html.append("<ul>" + "".join("<li>" + html_text(item[2:].strip()) + "</li>" for item in run) + "</ul>")
                else:
                    html.append("<p>" + html_text(" ".join(run)) + "</p>")
                run = []
            if line is not None:
                run.append(line)
                run_is_list = is_item
    return Markup("".join(html))


def meta(value: str) -> Markup:
    """A front-matter string: HTML-escaped (MkDocs inserts page titles unescaped) and YAML-quoted."""
    escaped = str(escape(" ".join(value.split())))
    return Markup('"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"')


def long_date(value: datetime | date) -> str:
    """A date in Dutch (Babel, nl_BE): '30 november 2026'."""
    return format_date(value, format="long", locale="nl_BE")


def period_bucket(start: int) -> str:
    """The search filter value for a start year: five-year spans, with everything before 2005 together."""
    if start < 2005:
        return "vóór 2005"
    low = start - (start % 5)
    return f"{low}–{low + 4}"


def practice_charts(practice: Practice) -> dict:
    """The charts a practice's data allow: series and target-against-realised (outcomes), budget (costs)."""
    figures = practice.outcomes.figures if practice.outcomes else []
    series, in_series = charts.series_charts(figures, number)
    return {
        "series": series + charts.group_charts(figures, number, exclude=in_series),
        "target": charts.target_chart(figures, number),
        "budget": charts.budget_chart(practice.costs, euro),
    }


def groupby_audience(items: list) -> list[tuple[str | None, list]]:
    """Points grouped by audience, groups in order of first appearance."""
    groups: dict[str | None, list] = {}
    for point in items:
        groups.setdefault(point.audience, []).append(point)
    return list(groups.items())


def cards_renderer(env: Environment, vocab: dict[str, Vocabulary]):
    """A Jinja function drawing practices as a list of cards (the ``card`` macro of parts.html.j2),
    or saying there are none.

    The same card appears on many pages; it is drawn once per link it needs, not once per page."""
    parts: Any = env.get_template("parts.html.j2").module  # its macros
    cache: dict[tuple[str, int], Markup] = {}  # (slug, depth of the page the card is on)

    @pass_context
    def practice_cards(context, items: list[LoadedPractice]) -> Markup:
        drawn = []
        for item in items:
            key = (item.slug, page_url(context["page_path"]).count("/"))
            if key not in cache:
                compare = href(context, COMPARE_PAGE) + "?voeg=" + item.slug
                cache[key] = parts.card(item.practice, href(context, practice_path(item.slug)), vocab, compare=compare)
            drawn.append(cache[key])
        return parts.cards(drawn)

    return practice_cards


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=one_line,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(groupby_audience=groupby_audience, paragraphs=paragraphs, number=number, euro=euro, meta=meta, long_date=long_date)
    env.globals.update(
        browse_page=BROWSE_PAGE, compare_page=COMPARE_PAGE, coverage_page=COVERAGE_PAGE, sources_page=SOURCES_PAGE, facet_value_path=facet_value_path
    )
    env.globals.update(
        search_filter=search_filter,
        filter_value=filter_value,
        search_words=search_words,
        href=href,
        practice_path=practice_path,
        priority_path=priority_path,
        source_path=source_path,
        practice_facts=_once_per_practice(practice_facts),
        period_bucket=period_bucket,
        practice_charts=practice_charts,
        bars=charts.bars,
        share=charts.share,
    )
    return env


def _once_per_practice(function):
    """``function(practice, vocab)``, computed once per practice for this environment (a card,
    the sort keys and the search data of a practice all show the same facts)."""
    done: dict[int, tuple] = {}

    def once(practice, vocab):
        if id(practice) not in done:
            done[id(practice)] = (practice, function(practice, vocab))  # the practice kept alive: its id stays its own
        return done[id(practice)][1]

    return once


def group_by_priority(practices: list[LoadedPractice]) -> dict[str, list[LoadedPractice]]:
    groups: dict[str, list[LoadedPractice]] = defaultdict(list)
    for item in practices:
        for priority_id in item.practice.priorities.terms:
            groups[priority_id].append(item)
    return groups


def group_by_document(practices: list[LoadedPractice]) -> dict[str, list[LoadedPractice]]:
    """The practices taken from each source document (a record citing a document twice counts once)."""
    groups: dict[str, list[LoadedPractice]] = defaultdict(list)
    for item in practices:
        for document_id in dict.fromkeys(source.document for source in item.practice.sources):
            groups[document_id].append(item)
    return groups


def common_values(practices: list[LoadedPractice], vocabularies: dict[str, Vocabulary]) -> dict:
    """What every page template gets."""
    return {
        "vocab": vocabularies,
        "priorities": vocabularies["priorities"].terms,
        "by_priority": group_by_priority(practices),
        "practices": practices,
        "facets": make_facets(practices, vocabularies),
    }


def practice_job(item: LoadedPractice, related: list[LoadedPractice]) -> tuple[str, str, dict]:
    return ("practice.md.j2", practice_path(item.slug), {"item": item, "p": item.practice, "related": related})


def render_practice(env: Environment, practices: list[LoadedPractice], item: LoadedPractice, vocabularies: dict[str, Vocabulary]) -> Page:
    """The page of one practice of ``practices``, as ``render_site`` makes it (the live preview's
    quick path; ``env`` from ``make_environment``, kept between calls)."""
    env.globals["practice_cards"] = cards_renderer(env, vocabularies)  # a new card cache: the practice may have changed
    template, path, values = practice_job(item, related_practices(practices, only=item.slug)[item.slug])
    return Page(path, env.get_template(template).render(page_path=path, **common_values(practices, vocabularies), **values))


def render_site(practices: list[LoadedPractice], vocabularies: dict[str, Vocabulary] | None = None, processes: int | None = None) -> list[Page]:
    """Every generated page of the site, for practices sorted by title. ``processes``: 1 or 2
    (default: as ``parallel.worth_it`` says)."""
    vocabularies = vocabularies or load_vocabularies()
    env = make_environment()
    env.globals["practice_cards"] = cards_renderer(env, vocabularies)
    priorities = vocabularies["priorities"].terms
    common = common_values(practices, vocabularies)
    facets, by_priority = common["facets"], common["by_priority"]

    def render(job: tuple[str, str, dict]) -> Page:
        template, path, values = job
        return Page(path, env.get_template(template).render(page_path=path, **common, **values))

    from .export import change_dates  # export uses this module; the home page lists the newest additions by their git dates

    home = {
        "audiences": overview.audience_links(relative_link("index.md", SEARCH_PAGE), vocabularies),
        "newest": overview.newest(practices, change_dates([item.path for item in practices])),
    }
    jobs: list[tuple[str, str, dict]] = [
        ("home.md.j2", "index.md", home),
        ("practices.md.j2", "praktijken/index.md", {}),
        ("priorities.md.j2", "prioriteiten/index.md", {}),
        ("matrix.md.j2", "prioriteiten/matrix.md", {}),
        ("browse.md.j2", BROWSE_PAGE, {}),
        ("search.md.j2", SEARCH_PAGE, {"search_filters": FILTERS, "search_config": Markup(search_config_json(vocabularies))}),
        (
            "vergelijken.md.j2",
            COMPARE_PAGE,
            {"compare_config": Markup(overview.compare_config_json(practices, relative_link(COMPARE_PAGE, "index.md") + PRACTICE_DATA_FOLDER + "/"))},
        ),
        ("dekking.md.j2", COVERAGE_PAGE, {"coverage_tables": overview.coverage_tables(practices, vocabularies, relative_link(COVERAGE_PAGE, SEARCH_PAGE))}),
    ]
    for facet in facets:
        jobs.append(("facet.md.j2", facet.index_path(), {"facet": facet}))
        jobs += [("facet_value.md.j2", facet.value_path(value), {"facet": facet, "value": value}) for value in facet.values]
    by_document = group_by_document(practices)
    jobs.append(("sources.md.j2", SOURCES_PAGE, {"by_document": by_document}))
    for document in vocabularies["documents"].terms:
        jobs.append(("source.md.j2", source_path(document.id), {"document": document, "members": by_document.get(document.id, [])}))
    for priority in priorities:
        jobs.append(("priority.md.j2", priority_path(priority.id), {"priority": priority, "members": by_priority.get(priority.id, [])}))
    related = related_practices(practices)
    jobs += [practice_job(item, related[item.slug]) for item in practices]
    if processes is None:
        processes = 2 if parallel.worth_it(len(practices)) else 1
    return _render_in_two(render, jobs) if processes == 2 else [render(job) for job in jobs]


def _render_in_two(render: Callable, jobs: list) -> list[Page]:
    """Render the pages in two processes: this one takes every even job, the second every odd job
    (``parallel.beside``: only its pages come back). On two cores this takes about a quarter off
    rendering at 1,000 practices (README, Benchmark)."""
    with parallel.beside(lambda: [render(job) for job in jobs[1::2]]) as theirs:
        pages = [render(job) for job in jobs[0::2]]
    merged: list[Page] = [None] * len(jobs)  # type: ignore[list-item]
    merged[0::2], merged[1::2] = pages, theirs.result()
    return merged
