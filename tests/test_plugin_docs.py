"""Hooks, docs and tests stay in line: every hook in ``pm.hook`` has a heading with its exact
signature in docs/plugins.md and a ``test_hook_<name>`` test function somewhere under tests/."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from stadstafel.plugins import PluginHost

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "plugins.md"
TESTS = ROOT / "tests"


def hook_signatures() -> dict[str, str]:
    """``{"register_screens": "register_screens(register, workspace)", ...}`` from the specs."""
    pm = PluginHost(None, env={"STADSTAFEL_LOAD_PLUGINS": ""}).pm
    out = {}
    for name in sorted(pm.hook.__dict__):
        caller = getattr(pm.hook, name)
        if caller.spec is not None:
            out[name] = f"{name}({', '.join(caller.spec.argnames)})"
    return out


HOOKS = hook_signatures()


def headings() -> set[str]:
    return {
        line.strip()
        for line in DOCS.read_text(encoding="utf-8").splitlines()
        if line.startswith("### ")
    }


def test_hooks_are_found():
    assert len(HOOKS) == 22
    assert HOOKS["agenda_suggestions"] == "agenda_suggestions(workspace, table, meeting)"


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_is_documented_with_its_exact_signature(hook):
    assert f"### `{HOOKS[hook]}`" in headings(), (
        f"docs/plugins.md needs a heading: ### `{HOOKS[hook]}`"
    )


def test_docs_have_no_heading_for_a_hook_that_does_not_exist():
    documented = {h[5:-1] for h in headings() if h.startswith("### `") and h.endswith(")`")}
    assert documented == set(HOOKS.values())


def defined_test_functions() -> set[str]:
    names = set()
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
    return names


@pytest.mark.parametrize("hook", sorted(HOOKS))
def test_hook_has_a_test(hook):
    assert f"test_hook_{hook}" in defined_test_functions(), (
        f"add a test function test_hook_{hook} under tests/"
    )


# -- the tutorial's code works as printed ----------------------------------------------------
TUTORIAL = ROOT / "docs" / "plugin-tutorial.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def tutorial_files() -> dict[str, str]:
    """Code blocks of the tutorial whose first line is a comment naming a file."""
    files = {}
    for _lang, body in FENCE.findall(TUTORIAL.read_text(encoding="utf-8")):
        first, _, rest = body.partition("\n")
        if first.startswith("# ") and ("/" in first or first.endswith(".toml")):
            files[first[2:].strip()] = rest
    return files


def test_tutorial_plugin_works_as_printed(tmp_path):
    files = tutorial_files()
    assert sorted(files) == [
        "pyproject.toml",
        "src/stadstafel_groen/__init__.py",
        "src/stadstafel_groen/schema.py",
        "src/stadstafel_groen/screens.py",
        "src/stadstafel_groen/service.py",
        "tests/test_groen.py",
    ]
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["entry-points"]["stadstafel"] == {"groen": "stadstafel_groen"}
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [
        "src/stadstafel_groen"
    ]
    from test_layering import plugin_violations, public_names

    public = public_names()
    for relative, text in files.items():
        if relative.endswith(".py"):  # the tutorial teaches the public API only
            assert plugin_violations(ast.parse(text), public) == [], relative
    root = tmp_path / "stadstafel-groen"
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout


# -- the public API is documented, name by name -----------------------------------------------
@pytest.mark.parametrize("module", ["stadstafel", "stadstafel.ui", "stadstafel.testing"])
def test_every_public_name_is_listed_in_the_docs(module):
    import importlib

    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## The public API") : text.index("## Services")]
    row = next(line for line in section.splitlines() if line.startswith(f"| `{module}` |"))
    listed = set(re.findall(r"`([A-Za-z_]+)`", row)) - {module}
    assert listed == set(importlib.import_module(module).__all__)
