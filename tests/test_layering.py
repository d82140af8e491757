"""The layers hold, checked on the source with ``ast`` (no import runs):

- a plugin (``plugins/*/src`` and its tests) imports only the public API: ``stadstafel``,
  ``stadstafel.ui`` and ``stadstafel.testing``, and of each only the names in ``__all__``;
- a plugin's code (``plugins/*/src``) and the terminal UI (``stadstafel.tui``) never touch
  the store: no ``.store`` and no ``stadstafel.store`` import (they read and write through
  the workspace's services);
- the core (``src/stadstafel``) never imports a plugin;
- no two core modules import each other, directly or in a loop, at module level (an import
  inside a function is how a lazy import is written, and is allowed);
- no code but ``stadstafel.tui.textual_private`` uses a private (underscore) name of Textual:
  no ``from textual… import _x``, no method of a Textual class overridden under a private
  name, no ``self._x`` that a Textual base class holds, and no ``obj._x`` for a private name
  of Textual that is not one of our own.

Each rule is a function of the parsed files, so the tests below also feed each rule a small
piece of code that breaks it, and see it fail.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "src" / "stadstafel"
PLUGINS = ROOT / "plugins"
PUBLIC = ("stadstafel", "stadstafel.ui", "stadstafel.testing")


def public_names() -> dict[str, set[str]]:
    return {name: set(importlib.import_module(name).__all__) for name in PUBLIC}


# -- the rules ---------------------------------------------------------------------------------
def plugin_violations(tree: ast.AST, public: dict[str, set[str]]) -> list[str]:
    """Imports of a plugin module that reach past the public API."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            if root != "stadstafel":
                continue
            if node.module not in public:
                out.append(f"line {node.lineno}: from {node.module} import ...")
                continue
            for alias in node.names:
                if alias.name not in public[node.module] and not (
                    node.module == "stadstafel" and f"stadstafel.{alias.name}" in public
                ):
                    out.append(f"line {node.lineno}: {alias.name} from {node.module}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "stadstafel" and alias.name not in public:
                    out.append(f"line {node.lineno}: import {alias.name}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "stadstafel"
            and node.attr not in public["stadstafel"]
            and f"stadstafel.{node.attr}" not in public
        ):
            out.append(f"line {node.lineno}: stadstafel.{node.attr}")
    return out


def store_violations(tree: ast.AST) -> list[str]:
    """Places where UI code touches the store."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "store":
            out.append(f"line {node.lineno}: .store")
        elif isinstance(node, ast.ImportFrom) and node.module == "stadstafel.store":
            out.append(f"line {node.lineno}: from stadstafel.store")
        elif isinstance(node, ast.ImportFrom) and node.module == "stadstafel":
            if any(a.name == "store" for a in node.names):
                out.append(f"line {node.lineno}: from stadstafel import store")
        elif isinstance(node, ast.Import) and any(a.name == "stadstafel.store" for a in node.names):
            out.append(f"line {node.lineno}: import stadstafel.store")
    return out


def plugin_imports_in_core(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        out += [
            f"line {node.lineno}: {n}"
            for n in names
            if n.split(".")[0].startswith("stadstafel_") and n.split(".")[0] != "stadstafel"
        ]
    return out


def module_level_imports(tree: ast.Module, module: str, known: set[str]) -> set[str]:
    """Core modules ``module`` imports when it is imported (not inside functions, nor under
    ``if TYPE_CHECKING``)."""
    found: set[str] = set()
    package = module if module in PACKAGES else module.rpartition(".")[0]

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.If):
                test = ast.unparse(node.test)
                if "TYPE_CHECKING" not in test:
                    visit(node.body)
                visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)

    visit(tree.body)
    return {name for name in found if name in known and name != module}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def textual_private_names() -> set[str]:
    """Every single-underscore name Textual defines: methods and class attributes, and the
    attributes its classes set on ``self``."""
    import textual

    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = None
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = node.name
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                name = node.attr
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                name = node.id
            if name and name.startswith("_") and not name.startswith("__"):
                names.add(name)
    return names


def textual_held(cls: type) -> set[str]:
    """The private names the Textual classes behind ``cls`` hold: their own attributes and
    methods, and what they set on ``self``."""
    import inspect

    held: set[str] = set()
    for base in cls.__mro__:
        if not base.__module__.startswith("textual"):
            continue
        held |= {n for n in vars(base) if n.startswith("_") and not n.startswith("__")}
        try:
            tree = ast.parse(inspect.getsource(base).lstrip())
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
                and node.attr.startswith("_")
            ):
                held.add(node.attr)
    return held


def own_private_names(trees: list[ast.AST]) -> set[str]:
    """The private names our own code defines (a def, or an assignment to ``self._x`` or
    ``_x``)."""
    out: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                out.add(node.name)
            elif (
                isinstance(node, ast.Attribute)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id == "self"
            ):
                out.add(node.attr)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                out.add(node.id)
    return {n for n in out if n.startswith("_") and not n.startswith("__")}


def textual_private_uses(
    tree: ast.AST, classes: dict[str, type], textual_names: set[str], ours: set[str]
) -> list[str]:
    """Uses of Textual's private API in one module. ``classes``: the module's classes by
    name (to see what their Textual bases hold)."""
    out = []

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    def visit(node: ast.AST, held: set[str]) -> None:
        if isinstance(node, ast.ClassDef):
            cls = classes.get(node.name)
            inner = textual_held(cls) if isinstance(cls, type) else set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in inner:
                    out.append(f"line {item.lineno}: def {item.name} overrides Textual's")
            for child in ast.iter_child_nodes(node):
                visit(child, inner)
            return
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "textual":
            in_private = any(private(part) for part in node.module.split("."))
            out.extend(
                f"line {node.lineno}: from {node.module} import {a.name}"
                for a in node.names
                if in_private or private(a.name)
            )
        elif isinstance(node, ast.Import):
            out.extend(
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] == "textual" and any(map(private, a.name.split(".")))
            )
        elif isinstance(node, ast.Attribute) and private(node.attr):
            on_self = isinstance(node.value, ast.Name) and node.value.id == "self"
            if (on_self and node.attr in held) or (
                not on_self and node.attr in textual_names and node.attr not in ours
            ):
                out.append(f"line {node.lineno}: .{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child, held)

    visit(tree, set())
    return out


# -- the code ------------------------------------------------------------------------------------
def python_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.rglob("*.py") if ".venv" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(CORE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def core_modules() -> dict[str, ast.Module]:
    return {module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in python_files(CORE)}


PACKAGES = {module_name(p) for p in python_files(CORE) if p.name == "__init__.py"}


def plugin_files() -> list[Path]:
    return [p for p in python_files(PLUGINS) if "src" in p.parts or "tests" in p.parts]


def test_there_is_code_to_check():
    assert len(core_modules()) > 40
    assert any(p.name == "service.py" for p in plugin_files())


def test_plugins_import_only_the_public_api():
    public = public_names()
    problems = {
        str(path.relative_to(ROOT)): found
        for path in plugin_files()
        if (found := plugin_violations(ast.parse(path.read_text(encoding="utf-8")), public))
    }
    assert problems == {}


def test_plugins_never_touch_the_store():
    problems = {
        str(path.relative_to(ROOT)): found
        for path in plugin_files()
        if "src" in path.parts
        and (found := store_violations(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert problems == {}


def test_the_ui_never_touches_the_store():
    problems = {
        name: found
        for name, tree in core_modules().items()
        if name.startswith("stadstafel.tui") and (found := store_violations(tree))
    }
    assert problems == {}


def test_the_core_never_imports_a_plugin():
    problems = {
        name: found
        for name, tree in core_modules().items()
        if (found := plugin_imports_in_core(tree))
    }
    assert problems == {}


def test_no_import_cycles_in_the_core():
    modules = core_modules()
    known = set(modules)
    graph = {name: module_level_imports(tree, name, known) for name, tree in modules.items()}
    assert cycles(graph) == []


# -- each rule catches what it is for -----------------------------------------------------------
@pytest.mark.parametrize(
    "code",
    [
        "from stadstafel.services import Service",
        "from stadstafel.tui.widgets.form import FormScreen",
        "from stadstafel import store",
        "import stadstafel.records",
        "import stadstafel\nstadstafel.clock.today()",
        "from stadstafel.ui import ServiceCalls",
    ],
)
def test_a_non_public_import_is_caught(code):
    assert plugin_violations(ast.parse(code), public_names()) != []


def test_public_imports_pass():
    code = (
        "import stadstafel\nfrom stadstafel import Service, Field, today, hookimpl\n"
        "from stadstafel.ui import FormScreen, literal\nfrom stadstafel.testing import app_for\n"
        "x = stadstafel.today()\nimport stadstafel.ui\n"
    )
    assert plugin_violations(ast.parse(code), public_names()) == []


def test_store_access_and_plugin_imports_are_caught():
    assert store_violations(ast.parse("self.workspace.store.data_version()")) != []
    assert store_violations(ast.parse("from stadstafel.store import Store")) != []
    assert plugin_imports_in_core(ast.parse("from stadstafel_woningbouw import plugin")) != []


def test_a_cycle_is_caught():
    trees = {
        "stadstafel.a": ast.parse("from stadstafel import b\n"),
        "stadstafel.b": ast.parse("import stadstafel.c\n"),
        "stadstafel.c": ast.parse("from stadstafel.a import x\n"),
        "stadstafel.d": ast.parse("def f():\n    from stadstafel import a\n"),
    }
    known = set(trees)
    graph = {n: module_level_imports(t, n, known) for n, t in trees.items()}
    assert cycles(graph) == [["stadstafel.a", "stadstafel.b", "stadstafel.c"]]


PRIVATE_HOME = "stadstafel.tui.textual_private"


def test_only_one_module_uses_textual_private_api():
    modules = {p: ast.parse(p.read_text(encoding="utf-8")) for p in python_files(CORE)}
    modules.update(
        {p: ast.parse(p.read_text(encoding="utf-8")) for p in plugin_files() if "src" in p.parts}
    )
    names = textual_private_names()
    ours = own_private_names([t for p, t in modules.items() if p.name != "textual_private.py"])
    problems = {}
    for path, tree in modules.items():
        if path.name == "textual_private.py":
            continue
        if CORE in path.parents:
            dotted = module_name(path)
        else:  # plugins/<name>/src/<package>/...
            parts = path.parts[path.parts.index("src") + 1 :]
            dotted = ".".join(Path(*parts).with_suffix("").parts).removesuffix(".__init__")
        classes: dict[str, type] = {}
        if dotted.startswith("stadstafel.tui") or "screens" in dotted or "tab" in dotted:
            module = importlib.import_module(dotted)
            classes = {k: v for k, v in vars(module).items() if isinstance(v, type)}
        if found := textual_private_uses(tree, classes, names, ours):
            problems[str(path.relative_to(ROOT))] = found
    assert problems == {}


def test_textual_private_is_version_checked():
    from stadstafel.tui import textual_private as tp

    assert tp.supported("8.2.8") and not tp.supported("9.0.0") and not tp.supported("7.9")
    assert not tp.supported("") and tp.version_tuple("10.1.0rc1") == (10, 1)


def test_a_private_textual_use_is_caught():
    from textual.screen import Screen

    class Probe(Screen):
        pass

    names = textual_private_names()
    caught = [
        "from textual._context import active_app",
        "from textual.app import _ASYNCIO_GET_EVENT_LOOP_IS_DEPRECATED",
        "import textual._xterm_parser",
        "class Probe:\n    def _compositor_refresh(self):\n        pass",
        "class Probe:\n    def f(self):\n        return self._bindings",
        "def f(app):\n    return app._batch_count",
    ]
    for code in caught:
        assert textual_private_uses(ast.parse(code), {"Probe": Probe}, names, set()), code
    fine = "class Probe:\n    def _mine(self):\n        return self._mine_too, other._reload"
    assert textual_private_uses(ast.parse(fine), {"Probe": Probe}, names, {"_reload"}) == []
