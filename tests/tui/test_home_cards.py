"""The modules' cards on the home screen (``dashboard_cards``), filled in after the first frame:
what a plugin gives is shown as text, never as markup or terminal control."""

from __future__ import annotations

from stadstafel import hookimpl
from stadstafel.testing import (
    app_for,
    drawn_text,
    make_config,
    open_workspace,
    plugin_host,
    run_async,
)

HOSTILE = "[b]x[/b] [@click=app.quit]q \x1b[31mrood \x1b]0;titel\x07"


class Cards:
    @hookimpl
    def dashboard_cards(self, workspace):
        return [
            {"title": f"Titel {HOSTILE}", "value": f"7 {HOSTILE}", "detail": f"uitleg {HOSTILE}"}
        ]


def test_a_cards_text_reaches_the_screen_as_text(tmp_path):
    ws = open_workspace(make_config(str(tmp_path / "ws.db")), plugin_host({"cards": Cards()}))

    @run_async
    async def in_the_app():
        app = app_for(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()  # the cards come right after the first frame
            shown = drawn_text(app)  # fails on a control character drawn
            assert "Titel [b]x[/b] [@click=app.quit]q" in shown
            assert shown.count("[@click=app.quit]") == 3  # title, value and detail, as typed
            await pilot.press("r")  # and again after a reload
            await pilot.pause()
            assert drawn_text(app).count("[@click=app.quit]") == 3
            assert app.is_running

    try:
        in_the_app()
    finally:
        ws.close()
