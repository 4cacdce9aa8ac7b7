"""A new, commented record with every field and the allowed terms, for editors to fill in."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .render import TEMPLATES
from .vocabulary import load_vocabularies


def scaffold_text(slug: str) -> str:
    vocabularies = load_vocabularies()
    env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, keep_trailing_newline=True)

    def terms(kind: str) -> str:
        return ", ".join(vocabularies[kind].ids)

    return env.get_template("scaffold.yaml.j2").render(slug=slug, terms=terms)
