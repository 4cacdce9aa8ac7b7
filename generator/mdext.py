"""A Python-Markdown extension for our generated pages: on them, the only Markdown is the headings
the templates write; everything else is complete, escaped HTML, stored as it is.

This is what keeps record text out of Markdown (no heading, list, quote, link, attribute list or
raw HTML can come from it), and it saves MkDocs from parsing the HTML again (most of its build
time for large collections). Record text itself never starts a line (``safe.one_line``), so every
line that begins with ``#`` was written by a template.

Only pages whose first line is the marker ``<!-- praktijkenbank:html -->`` are touched; on those,
every run of lines between two ``#`` headings is one raw block. Hand-written pages are left to
Markdown as usual."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

MARKER = "<!-- praktijkenbank:html -->"


class StoreGeneratedHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not lines or lines[0].strip() != MARKER:
            return lines
        out: list[str] = []
        block: list[str] = []

        def flush() -> None:
            if "".join(block).strip():
                out.extend(["", self.md.htmlStash.store("\n".join(block).strip()), ""])
            block.clear()

        for line in lines[1:]:
            if line.startswith("#"):
                flush()
                out.append(line)
            else:
                block.append(line)
        flush()
        while out and not out[-1].strip():
            out.pop()  # a trailing newline would keep Markdown from unwrapping the last block's <p>
        return out


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(StoreGeneratedHtml(md), "praktijkenbank_html", 25)


def makeExtension(**kwargs) -> GeneratedHtmlExtension:
    return GeneratedHtmlExtension(**kwargs)
