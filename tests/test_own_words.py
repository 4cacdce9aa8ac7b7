"""Every record tells its practice in its own words: prose outside `quotes` is not copied from the source.

Issue "Content: every description in own words". A record may keep facts, figures, names and the
short phrases any summary shares with its source, but not whole passages. For every record, the
text it gives is compared word by word with the source document(s) it cites (``sources``):

* no text may share a run of more than 25 consecutive words with its source
  (:data:`LONGEST_RUN`), and
* over the whole collection, at most 5% of the words may sit in runs of 12 or more consecutive
  words shared with the source (:data:`SHORT_RUN`, :data:`MAX_SHARE`).

Words are compared normalised: lowercase, without punctuation, quote marks or HTML tags; a
hyphen inside a word is dropped ("niet-werkende" = "nietwerkende"), and so is the PDF
extraction's line-break hyphen ("gespecia-/liseerde" = "gespecialiseerde"), except before
"en", "of" and "tot" ("opleidings-/en certificeringstraject"). A point or comma between digits
is dropped ("211.795" = "211795"). Runs never cross from one field to another, nor from one
source document to another.

Checked is every text of a record except these fields, which by design hold names, the source's
exact wording, or no prose at all:

* ``quotes``: testimonials, verbatim by definition;
* ``title``, ``contacts`` (names, roles, e-mail addresses, phone numbers), ``links`` (URLs and the
  titles of the pages they link to) and ``sources`` (document ids, section titles, pages): names,
  facts and titles, not descriptions.

The ``wording`` fields (of ``costs``, ``period``, ``target_groups``, ``coordination`` and
``priorities``) are checked like any other text: they say, in the editors' words, what a fiche's ID
card gives (Kosten, Periode, Doelgroep, Coördinatie), keeping its amounts, years and names exact.
Organisation names, scope, sectors and terms are checked too; they are names or ids, far shorter
than a copied run.

List items (strengths, challenges, conditions and procedure steps) are short, so a copied item
rarely reaches a run of 12 words. They have their own check: no item's text of at least
:data:`ITEM_WORDS` words may have :data:`ITEM_SHARE` or more of its words in one run copied from its
source (a table cell taken over word for word is still a copy).

Everything else is checked, including summaries, figure labels, units, periods and notes, cost
``covers``, procedure step titles and ``who``, points' ``audience`` and ``editor_notes`` (which may
quote a broken label or a table title of the extraction, but only briefly). A field added to the
models later is checked too, unless it is added to :data:`EXEMPT`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pytest

from generator.loader import load_practices, practice_files
from generator.vocabulary import load_vocabularies

from .conftest import ROOT
from .test_records import SEEDS

LONGEST_RUN = 25  # no text may share more consecutive words with its source
SHORT_RUN = 12  # runs this long or longer count towards the share ...
MAX_SHARE = 0.05  # ... which may be at most this part of all checked words
ITEM_WORDS = 6  # a list item's text this long or longer ...
ITEM_SHARE = 0.9  # ... may not have this part of its words in one run copied from its source
LISTS = ("strengths", "challenges", "conditions", "procedure")

# Field paths (list indices left out) that are not checked, with their subtrees; see the docstring.
EXEMPT = {"quotes", "title", "contacts", "links", "sources"}

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="de brondocumenten (../shared/seeds) staan niet naast deze checkout / the source documents are absent",
)

_TAGS = re.compile(r"<[^>]*>")
_LINE_BREAK_HYPHEN = re.compile(r"(\w)[-\u00ad\u2010\u2011][ \t]*\r?\n\s*(?!(?:en|of|tot)\b)(?=\w)")
_INNER = re.compile(r"(?<=\w)[-\u00ad\u2010\u2011'’`](?=\w)|(?<=\d)[.,](?=\d)")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The normalised words of a text (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _TAGS.sub(" ", text)
    text = _LINE_BREAK_HYPHEN.sub(r"\1", text)
    text = _INNER.sub("", text)
    return [w for w in _WORD.findall(text) if w != "_"]


@cache
def source_index(document: str) -> tuple[list[str], dict[tuple[str, ...], list[int]]]:
    """The words of a source document, and where each run of SHORT_RUN words starts in it."""
    path = SEEDS / load_vocabularies()["documents"].get(document).file
    tokens = words(path.read_text(encoding="utf-8"))
    starts: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(tokens) - SHORT_RUN + 1):
        starts.setdefault(tuple(tokens[i : i + SHORT_RUN]), []).append(i)
    return tokens, starts


def texts(value: object, path: str = "", key: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every checked text in a record dumped to plain data."""
    if key in EXEMPT:
        return
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from texts(item, f"{path}.{name}" if path else name, f"{key}.{name}" if key else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, f"{path}[{index}]", key)


@cache
def source_text(document: str) -> str:
    """The normalised words of a source document as one string, with a space at each end."""
    return " " + " ".join(source_index(document)[0]) + " "


