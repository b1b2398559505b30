"""The layers of docs/architecture.md, as import-linter checks them (the contract lives in
pyproject.toml): kept by the code, and broken by an import that goes up."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tisserand

PROJECT = Path(tisserand.__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    """Run the contract on the package found under ``source_root``."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(PROJECT / "pyproject.toml"), "--no-cache"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def copy_of_the_code(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("code")
    shutil.copytree(
        PROJECT / "src" / "tisserand", root / "tisserand",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "locale", "data"),
    )
    return root


def test_the_code_keeps_the_layers():
    result = lint_imports(PROJECT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, upward",
    [
        ("core/text.py", "tisserand.people.models"),  # core knows no domain app
        ("people/selectors.py", "tisserand.activities.models"),
        ("desks/figures.py", "tisserand.followup.figures"),  # siblings stay apart
        ("activities/services.py", "tisserand.reports.builder"),
        ("reports/builder.py", "tisserand.pages.views"),
    ],
)
def test_an_upward_import_breaks_the_contract(copy_of_the_code, module, upward):
    """GIVEN a copy of the code WHEN one module imports an app above its own (or a sibling
    it must not know) THEN the contract fails and names the offending import."""
    path = copy_of_the_code / "tisserand" / module
    original = path.read_text()
    path.write_text(original + f"\nimport {upward}  # noqa\n")
    try:
        result = lint_imports(copy_of_the_code)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    importer = "tisserand." + module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {upward}" in result.stdout


def test_default_orderings_need_no_join():
    """A model's default ordering applies to every query on it: it may not follow a
    foreign key (``session__date``) nor name one (``person``, which sorts by the person's
    own ordering through a join). A sort that needs a join belongs to its selector."""
    from django.apps import apps
    from django.db.models import ForeignKey

    offending = []
    for model in apps.get_models():
        if not model.__module__.startswith("tisserand."):
            continue
        relations = {f.name for f in model._meta.get_fields() if isinstance(f, ForeignKey)}
        for term in model._meta.ordering:
            name = str(term).lstrip("-")
            if "__" in name or name in relations:
                offending.append(f"{model._meta.label}: {term}")
    assert offending == []
