"""The `praktijken` command: validate records, build the site, serve it. Only argument handling
lives here; the work is done by loader, build and serve."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from .build import BuildError, BuildReport, Project, build_site
from .loader import Problem, RecordsFolderError, load_practices, practice_files, shown
from .urls import MAX_SLUG_LENGTH, RESERVED_SLUGS

SITE_URL_VARIABLE = "PRAKTIJKEN_SITE_URL"


def _report(problems: list[Problem], checked: int, github: bool = False) -> None:
    for problem in problems:
        click.echo(f"FOUT {problem}", err=True)
        if github:
            click.echo(github_annotation(problem))
    files = len({p.path for p in problems})
    if problems:
        click.echo(f"{checked} record(s) gecontroleerd: {len(problems)} probleem/problemen in {files} bestand(en).", err=True)
    else:
        click.echo(f"{checked} record(s) gecontroleerd: alles in orde.")


def github_annotation(problem: Problem, title: str | None = None) -> str:
    """A problem as a GitHub Actions annotation, shown on the pull request's diff at its line.
    Its title is ``title``, else the problem's field, else "record"."""

    def escaped(text: str, property_value: bool = False) -> str:
        # GitHub's escapes first, so a line break becomes %0A (a line break in the annotation);
        # then every other control character as a visible escape, as on the terminal.
        text = shown(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    path = problem.path
    try:
        path = path.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    where = f"file={escaped(path.as_posix(), True)}" + (f",line={problem.line}" if problem.line else "")
    return f"::error {where},title={escaped(title or problem.field or 'record', True)}::{escaped(problem.message)}"


def _files(project: Project) -> list[Path]:
    try:
        return practice_files(project.practices_dir)
    except RecordsFolderError as exc:
        click.echo(f"FOUT {exc}", err=True)
        sys.exit(1)


class DutchHelp(click.Command):
    """Click's help headings in Dutch (the rest of the help text is ours)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx) if isinstance(param, click.Option) and (row := param.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("Opties"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            if commands:
                with formatter.section("Commando's"):
                    formatter.write_dl([(name, command.get_short_help_str(70)) for name, command in commands if command])


class DutchCommand(DutchHelp, click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)


class DutchGroup(DutchHelp, click.Group):
    command_class = DutchCommand

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPTIES]")
        kwargs.setdefault("subcommand_metavar", "COMMANDO [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)


CONTEXT = {"help_option_names": ["-h", "--help"]}
HELP_OPTION = click.help_option("-h", "--help", help="Toon deze hulp en stop.")
FORMAT_OPTION = click.option(  # validate and fmt: the same choices
    "--format",
    "output",
    type=click.Choice(["tekst", "github"]),
    default="tekst",
    help="tekst (standaard), of github: ook annotaties voor GitHub Actions (::error file=…,line=…::…).",
)


@click.group(cls=DutchGroup, context_settings=CONTEXT)
@HELP_OPTION
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    metavar="MAP",
    help="Map van het project, met practices/, content/ en mkdocs.yml (standaard de huidige map).",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path) -> None:
    """Praktijkenbank Vaardigheden: controleer de praktijken en bouw de website.

    \b
    praktijken new SLUG          maak een nieuw record om in te vullen
    praktijken validate          controleer alle records in practices/
    praktijken validate BESTAND… controleer enkele records
    praktijken fmt               zet alle records in de vaste vorm (--check: schrijf niets)
    praktijken build             bouw de volledige site met zoekindex in site/
    praktijken serve             bouw de site en toon ze op http://127.0.0.1:8000/
    praktijken schema            werk het JSON Schema en het webformulier bij
    praktijken edit              open het webformulier op http://127.0.0.1:8000/admin/
    """
    ctx.obj = Project(project_dir.resolve())


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[BESTANDEN]...")
@FORMAT_OPTION
@click.pass_obj
def validate(project: Project, files: tuple[Path, ...], output: str) -> None:
    """Controleer records.

    Elk probleem wordt gemeld met bestand, regel, veld en wat toegestaan is.
    Zonder BESTANDEN worden alle records in practices/ gecontroleerd, ook op dubbele slugs en titels.
    Eindigt met code 0 als alles in orde is, anders met code 1.
    """
    paths = list(files) or _files(project)
    result = load_practices(paths)
    _report(result.problems, len(paths), github=output == "github")
    sys.exit(0 if result.ok else 1)


@main.command("fmt", context_settings=CONTEXT)
@HELP_OPTION
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[BESTANDEN]...")
@click.option("--check", is_flag=True, help="Schrijf niets; eindig met code 1 en noem de bestanden die niet in de vaste vorm staan.")
@FORMAT_OPTION
@click.pass_obj
def fmt_command(project: Project, files: tuple[Path, ...], check: bool, output: str) -> None:
    """Zet records in de vaste vorm.

    De vaste vorm is die van de webeditor: de velden in de volgorde van het model, geen commentaar
    behalve de eerste regel, lange tekst niet afgebroken, troeven, uitdagingen, voorwaarden en stappen
    altijd met text:. Zo toont een wijziging via het formulier alleen de regels die veranderden.
    De gegevens zelf veranderen nooit. Zonder BESTANDEN: alle records in practices/.
    Eindigt met code 1 als een bestand niet gelezen kan worden of (met --check) niet in de vaste vorm staat.
    Met --format github staat elk probleem ook als annotatie op de pull request.
    """
    from .fmt import FormatError, format_file
    from .yamlfile import YamlProblem

    def report(problem: Problem, title: str | None = None) -> None:
        if output == "github":
            click.echo(github_annotation(problem, title))

    paths = list(files) or _files(project)
    failed = changed = 0
    for path in paths:
        name = shown(_relative(path))
        problem: Problem | None = None
        try:
            different = format_file(path, check=check)
        except YamlProblem as exc:
            problem = Problem(path, exc.message, exc.line)
        except (FormatError, OSError) as exc:
            problem = Problem(path, getattr(exc, "strerror", None) or str(exc))
        if problem is not None:
            click.echo(f"FOUT {problem}", err=True)
            report(problem)
            failed += 1
            continue
        if different:
            changed += 1
            if check:
                click.echo(f"{name} staat niet in de vaste vorm; voer 'praktijken fmt {name}' uit", err=True)
                report(Problem(path, _not_canonical(name), line=1), title="niet in de vaste vorm")
            else:
                click.echo(f"{name} in de vaste vorm gezet")
    if check:
        verdict = f"{changed} niet in de vaste vorm." if changed or failed else "alles in de vaste vorm."
        click.echo(f"{len(paths)} record(s) nagekeken: {verdict}", err=bool(changed or failed))
    else:
        click.echo(f"{len(paths)} record(s) nagekeken: {changed} herschreven.")
    if failed:
        click.echo(f"{failed} bestand(en) konden niet gelezen worden; los eerst die fouten op (praktijken validate).", err=True)
    sys.exit(1 if failed or (check and changed) else 0)


def _not_canonical(name: str) -> str:
    """What to do about a record that is not in the canonical form, for its annotation on a pull request."""
    return (
        f"{name} staat niet in de vaste vorm: de volgorde van de velden en de schrijfwijze die de webeditor schrijft. "
        f"Los het op met 'praktijken fmt {name}' en commit het resultaat, of open de praktijk in de webeditor op /admin/, "
        "breng je wijziging daar aan en bewaar ze: het formulier schrijft de vaste vorm. De gegevens zelf veranderen niet; "
        "commentaarregels (#) verdwijnen, behalve de eerste regel (zet een opmerking over de bron in editor_notes)."
    )


def _relative(path: Path) -> Path:
    """``path`` relative to the current folder where it lies inside it, as an editor would type it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except (ValueError, OSError):
        return path


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@click.argument("slug")
@click.pass_obj
def new(project: Project, slug: str) -> None:
    """Maak een nieuw record om in te vullen.

    Schrijft practices/SLUG.yaml met de verplichte velden, om in te vullen, en de optionele velden
    als commentaar, met uitleg en de toegestane termen.
    SLUG: kleine letters, cijfers en koppeltekens, bv. project-3030.
    """
    from .loader import SLUG
    from .scaffold import scaffold_text

    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        _stop(
            f"'{shown(slug)[:100]}' is geen geldige slug: gebruik kleine letters, cijfers en koppeltekens "
            f"(hoogstens {MAX_SLUG_LENGTH} tekens), bv. project-3030"
        )
    if slug in RESERVED_SLUGS:
        _stop(f"de slug {slug!r} is voorbehouden voor een pagina van de site; kies een andere")
    folder = project.practices_dir
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        _stop(f"{shown(folder)} is geen gewone map (maar een link of bestand); er wordt niets geschreven")
    path = folder / f"{slug}.yaml"
    if path.exists() or path.is_symlink():
        _stop(f"{shown(path)} bestaat al; kies een andere slug of pas het bestaande record aan.")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as file:  # "x": never through a link, never over a file
            file.write(scaffold_text(slug))
    except OSError as exc:
        _stop(f"kan {shown(path)} niet schrijven: {exc.strerror}")
    click.echo(
        f"Nieuw record: {path}\n"
        f"Vul het in en controleer het met: praktijken validate {path}\n"
        f"Klaar met invullen? Zet het dan in de vaste vorm met: praktijken fmt {path}\n"
        "(dat haalt de uitleg in de commentaarregels weg; de controle van een pull request vraagt de vaste vorm)"
    )


def _stop(message: str) -> None:
    click.echo(f"FOUT {message}", err=True)
    sys.exit(1)


SITE_URL_OPTION = click.option(
    "--site-url",
    metavar="URL",
    envvar=SITE_URL_VARIABLE,
    help=f"Het adres waarop de site gepubliceerd wordt (canonieke links, sitemap, feed, open data); "
    f"ook via de omgevingsvariabele {SITE_URL_VARIABLE}. Standaard: site_url uit mkdocs.yml.",
)


def _with_site_url(project: Project, site_url: str | None) -> Project:
    if site_url is None:
        return project
    if not site_url.startswith(("https://", "http://")) or any(c.isspace() for c in site_url):
        _stop(f"--site-url {shown(site_url)!r} is geen adres; gebruik bv. https://organisatie.github.io/praktijkenbank/")
    return Project(project.root, site_url if site_url.endswith("/") else site_url + "/")


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@SITE_URL_OPTION
@click.pass_obj
def build(project: Project, site_url: str | None) -> None:
    """Bouw de site met zoekindex in site/.

    Als er iets misloopt, blijft een bestaande site/ ongewijzigd. Eindigt met code 1 bij een fout.
    """
    _build(_with_site_url(project, site_url))


def _build(project: Project, builder: Callable[[Project], BuildReport] = build_site) -> None:
    try:
        report = builder(project)
    except BuildError as exc:
        if exc.problems:
            _report(exc.problems, len(_files(project)))
        click.echo(f"De site is niet gebouwd: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"Site gebouwd in {report.site_dir}: {report.practices} praktijken, {report.pages} gegenereerde pagina's, "
        f"{report.indexed_pages} pagina's in de zoekindex."
    )
    for note in report.notes:
        click.echo(note, err=True)


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@click.option("--check", is_flag=True, help="Schrijf niets; eindig met code 1 als het schema verouderd is.")
@click.pass_obj
def schema(project: Project, check: bool) -> None:
    """Werk het JSON Schema en het webformulier voor editors bij.

    Schrijft generator/practice.schema.json en admin/config.yml (het formulier op /admin/)
    opnieuw uit de modellen.
    """
    from .admin import config_file, config_text
    from .schema import SCHEMA_FILE, schema_text

    outputs = [(SCHEMA_FILE, schema_text())]
    if (project.root / "admin").is_dir():
        outputs.append((config_file(project.root), config_text(project.root)))
    if check:
        stale = [path for path, text in outputs if not path.is_file() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            click.echo(f"{path} is verouderd: voer 'praktijken schema' uit en commit het resultaat.", err=True)
        if stale:
            sys.exit(1)
        click.echo("Het JSON Schema en het webformulier zijn up-to-date.")
        return
    for path, text in outputs:
        path.write_text(text, encoding="utf-8")
        click.echo(f"Geschreven: {path}")


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@click.option("--host", default="127.0.0.1", metavar="ADRES", help="Adres om op te luisteren (standaard 127.0.0.1).")
@click.option("--port", default=8000, type=int, metavar="POORT", help="Poort (standaard 8000; 0 kiest een vrije poort).")
@click.option("--no-watch", is_flag=True, help="Geen live voorbeeld: bouw één keer en volg geen wijzigingen.")
@click.pass_obj
def serve(project: Project, host: str, port: int, no_watch: bool) -> None:
    """Bouw de site en toon ze in je browser, met een live voorbeeld.

    De site draait op http://127.0.0.1:8000/ tot je stopt met Ctrl+C. Wie een record bewaart, ziet de
    pagina binnen een seconde vanzelf bijgewerkt; lijsten, downloads en zoekindex volgen met een
    volledige build zodra het even rustig is. Wijzigingen in content/, het thema, de sjablonen en de
    vocabularia bouwen meteen de hele site opnieuw. Een fout toont een balk bovenaan de open pagina
    (bestand, regel, veld, melding); de vorige versie blijft staan.
    """
    from .preview import Preview
    from .serve import ServeError, make_server, serve_forever

    if not 0 <= port <= 65535:
        _stop(f"poort {port} bestaat niet; kies een poort van 1 tot 65535, bv. --port 8001")
    preview = None if no_watch else Preview(project, say=click.echo)
    _build(project, build_site if preview is None else lambda _: preview.build())
    try:
        server = make_server(project.site_dir, host, port, preview=preview)
    except ServeError as exc:
        _stop(str(exc))
    click.echo(f"De site draait op http://{host}:{server.server_address[1]}/ (stoppen met Ctrl+C)")
    if preview is not None:
        preview.start()
        click.echo("Live voorbeeld: wijzigingen in practices/, content/, het thema, de sjablonen en de vocabularia worden gevolgd.")
    try:
        serve_forever(server)
    finally:
        if preview is not None:
            preview.close()


@main.command(context_settings=CONTEXT)
@HELP_OPTION
@click.option("--port", default=8000, type=int, metavar="POORT", help="Poort van de site (standaard 8000).")
@click.pass_obj
def edit(project: Project, port: int) -> None:
    """Open het webformulier op je eigen computer.

    Start decap-server (lokale git-modus, op 127.0.0.1:8081) en de site, en toont het adres van
    het formulier: http://127.0.0.1:8000/admin/. Wat je opslaat, wordt een commit op een eigen
    branch (cms/praktijken/<slug>) in deze repository. Stoppen met Ctrl+C stopt beide.
    """
    from .admin import LOCAL_SERVER_PORT, EditorError, start_decap_server, stop_process, uncommitted_files
    from .serve import ServeError, make_server, serve_forever

    if not 0 <= port <= 65535 or port == LOCAL_SERVER_PORT:
        _stop(f"poort {port} kan niet; kies een andere, bv. --port 8000")
    dirty = uncommitted_files(project.root)
    if dirty:
        _stop(
            "er zijn niet-gecommitte wijzigingen (" + ", ".join(dirty[:5]) + (", …" if len(dirty) > 5 else "") + "); "
            "decap-server zou ze mee in zijn commit nemen. Commit of bewaar ze eerst elders, en probeer opnieuw"
        )
    _build(project)
    if not (project.site_dir / "admin" / "index.html").is_file():
        _stop("de site heeft geen webformulier (/admin/): installeer de npm-pakketten met 'npm ci' en probeer opnieuw")
    try:
        server = make_server(project.site_dir, "127.0.0.1", port)
    except ServeError as exc:
        _stop(str(exc))
    try:
        decap = start_decap_server(project.root)
    except EditorError as exc:
        server.server_close()
        _stop(str(exc))
    address = f"http://127.0.0.1:{server.server_address[1]}/admin/"
    click.echo(
        f"Het webformulier draait op {address}\n"
        "Open dat adres en klik op 'Inloggen' (lokaal is geen account nodig).\n"
        "Wat je met 'Opslaan' bewaart, wordt een commit op een eigen branch per praktijk (cms/praktijken/<slug>)\n"
        "in deze repository. Werk intussen niet zelf in deze map: decap-server wisselt er van branch.\n"
        "Controleer daarna met 'praktijken validate' en open een pull request van die branch.\n"
        "Stoppen met Ctrl+C (stopt de site en decap-server)."
    )
    try:
        serve_forever(server)
    finally:
        stop_process(decap)
        click.echo("Gestopt: de site en decap-server draaien niet meer.")
