"""The format of our generated pages, and what turns them into HTML.

A generated page starts with the marker ``<!-- praktijkenbank:html -->``. Its only Markdown is the
headings the templates write (``## Tekst { #id .class attribuut }``); everything else is complete,
escaped HTML, used as it is. This is what keeps record text out of Markdown (no heading, list,
quote, link, attribute list or raw HTML can come from it): record text itself never starts a line
(``safe.one_line``), so every line that begins with ``#`` was written by a template.

``to_html`` turns such a page into its HTML and table of contents without Python-Markdown: the
build uses it for every generated page (``mkdocs_step``), which saves MkDocs' Markdown conversion,
about half of MkDocs' time per page (see the README's benchmark). The Markdown extension below
reads the same format inside Python-Markdown, for a plain ``mkdocs build`` of the written pages
(the benchmark's reference); hand-written pages are left to Markdown as usual."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markdown import Extension
from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from markdown.preprocessors import Preprocessor

MARKER = "<!-- praktijkenbank:html -->"

_HEADING = re.compile(r"(#{1,6})\s+(.*?)(?:\s*\{\s*([^{}]*?)\s*\})?\s*$")
_TAG = re.compile(r"<[^>]*>")


def _parts(lines: list[str]) -> Iterator[tuple[str, str]]:
    """The page after its marker as ("html", block) and ("heading", line) in order."""
    block: list[str] = []
    for line in lines:
        if line.startswith("#"):
            if "".join(block).strip():
                yield "html", "\n".join(block).strip()
            block = []
            yield "heading", line
        else:
            block.append(line)
    if "".join(block).strip():
        yield "html", "\n".join(block).strip()


def _attributes(spec: str) -> list[tuple[str, str]]:
    """An attribute list as the templates write it: ``#id``, ``.class`` and bare attribute names."""
    attributes: list[tuple[str, str]] = []
    classes = []
    for word in spec.split():
        if word.startswith("#"):
            attributes.append(("id", word[1:]))
        elif word.startswith("."):
            classes.append(word[1:])
        else:
            name, _, value = word.partition("=")
            attributes.append((name, value.strip("\"'")))
    return [("class", " ".join(classes))] * bool(classes) + attributes


def to_html(text: str) -> tuple[str, list[dict]]:
    """A generated page (after its front matter) as HTML, with the table of contents as
    Python-Markdown's toc extension gives it (nested tokens: level, id, name, children)."""
    text = text.lstrip()
    parts = [(_HEADING.match(part) if kind == "heading" else None, part) for kind, part in _parts(text.removeprefix(MARKER).split("\n"))]
    used = {value for match, _ in parts if match for name, value in _attributes(match.group(3) or "") if name == "id"}  # ids first
    out, tokens = [], []
    for match, part in parts:
        if match is None:  # an HTML block (or a line that only starts with "#", left as it is)
            out.append(part)
            continue
        level, inner = len(match.group(1)), match.group(2)
        name = _TAG.sub("", inner).strip()
        attributes = dict(_attributes(match.group(3) or ""))
        attributes.setdefault("id", unique(slugify(html.unescape(name), "-"), used))
        shown = "".join(f' {key}="{html.escape(value)}"' if value else f" {key}" for key, value in attributes.items())
        out.append(f"<h{level}{shown}>{inner}</h{level}>")
        tokens.append({"level": level, "id": attributes["id"], "name": name, "children": []})
    return "\n".join(out), nest_toc_tokens(tokens)


class StoreGeneratedHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not lines or not lines[0].startswith(MARKER):
            return lines
        out: list[str] = []
        for kind, part in _parts([lines[0][len(MARKER) :], *lines[1:]]):
            out.extend(["", self.md.htmlStash.store(part), ""] if kind == "html" else [part])
        while out and not out[-1].strip():
            out.pop()  # a trailing newline would keep Markdown from unwrapping the last block's <p>
        return out


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(StoreGeneratedHtml(md), "praktijkenbank_html", 25)


def makeExtension(**kwargs) -> GeneratedHtmlExtension:
    return GeneratedHtmlExtension(**kwargs)
