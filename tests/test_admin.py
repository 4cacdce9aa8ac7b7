"""The web editor's configuration (admin/config.yml) follows the models, the vocabularies and the
settings; its rules are the models' rules; the issue forms are there and the build copies /admin/."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import pytest
import yaml

from generator import admin
from generator.fmt import canonical_text
from generator.loader import _model_in
from generator.models import EMAIL_PATTERN, URL_PATTERN, Practice
from generator.schema import js_pattern
from generator.vocabulary import load_vocabularies
from generator.yamlfile import parse_yaml

from .conftest import RECORDS, ROOT

CONFIG = admin.config_file(ROOT)


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def walk(fields, model, prefix=""):
    """(path, Decap field, model, field name) for every field, nested ones included."""
    for field, (name, info) in zip(fields, model.model_fields.items(), strict=True):
        yield prefix + name, field, model, name
        nested = _model_in(info.annotation)
        if nested is not None:
            yield from walk(field["fields"], nested, prefix + name + ".")


def test_config_is_up_to_date():
    assert CONFIG.read_text(encoding="utf-8") == admin.config_text(ROOT), "voer 'praktijken schema' uit en commit admin/config.yml"


def test_config_is_yaml_and_json():
    text = CONFIG.read_text(encoding="utf-8")
    assert json.loads(re.sub(r"(?m)^#.*$", "", text)) == yaml.safe_load(text)


def test_fields_follow_the_models_in_order():
    fields = config()["collections"][0]["fields"]
    assert [f["name"] for f in fields] == list(Practice.model_fields)
    for path, field, _model, name in walk(fields, Practice):
        assert field["name"] == name, path


def test_every_field_has_a_dutch_label():
    missing = [
        f"{model.__name__}.{name}"
        for _, _, model, name in walk(config()["collections"][0]["fields"], Practice)
        if f"{model.__name__}.{name}" not in admin.LABELS
    ]
    assert missing == []


def test_required_fields_are_required():
    fields = config()["collections"][0]["fields"]
    for path, field, model, name in walk(fields, Practice):
        if "." not in path:
            assert field["required"] == model.model_fields[name].is_required(), path
    by_name = {f["name"]: f for f in fields}
    assert by_name["period"]["fields"][0] == {**by_name["period"]["fields"][0], "required": False, "required_when_part_filled": True}


def test_vocabulary_fields_are_selects_of_ids_with_dutch_names():
    fields = {f["name"]: f for f in config()["collections"][0]["fields"]}
    sectors = load_vocabularies()["sectors"]
    assert fields["sectors"]["widget"] == "select" and fields["sectors"]["multiple"] is True
    assert fields["sectors"]["options"] == [{"label": t.nl, "value": t.id} for t in sectors.terms]
    level = {f["name"]: f for f in fields["scope"]["fields"]}["level"]
    assert level["options"][0]["value"] in load_vocabularies()["levels"].ids
    documents = {f["name"]: f for f in fields["sources"]["fields"]}["document"]
    assert [o["value"] for o in documents["options"]] == load_vocabularies()["documents"].ids


def test_email_and_link_patterns_are_the_models():
    fields = {f["name"]: f for f in config()["collections"][0]["fields"]}
    email = {f["name"]: f for f in fields["contacts"]["fields"]}["email"]
    url = {f["name"]: f for f in fields["links"]["fields"]}["url"]
    assert email["pattern"][0] == js_pattern(EMAIL_PATTERN)
    assert url["pattern"][0] == js_pattern(URL_PATTERN)


@pytest.mark.parametrize("text", ["1200", "0", "1200,5", "1200.50", "1279925", "1279925.2500", "-3"])
def test_number_pattern_takes_plain_numbers(text):
    assert re.match(admin.NUMBER_PATTERN, text)


@pytest.mark.parametrize("text", ["1.200", "1,200", "1 200", "1.279.925", "€ 1200", "1200 euro", "12e3", "", "1.200,50"])
def test_number_pattern_refuses_thousands_separators_and_words(text):
    assert not re.match(admin.NUMBER_PATTERN, text)


def test_amounts_and_figures_use_the_number_widget_with_the_pattern():
    fields = {f["name"]: f for f in config()["collections"][0]["fields"]}
    cost = {f["name"]: f for f in fields["costs"]["fields"]}
    figure = {f["name"]: f for f in {f["name"]: f for f in fields["outcomes"]["fields"]}["figures"]["fields"]}
    for field in (cost["amount_eur"], cost["planned_eur"], cost["spent_eur"], figure["value"], figure["target"]):
        assert field["widget"] == "getal" and field["pattern"][0] == admin.NUMBER_PATTERN
    assert cost["year"] == {**cost["year"], "widget": "number", "value_type": "int", "min": 1900, "max": 2100}


def test_editorial_workflow_github_and_local_backend():
    settings = config()
    assert settings["publish_mode"] == "editorial_workflow"
    assert settings["locale"] == "nl"
    assert settings["backend"]["name"] == "github"
    assert settings["backend"]["repo"] == "/".join(admin.repo_url(ROOT).split("/")[-2:])
    assert settings["local_backend"]["url"].startswith("http://127.0.0.1:")
    assert settings["collections"][0]["folder"] == "practices"


def test_oauth_provider_setting(tmp_path):
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config_text + "\nextra:\n  webformulier:\n    oauth_url: https://oauth.voorbeeld.be/\n", encoding="utf-8")
    backend = admin.decap_config(tmp_path)["backend"]
    assert backend["base_url"] == "https://oauth.voorbeeld.be" and backend["auth_endpoint"] == "auth"


def test_admin_page_loads_only_local_files():
    page = (ROOT / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert 'src="decap-cms.js"' in page and 'src="praktijken-admin.js"' in page


def test_copy_admin_with_and_without_node_modules(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "admin", project / "admin")
    site = tmp_path / "site"
    site.mkdir()
    note = admin.copy_admin(project, site)
    assert note is not None and "/admin/" in note and "npm ci" in note
    assert not (site / "admin").exists()
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    if not admin.bundle_files(project):
        pytest.skip("node_modules/decap-cms is not installed")
    assert admin.copy_admin(project, site) is None
    names = {p.name for p in (site / "admin").iterdir()}
    assert {"index.html", "config.yml", "praktijken-admin.js", "praktijken-admin.css", "praktijken-yaml.js", "decap-cms.js", "yaml"} <= names
    assert not any(name.endswith(".map") for name in names)
    assert {"index.js", "types.js", "util.js", "LICENSE"} <= {p.name for p in (site / "admin" / "yaml").iterdir()}


def test_the_form_uses_its_own_record_format():
    collection = config()["collections"][0]
    assert collection["format"] == admin.RECORD_FORMAT and collection["extension"] == "yaml"
    script = (ROOT / "admin" / "praktijken-admin.js").read_text(encoding="utf-8")
    assert "registerCustomFormat(format.NAME" in script and "CMS.init()" in script
    assert f'export var NAME = "{admin.RECORD_FORMAT}";' in (ROOT / "admin" / "praktijken-yaml.js").read_text(encoding="utf-8")
    page = (ROOT / "admin" / "index.html").read_text(encoding="utf-8")
    assert page.index("window.CMS_MANUAL_INIT = true") < page.index('src="decap-cms.js"')


# The form's record format in node: the files the build puts in site/admin/ (praktijken-yaml.js and
# yaml 1.10's ES modules), its fromFile and toFile with the collection's fields and comments.
FORM_SCRIPT = """
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
const folder = process.argv[2];
const format = await import(pathToFileURL(path.join(folder, "praktijken-yaml.js")).href);
const settings = JSON.parse(fs.readFileSync(path.join(folder, "config.yml"), "utf8").replace(/^#.*$/gm, ""));
const collection = settings.collections.find(c => c.format === format.NAME);
const comments = {};
collection.fields.forEach(field => { if (field.comment) comments[field.name] = field.comment; });
const formatter = format.formatter(collection.fields);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify({
  texts: input.texts.map(text => formatter.toFile(formatter.fromFile(text), [], comments)),
  data: input.data.map(data => formatter.toFile(data, [], comments)),
}));
"""


@pytest.fixture(scope="module")
def form_format(tmp_path_factory):
    """Runs the form's fromFile/toFile in node: (texts, data) -> (toFile(fromFile(text)), toFile(data))."""
    if shutil.which("node") is None or not admin.bundle_files(ROOT) or not admin.yaml_files(ROOT):
        pytest.skip("node or node_modules (decap-cms, yaml 1.10) is missing: npm ci")
    site = tmp_path_factory.mktemp("form")
    assert admin.copy_admin(ROOT, site) is None
    (site / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")  # site/admin/*.js are ES modules
    script = site / "form.mjs"
    script.write_text(FORM_SCRIPT, encoding="utf-8")

    def run(texts=(), data=()):
        result = subprocess.run(
            ["node", str(script), str(site / "admin")],
            input=json.dumps({"texts": list(texts), "data": list(data)}),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        written = json.loads(result.stdout)
        return written["texts"], written["data"]

    return run


RECORD_FILES = sorted((ROOT / "practices").glob("*.yaml"))
EXAMPLES = sorted((RECORDS / "valid").glob("*.yaml"))


def test_the_form_writes_every_record_exactly_as_it_is(form_format):
    """fromFile then toFile gives back every record byte for byte (so saving unchanged changes
    nothing), and the canonical form for the examples (which carry extra comments)."""
    texts = [path.read_text(encoding="utf-8") for path in RECORD_FILES + EXAMPLES]
    written, _ = form_format(texts=texts)
    for path, text, form in zip(RECORD_FILES + EXAMPLES, texts, written, strict=True):
        assert form == canonical_text(parse_yaml(text.encode("utf-8")).data), path.name
        if path.parent.name == "practices":
            assert form == text, path.name
    assert len(RECORD_FILES) > 100


LONG = "Een zin die langer is dan tachtig tekens, zodat een schrijver met lineWidth 80 hem zou vouwen: " * 2
TRICKY = {  # keys out of order, an unknown key; text that YAML 1.1 or 1.2 reads as something else
    "zz_onbekend": {"b": "no", "a": ["Off", "y", "n", "<<", "=", "0b101", "0x1F", "0o17", "1_000", "1:30", "+.5", ".nan"]},
    "reviewed": datetime.date(2026, 11, 30),
    "title": "NO",
    "summary": "2020-01-01",
    "goal": "2020-1-1 10:00:00",
    "description": LONG + "\n\n- een lijst\n- van regels\n",
    "context": "  ingesprongen begin\nen een regel met spatie op het einde \nslot",
    "evaluation": "eindigt met twee regeleinden\n\n",
    "conclusion": "één regel met een regelscheiding\u2028en een \ufeffBOM",
    "more_info": LONG + "met: een dubbele punt en 'enkele' aanhalingstekens",
    "editor_notes": [{"kind": "reconstructed", "text": '"Citaat" van iemand'}, {"text": "#geen commentaar", "kind": "on"}],
    "strengths": [{"audience": "yes", "text": "~"}, {"text": "- geen lijst"}, {"text": "null"}, {"text": "017"}, {"text": ""}],
    "scope": {"places": ["Gent", "true"], "country": "NO", "level": "lokaal"},
    "period": {"ongoing": True, "end": 2021, "start": 2019, "wording": "2019-2021"},
    "costs": [{"amount_eur": 1279925.25, "wording": "1.200"}, {"wording": "12e3", "amount_eur": 1200, "year": 2020}],
    "see_also": [],
    "quotes": [{"person": "Jan: de voorzitter", "text": "Het werkt.\nEcht."}],
}


def _as_form_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()  # as the form's date widget holds it
    raise TypeError(type(value).__name__)


def test_the_form_quotes_and_orders_as_fmt_does(form_format):
    _, (written,) = form_format(data=[json.loads(json.dumps(TRICKY, default=_as_form_value))])
    assert written == canonical_text(TRICKY)
    assert written.startswith(admin.decap_config(ROOT)["collections"][0]["fields"][0]["comment"].join(["# ", "\ntitle: "]))
    assert 'title: "NO"\n' in written and "reviewed: 2026-11-30\n" in written and 'summary: "2020-01-01"\n' in written
    assert "\\L" in written  # the line separator as an escape


def test_issue_forms():
    forms = ROOT / ".github" / "ISSUE_TEMPLATE"
    report = yaml.safe_load((forms / "praktijk-melden.yml").read_text(encoding="utf-8"))
    error = yaml.safe_load((forms / "fout-melden.yml").read_text(encoding="utf-8"))
    assert report["name"] == "Meld een praktijk" and error["name"] == "Meld een fout op deze pagina"
    ids = {item.get("id") for item in error["body"]}
    assert {"praktijk", "pagina"} <= ids  # prefilled from the site's links
    partial = (ROOT / "site_theme" / "partials" / "meld.html").read_text(encoding="utf-8")
    assert "template=fout-melden.yml" in partial and "&praktijk=" in partial and "template=praktijk-melden.yml" in partial


def test_repo_url_is_set_in_mkdocs_yml():
    assert re.match(r"^https://github\.com/[^/]+/[^/]+$", admin.repo_url(ROOT))


def test_edit_refuses_to_start_with_uncommitted_changes_and_names_them(tmp_path):
    """decap-server commits every file of the work tree: `praktijken edit` first says which changes
    are not committed, in Dutch, and starts nothing."""
    from click.testing import CliRunner

    from generator.cli import main

    from .conftest import copy_project

    project = copy_project(tmp_path / "project", [RECORDS / "valid" / "minimaal.yaml"])
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project.root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project.root, check=True)
    subprocess.run([*git, "commit", "-qm", "begin"], cwd=project.root, check=True)
    record = project.practices_dir / "minimaal.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("Minimale praktijk", "Gewijzigd"), encoding="utf-8")

    result = CliRunner().invoke(main, ["--project", str(project.root), "edit"])
    assert result.exit_code == 1
    assert "niet-gecommitte wijzigingen (practices/minimaal.yaml)" in result.output
    assert "decap-server zou ze mee in zijn commit nemen" in result.output
    assert not project.site_dir.exists()  # nothing was built or started


@pytest.mark.parametrize("port", ["-1", "70000", str(admin.LOCAL_SERVER_PORT)])
def test_edit_refuses_a_port_it_cannot_use(tmp_path, port):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["--project", str(tmp_path), "edit", "--port", port])
    assert result.exit_code == 1
    assert f"poort {port} kan niet" in result.output
