"""The one way a screen calls a service and shows what went wrong.

    from stadstafel.ui import call_service
    saved = call_service(self, self.reg.update, rec.id, rec.version, name=name,
                         redo=lambda: self.action_save())
    if saved is not None:
        ...

The result of the service, or None after the fault was shown: a ``ConflictError`` opens the
conflict screen ("reload" re-reads the screen's data, "reapply" re-reads it and runs ``redo``),
every other ``StadstafelError`` (and a database or file fault that reached it raw, after the
transaction it left open was rolled back) is a notification with its message, shown
literally. The app keeps running. ``service_action`` decorates a screen action the same way.
There is no other way: no screen catches a service's error itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from stadstafel.errors import ConflictError
from stadstafel.tui.widgets.base import FAULTS, as_fault, notify_error

T = TypeVar("T")


def call_service(
    node: Any,
    fn: Callable[..., T],
    *args: Any,
    redo: Callable[[], Any] | None = None,
    **kwargs: Any,
) -> T | None:
    """Call ``fn(*args, **kwargs)`` for the widget, screen or app ``node``; see the module."""
    app = node.app

    def attempt() -> T | None:
        try:
            return fn(*args, **kwargs)
        except ConflictError as exc:
            from stadstafel.tui.modals import REAPPLY, RELOAD, ConflictScreen

            screen = getattr(node, "screen", node)

            def answer(choice: str | None) -> None:
                if choice in (RELOAD, REAPPLY):
                    refresh = getattr(screen, "refresh_data", None)
                    if callable(refresh):
                        refresh()
                if choice == REAPPLY and redo is not None:
                    redo()

            app.push_screen(ConflictScreen(exc), answer)
            return None

    try:
        return attempt()
    except FAULTS as exc:
        notify_error(app, as_fault(app, exc))
        return None


def service_action(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a screen action that calls services: a fault is shown as by
    :func:`call_service` and the action ends."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        return call_service(self, method, self, *args, **kwargs)

    return wrapper
