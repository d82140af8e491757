"""Role-aware keys: one rule for every screen and tab, core and plugin.

A binding declares the right it needs::

    bind("e", "edit", "Wijzig", "Edit", id="agenda.edit", right="agenda.edit")

and the key then follows the same permission matrix the services use
(``stadstafel.permissions``, plus the rights plugins declare):

- a key whose right the actor lacks is not offered in the footer (``FooterKeys``);
- invoked anyway (the key, the palette), it is refused before the action runs, so before any
  form opens, in plain words that name the right (``StadstafelApp.run_action``).

The right is scoped by the node that holds the binding (a screen or a table tab):
``node.right_scope(right)`` returns ``{"table_id": …, "org_id": …}``; without it the table is
``node.table_id`` (when the node has one) and the organisation is the actor's own (what a
partner acts for). A right asked without a table counts as held when the actor holds it at
any table (a chair's "new meeting" on the list of all meetings). ``node.refusal_advice(right)``
may add what the actor can do instead (a secretary who cannot sign records a signature).
"""

from __future__ import annotations

from typing import Any

from stadstafel import permissions
from stadstafel.tui.text import L

# binding id -> the right it needs (filled by ``bind(..., right=...)``)
RIGHTS: dict[str, str] = {}


def right_of(node: Any, action: str) -> str | None:
    """The right that ``node``'s binding for ``action`` (a name, or "name(args)") declares."""
    name = action.split("(", 1)[0]
    for cls in type(node).__mro__:
        for binding in cls.__dict__.get("BINDINGS", ()):
            binding_id = getattr(binding, "id", None)
            if binding_id in RIGHTS and binding.action.split("(", 1)[0] == name:
                return RIGHTS[binding_id]
    return None


def scope_of(node: Any, right: str) -> dict[str, Any]:
    scope = getattr(node, "right_scope", None)
    if callable(scope):
        return dict(scope(right) or {})
    table_id = getattr(node, "table_id", None)
    return {} if table_id is None else {"table_id": table_id}


def _rules(ws: Any, right: str) -> tuple[Any, tuple[str, str] | None]:
    """(roles, label) of a plugin's right; (None, None) for a core right."""
    if right in permissions.MATRIX:
        return None, None
    getter = getattr(getattr(ws, "plugins", None), "right", None)
    entry = getter(right) if getter is not None else None
    if entry is None:
        return frozenset(), (right, right)  # an unknown right: nobody holds it
    return entry.roles, entry.label


def holds(node: Any, right: str, scope: dict[str, Any] | None = None) -> bool:
    """Does the actor hold ``right`` where ``node`` acts (or at ``scope``: one record's)?"""
    ws = node.app.workspace
    actor = ws.actor
    scope = scope_of(node, right) if scope is None else scope
    table_id = scope.get("table_id")
    org_id = scope.get("org_id", actor.organisation_id)
    rules, _label = _rules(ws, right)

    def at(table: int | None) -> bool:
        return permissions.allowed(actor, right, table_id=table, org_id=org_id, rules=rules)

    if at(table_id):
        return True
    return table_id is None and "table_id" not in scope and any(map(at, actor.table_roles))


def refusal(node: Any, right: str, scope: dict[str, Any] | None = None) -> str | None:
    """None when the actor holds ``right`` where ``node`` acts (or at ``scope``), else the
    plain words why not: "U mist het recht 'agendapunt wijzigen' voor deze tafel. Dit mag: …"."""
    try:
        if holds(node, right, scope):
            return None
    except Exception:  # could not tell (no workspace, a scope that failed): the service decides
        return None
    ws = node.app.workspace
    rules, label = _rules(ws, right)
    nl, en = label or permissions.ACTION_LABELS.get(right, (right, right))
    scope = scope_of(node, right) if scope is None else scope
    where_nl, where_en = (
        (" voor deze tafel", " at this table") if scope.get("table_id") else ("", "")
    )
    if right in permissions.MATRIX or rules:
        who = permissions.holders_text(right, rules)
        message = L(
            f"U mist het recht '{nl}'{where_nl}. Dit mag: {who}.",
            f"You lack the right '{en}'{where_en}. Who may: {who}.",
        )
    else:
        message = L(f"U mist het recht '{nl}'{where_nl}.", f"You lack the right '{en}'{where_en}.")
    advice = getattr(node, "refusal_advice", None)  # what the actor can do instead
    extra = advice(right) if callable(advice) else None
    return f"{message} {extra}" if extra else message


def refused(node: Any, right: str, scope: dict[str, Any] | None = None) -> bool:
    """Tell the person, before anything opens, that they lack ``right`` where ``node`` acts
    (or at ``scope``): True when they do (and were told)."""
    why = refusal(node, right, scope)
    if why:
        node.app.notify(
            why, title=L("Geen toestemming", "Not allowed"), severity="error",
            timeout=8, markup=False,
        )  # fmt: skip
    return why is not None


def lacks(node: Any, binding: Any) -> bool:
    """Is ``binding`` (held by ``node``) one whose right the actor lacks? (For the footer.)"""
    right = RIGHTS.get(getattr(binding, "id", None) or "")
    if right is None:
        return False
    try:
        return not holds(node, right)
    except Exception:  # no workspace (a bare test app), a plugin's scope that failed: shown
        return False