def longest_copied(tokens: list[str], documents: list[str]) -> int:
    """The length of the longest run of consecutive words of `tokens` that stands in one of the documents."""
    best = 0
    for document in documents:
        source = source_text(document)
        for i in range(len(tokens)):
            for j in range(len(tokens), i + best, -1):
                if " " + " ".join(tokens[i:j]) + " " in source:
                    best = j - i
                    break
    return best


@dataclass
class Run:
    file: str
    field: str
    words: list[str]

    def __str__(self) -> str:
        return f'{self.file} {self.field}: {len(self.words)} woorden: "{" ".join(self.words)}"'


def shared_runs(tokens: list[str], documents: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the longest run shared with a document at each position of `tokens` where one of at
    least SHORT_RUN words starts (overlapping: a run of 30 words also yields the 29 words after its first)."""
    spans: list[tuple[int, int]] = []
    for document in documents:
        source, starts = source_index(document)
        i = 0
        while i <= len(tokens) - SHORT_RUN:
            best = 0
            for j in starts.get(tuple(tokens[i : i + SHORT_RUN]), ()):
                length = SHORT_RUN
                while i + length < len(tokens) and j + length < len(source) and tokens[i + length] == source[j + length]:
                    length += 1
                best = max(best, length)
            if best:
                spans.append((i, i + best))
            i += 1
    return spans


@dataclass
class Analysis:
    checked_words: int
    words_in_runs: int
    runs: list[Run]  # the longest shared run in each copied stretch, longest first

    @property
    def share(self) -> float:
        return self.words_in_runs / self.checked_words if self.checked_words else 0.0


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    result = load_practices(practice_files(ROOT / "practices"))
    assert result.problems == []
    checked = in_runs = 0
    runs: list[Run] = []
    for item in result.practices:
        documents = sorted({source.document for source in item.practice.sources})
        name = item.path.relative_to(ROOT).as_posix() if item.path.is_relative_to(ROOT) else str(item.path)
        for field, text in texts(item.practice.model_dump(mode="json")):
            tokens = words(text)
            checked += len(tokens)
            spans = shared_runs(tokens, documents)
            covered = set()
            for start, end in spans:
                covered.update(range(start, end))
            in_runs += len(covered)
            # Report each copied stretch (overlapping runs) once, by the longest run in it.
            stretch_end = -1
            for start, end in sorted(spans):
                if start >= stretch_end:
                    runs.append(Run(name, field, tokens[start:end]))
                elif end - start > len(runs[-1].words):
                    runs[-1] = Run(name, field, tokens[start:end])
                stretch_end = max(stretch_end, end)
    runs.sort(key=lambda run: -len(run.words))
    return Analysis(checked, in_runs, runs)


def test_no_text_copies_more_than_25_consecutive_words_from_its_source(analysis):
    too_long = [run for run in analysis.runs if len(run.words) > LONGEST_RUN]
    assert not too_long, (
        f"Deze teksten nemen meer dan {LONGEST_RUN} opeenvolgende woorden over uit de bron; "
        "herschrijf ze in eigen woorden (feiten en cijfers blijven exact):\n" + "\n".join(map(str, too_long))
    )


def test_at_most_5_percent_of_words_sit_in_runs_shared_with_the_source(analysis):
    longest = len(analysis.runs[0].words) if analysis.runs else 0
    print(
        f"\n{analysis.checked_words} woorden gecontroleerd; {analysis.words_in_runs} ({analysis.share:.2%}) in reeksen van "
        f"{SHORT_RUN}+ woorden uit de bron; langste reeks {longest} woorden"
    )
    assert analysis.share <= MAX_SHARE, (
        f"{analysis.share:.1%} van de woorden ({analysis.words_in_runs} van {analysis.checked_words}) staat in reeksen van "
        f"{SHORT_RUN} of meer woorden die letterlijk uit de bron komen (toegestaan: {MAX_SHARE:.0%}). De langste:\n" + "\n".join(map(str, analysis.runs[:40]))
    )


def test_no_list_item_is_copied_from_its_source():
    """A strength, challenge, condition or procedure step of ITEM_WORDS words or more is not the source's
    table cell or bullet taken over (nearly) word for word."""
    result = load_practices(practice_files(ROOT / "practices"))
    assert result.problems == []
    copied = []
    for item in result.practices:
        documents = sorted({source.document for source in item.practice.sources})
        data = item.practice.model_dump(mode="json")
        for name in LISTS:
            for index, point in enumerate(data[name]):
                tokens = words(point["text"])
                if len(tokens) >= ITEM_WORDS and longest_copied(tokens, documents) >= ITEM_SHARE * len(tokens):
                    copied.append(f"{item.path.name} {name}[{index}]: {point['text']}")
    assert not copied, (
        f"Deze punten ({len(copied)}) staan (bijna) woord voor woord in de bron; herschrijf ze in eigen woorden "
        "(feiten en cijfers blijven exact):\n" + "\n".join(copied)
    )
