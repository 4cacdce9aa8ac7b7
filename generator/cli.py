"""The `praktijken` command: validate records, build the site, serve it. Only argument handling
lives here; the work is done by loader, build and serve."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import BuildError, Project, build_site
from .loader import Problem, load_practices, practice_files


def _report(problems: list[Problem], checked: int) -> None:
    for problem in problems:
        click.echo(f"FOUT {problem}", err=True)
    files = len({p.path for p in problems})
    if problems:
        click.echo(f"{checked} record(s) gecontroleerd: {len(problems)} probleem/problemen in {files} bestand(en).", err=True)
    else:
        click.echo(f"{checked} record(s) gecontroleerd: alles in orde.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Map van het project (met practices/, content/ en mkdocs.yml).")
@click.pass_context
def main(ctx: click.Context, project_dir: Path) -> None:
    """Praktijkenbank Vaardigheden: controleer de praktijken en bouw de website.

    \b
    praktijken validate          controleer alle records in practices/
    praktijken validate FILE…    controleer enkele records
    praktijken build             bouw de volledige site met zoekindex in site/
    praktijken serve             bouw de site en toon ze op http://127.0.0.1:8000/
    praktijken schema            werk het JSON Schema voor editors bij
    """
    ctx.obj = Project(project_dir.resolve())


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def validate(project: Project, files: tuple[Path, ...]) -> None:
    """Controleer records: elk probleem met bestand, regel, veld en wat toegestaan is.

    Zonder FILES worden alle records in practices/ gecontroleerd, ook op dubbele slugs en titels.
    Eindigt met code 0 als alles in orde is, anders met code 1.
    """
    paths = list(files) or practice_files(project.practices_dir)
    result = load_practices(paths)
    _report(result.problems, len(paths))
    sys.exit(0 if result.ok else 1)


@main.command()
@click.pass_obj
def build(project: Project) -> None:
    """Bouw de volledige site met zoekindex in site/.

    Als er iets misloopt, blijft een bestaande site/ ongewijzigd. Eindigt met code 1 bij een fout.
    """
    _build(project)


def _build(project: Project) -> None:
    try:
        report = build_site(project)
    except BuildError as exc:
        if exc.problems:
            _report(exc.problems, len(practice_files(project.practices_dir)))
        click.echo(f"De site is niet gebouwd: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Site gebouwd in {report.site_dir}: {report.practices} praktijken, {report.pages} gegenereerde pagina's, "
               f"{report.indexed_pages} pagina's in de zoekindex.")


@main.command()
def schema() -> None:
    """Schrijf het JSON Schema van een record naar generator/practice.schema.json."""
    from .schema import SCHEMA_FILE, schema_text

    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    click.echo(f"JSON Schema geschreven naar {SCHEMA_FILE}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adres om op te luisteren.")
@click.option("--port", default=8000, show_default=True, help="Poort.")
@click.pass_obj
def serve(project: Project, host: str, port: int) -> None:
    """Bouw de site en toon ze op http://127.0.0.1:8000/ (stoppen met Ctrl+C)."""
    from .serve import serve_directory

    _build(project)
    click.echo(f"De site draait op http://{host}:{port}/ (stoppen met Ctrl+C)")
    serve_directory(project.site_dir, host, port)
