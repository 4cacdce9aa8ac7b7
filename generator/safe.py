"""The one rule for putting record text into a page: HTML-escaped, on one line.

Every character that Python or Markdown reads as the end of a line becomes a space, so record text
can never start a line of a generated page (where Markdown would read ``#``, ``-``, ``>``, ``{:``
or a raw HTML block), and ``&``, ``<``, ``>`` and quotes become entities."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def one_line(value: Any) -> Any:
    """Jinja's ``finalize``: record text on one line (Markup made by our own code stays as it is)."""
    if isinstance(value, str) and not isinstance(value, Markup) and not value.isprintable():  # every line break is unprintable
        return LINE_BREAKS.sub(" ", value)
    return value


def html_text(value: str) -> str:
    """Record text as HTML on one line, as a plain str, for markup built by concatenation (a Markup
    operand would escape the other side)."""
    return str(escape(value if value.isprintable() else LINE_BREAKS.sub(" ", value)))
