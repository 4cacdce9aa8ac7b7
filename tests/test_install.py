"""An editor's install (`pip install .`, without the test extra) has everything `praktijken` needs.

Checked without network or a build: setuptools' own reading of pyproject.toml puts every file of
the package in the wheel, and every import in generator/ is the standard library, the package
itself or a declared dependency (or what those depend on), never a test-only package.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
import warnings

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

PACKAGE = ROOT / "generator"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def package_files() -> set[str]:
    """Every file of generator/ an installed package needs, relative to generator/."""
    return {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")
    }


def test_the_wheel_holds_every_module_template_and_data_file(monkeypatch):
    setuptools_dist = pytest.importorskip("setuptools.dist")
    from setuptools.config.pyprojecttoml import apply_configuration

    monkeypatch.chdir(ROOT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dist = apply_configuration(setuptools_dist.Distribution({"script_name": "setup.py"}), "pyproject.toml")
        dist.include_package_data = False  # only what pyproject.toml itself declares
        build_py = dist.get_command_obj("build_py")
        build_py.ensure_finalized()
        data = {f"{package}/{name}" for package, _, _, names in build_py.data_files for name in names}
        modules = {f"{package}/{module}.py" for package, module, _ in build_py.find_all_modules()}
    shipped = {path.removeprefix("generator/") for path in data | modules}
    assert sorted(package_files() - shipped) == []
    for needed in ("vocabularies.yaml", "practice.schema.json", "templates/scaffold.yaml.j2", "templates/practice.md.j2"):
        assert needed in shipped
    assert dist.entry_points["console_scripts"] == ["praktijken = generator.cli:main"]


def imported_modules() -> dict[str, set[str]]:
    """Top-level name of every absolute import in generator/ (also inside functions), with its files."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


def installed_with(requirements: list[str]) -> set[str]:
    """The distributions these requirements install: themselves and what they depend on, with extras."""
    seen: set[str] = set()
    todo = [Requirement(text) for text in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        key = name + "".join(f"[{extra}]" for extra in sorted(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        seen.add(name)
        for text in importlib.metadata.requires(requirement.name) or []:
            dependency = Requirement(text)
            extras = requirement.extras or {""}
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": extra}) for extra in extras):
                todo.append(dependency)
    return {name for name in seen if "[" not in name}


def test_the_generator_imports_only_the_standard_library_and_declared_dependencies():
    runtime = installed_with(PYPROJECT["project"]["dependencies"])
    test_only = {canonicalize_name(Requirement(text).name) for text in PYPROJECT["project"]["optional-dependencies"]["test"]}
    providers = importlib.metadata.packages_distributions()
    problems = []
    for module, files in sorted(imported_modules().items()):
        if module in sys.stdlib_module_names or module in ("__future__", "generator"):
            continue
        distributions = {canonicalize_name(name) for name in providers.get(module, [])}
        if not distributions & runtime:
            problems.append(
                f"{module} (in {', '.join(sorted(files))}) comes from {sorted(distributions) or 'nothing installed'}, not from a dependency in pyproject.toml"
            )
        if distributions & test_only:
            problems.append(f"{module} (in {', '.join(sorted(files))}) is a test-only package")
    assert problems == []
    assert not runtime & test_only
