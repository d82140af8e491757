"""Textual's CSS as parsed at the last start, kept for the next one.

Before its first frame a start parses the CSS of every widget class on the home screen and
of the app (about 200 rules): 7 ms of the main thread's CPU, the same on every start with the
same Textual, stadstafel, plugins and theme. :class:`ParsedCss` keeps those rules in one file
(``$XDG_CACHE_HOME/stadstafel/textual-css.pickle``) and hands them to Textual's stylesheet
instead of parsing (reading the file is about 1 ms); what it does not have is parsed as
before. After the first frame the file is written again when anything was parsed, with what
this start used: a file written by an older Textual, for other CSS or another theme is
replaced by the first start that needs something else.

The cache is never a fault a person sees (``stadstafel.kept``): a file that is missing,
cannot be read, is someone else's, was written by another Textual or holds anything
unexpected is ignored (the CSS is parsed); one that cannot be written is left as it is. It is
a pickle, so it is read only when it and its folder belong to the user running stadstafel and
no one else may write them (``stadstafel.kept``), and then only with the classes parsed CSS is
made of (:class:`_RulesOnly`): a file that names any other function or class reads as nothing.

The command's start uses it (``stadstafel.start.run_tui``); an app built elsewhere (tests,
the browser) parses as Textual does.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stadstafel import kept

FILE_NAME = "textual-css.pickle"
FORMAT = 1


def cache_file(env: Any = None) -> Path | None:
    return kept.kept_file(FILE_NAME, env)


# What parsed CSS is made of: Textual's classes of rules, selectors, styles and their values,
# and the functions a selector checks a node with.
_MODULES = ("textual.css.", "textual.color", "textual.geometry", "textual.layouts.", "rich.style")
_BUILTINS = {("functools", "partial"), ("builtins", "getattr")}


def _member(owner: Any, name: str) -> Any:
    """``getattr`` as a pickle of an enumeration's member asks it (``getattr(Unit, "CELLS")``)
    and of a styles' ``get_rule`` (its dictionary's ``get``): only a public name of one of the
    classes :class:`_RulesOnly` allows, or a dictionary's look-up."""
    if type(owner) is dict and name in ("get", "__getitem__", "__contains__"):
        return getattr(owner, name)
    if not isinstance(owner, type) or not _allowed(owner.__module__) or name.startswith("_"):
        raise pickle.UnpicklingError(f"not parsed CSS: {type(owner).__name__}.{name}")
    return getattr(owner, name)


def _allowed(module: str) -> bool:
    return module.startswith(_MODULES)


class _RulesOnly(pickle.Unpickler):
    """Reads a pickle of parsed CSS and nothing else: any other class or function it names
    (``os.system``, ``builtins.eval``) is refused before it is called."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _member
        if (module, name) in _BUILTINS or (_allowed(module) and not name.startswith("__")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not parsed CSS: {module}.{name}")


def _stamp() -> tuple:
    """What the rules depend on besides the CSS text and the variables: the pickle's own
    format and Textual's version (its classes are what the file holds)."""
    from stadstafel.tui.textual_private import VERSION

    return (FORMAT, VERSION)


class ParsedCss:
    """The rules parsed at the last start (by variables, then by source); see the module."""

    def __init__(self, path: Path | None):
        self.path = path
        self._kept: list[tuple[dict, dict]] = self._read()  # (variables, {key: rules})
        # This start's lookups: (variables, the kept rules under them, the rules used).
        self._used: list[tuple[dict, dict, dict]] = []
        self._last: tuple[Any, dict, dict] | None = None  # (variables object, kept, used)
        self.parsed = 0  # sources this start parsed itself
        self.taken = 0  # sources taken from the file
        self.written = 0  # sources written to the file after the first frame
        self._saved = False
        self._restore: Callable[[], None] | None = None

    def _read(self) -> list[tuple[dict, dict]]:
        data = kept.read(self.path)
        if not data:
            return []
        try:
            f = io.BytesIO(data)
            if _RulesOnly(f).load() != _stamp():
                return []
            found = _RulesOnly(f).load()
            if isinstance(found, list) and all(
                isinstance(v, dict) and isinstance(e, dict) for v, e in found
            ):
                return found
        except Exception:  # half-written, another Textual's classes, not ours
            pass
        return []

    @property
    def kept(self) -> int:
        """How many sources' rules the file held when it was read."""
        return sum(len(entries) for _, entries in self._kept)

    def install(self) -> ParsedCss:
        """Textual's stylesheets ask this cache before parsing, until :meth:`uninstall`."""
        from stadstafel.tui.textual_private import parse_css_through

        self._restore = parse_css_through(self.lookup)
        return self

    def uninstall(self) -> None:
        if self._restore is not None:
            self._restore()
            self._restore = None

    def _under(self, variables: Any) -> tuple[dict, dict]:
        """(the file's rules, this session's) under ``variables`` (a theme's)."""
        last = self._last
        if last is not None and last[0] is variables:
            return last[1], last[2]
        found = next((u for u in self._used if u[0] == variables), None)
        if found is None:
            known = dict(variables)
            found = (known, next((e for v, e in self._kept if v == known), {}), {})
            self._used.append(found)
        self._last = (variables, found[1], found[2])
        return found[1], found[2]

    def lookup(self, variables: Any, key: tuple, parse: Callable[[], list]) -> list:
        """The rules of one source (``key``: its CSS, where it was read from, and how it
        ranks) under ``variables``: this session's, else the file's, else ``parse()``'s.
        (Textual parses every source again when it reparses, on a fresh stylesheet.)"""
        kept, used = self._under(variables)
        rules = used.get(key)
        if rules is None:
            rules = kept.get(key)
            if rules is None:
                rules = parse()
                self.parsed += 1
                if any(rule.errors for rule in rules):
                    return rules  # Textual reports them; never kept
            else:
                self.taken += 1
            used[key] = rules
        return rules

    def save(self) -> None:
        """Write what this start used, when it parsed anything (after the first frame).
        Then let go of the file's rules this start did not use (another theme's)."""
        if self._saved:
            return
        self._saved = True
        used = [(variables, dict(rules)) for variables, _, rules in self._used if rules]
        self._kept, self._last = [], None
        self._used = [(variables, {}, rules) for variables, _, rules in self._used]
        if not self.parsed:
            return
        try:
            data = pickle.dumps(_stamp()) + pickle.dumps(used)
        except Exception:  # rules that cannot be pickled: parsed next time
            return
        if kept.write(self.path, data):
            self.written = sum(len(entries) for _, entries in used)
