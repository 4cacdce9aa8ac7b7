"""A Python-Markdown extension for our generated pages: their HTML blocks are already escaped and
complete, so they are stored as they are instead of being parsed again by Markdown's HTML parser
(which is most of MkDocs' build time for large collections).

Only pages whose first line is the marker ``<!-- praktijkenbank:html -->`` are touched; on those,
every run of lines starting at a line that begins with ``<`` and ending before the next ``#``
heading is one raw block. Hand-written pages are left to Markdown as usual."""

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
            if block:
                out.extend(["", self.md.htmlStash.store("\n".join(block).strip()), ""])
                block.clear()

        for line in lines[1:]:
            if line.startswith("#"):
                flush()
                out.append(line)
            elif block or line.startswith("<"):
                block.append(line)
            else:
                out.append(line)
        flush()
        while out and not out[-1].strip():
            out.pop()  # a trailing newline would keep Markdown from unwrapping the last block's <p>
        return out


class GeneratedHtmlExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(StoreGeneratedHtml(md), "praktijkenbank_html", 25)


def makeExtension(**kwargs) -> GeneratedHtmlExtension:  # noqa: N802 - Python-Markdown's entry point
    return GeneratedHtmlExtension(**kwargs)
