"""The web editor's configuration (admin/config.yml) follows the models, the vocabularies and the
settings; its rules are the models' rules; the issue forms are there and the build copies /admin/."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from generator import admin
from generator.loader import _model_in
from generator.models import EMAIL_PATTERN, URL_PATTERN, Practice
from generator.schema import js_pattern
from generator.vocabulary import load_vocabularies

from .conftest import ROOT

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
    missing = [f"{model.__name__}.{name}" for _, _, model, name in walk(config()["collections"][0]["fields"], Practice)
               if f"{model.__name__}.{name}" not in admin.LABELS]
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
    assert {"index.html", "config.yml", "praktijken-admin.js", "praktijken-admin.css", "decap-cms.js"} <= names
    assert not any(name.endswith(".map") for name in names)


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
