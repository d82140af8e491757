"""Settings that stick: theme and language chosen in the app are saved in the user's own
settings file (never the deployment's TOML) and read at the next start."""

from __future__ import annotations

import pytest
from support import drive, settle

from stadstafel import i18n
from stadstafel.cli import create_demo
from stadstafel.start import Context
from stadstafel.tui.app import StadstafelApp
from stadstafel.workspace import os_login


@pytest.fixture
def deployment(tmp_path, monkeypatch):
    """A demo workspace with its admin's TOML, and a private XDG config home."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("STADSTAFEL_CONFIG", raising=False)
    config = create_demo(tmp_path / "ws")
    yield config, home
    i18n.set_language("nl")


def start(config, login=None):
    """What ``stadstafel --config FILE [--as LOGIN]`` builds before the app runs."""
    ctx = Context(str(config), login, False)
    ws = ctx.workspace()
    app = StadstafelApp(ws, theme=ctx.config.theme, save_settings=ctx.save_settings)
    return ctx, ws, app


@drive
async def test_theme_and_language_chosen_in_the_app_survive_a_restart(deployment):
    config, home = deployment
    admin_bytes = config.read_bytes()
    ctx, ws, app = start(config)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.theme == "stadstafel"
            assert app.set_theme("leiden")
            await pilot.press("f2")  # the language switch
            await settle(pilot)
            assert i18n.language() == "en"
            f2 = app._bindings.key_to_bindings["f2"][0]
            assert f2.description == "Language: Nederlands"  # the switch names the other language
    finally:
        ws.close()
    saved = (home / "stadstafel" / "settings.toml").read_text(encoding="utf-8")
    assert 'theme = "leiden"' in saved and 'language = "en"' in saved
    assert config.read_bytes() == admin_bytes  # the deployment's file is never written
    i18n.set_language("nl")

    ctx, ws, app = start(config)  # a new start reads the user's file
    try:
        assert ctx.config.theme == "leiden" and ctx.config.language == "en"
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.theme == "leiden"
            assert i18n.language() == "en"
            await pilot.press("f2")  # and back
            await settle(pilot)
            assert i18n.language() == "nl"
    finally:
        ws.close()
    assert 'language = "nl"' in (home / "stadstafel" / "settings.toml").read_text()


@drive
async def test_the_language_switch_rebuilds_the_screens_in_the_new_language(deployment):
    config, _home = deployment
    _ctx, ws, app = start(config)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("p")  # Partners, built in Dutch
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
            assert "Partners" in descriptions or "Search" in descriptions
            assert "Zoeken" not in descriptions
            assert app.current_mode == "partners"  # still where the user was
    finally:
        ws.close()


def test_shared_account_mode_keeps_settings_per_login(deployment):
    config, home = deployment
    ctx = Context(str(config), "portaal", False)  # the demo lists this OS login as a service
    assert os_login() in ctx.config.service_accounts
    ctx.save_settings({"theme": "hoog-contrast"})
    assert (home / "stadstafel" / "users" / "portaal.toml").is_file()
    assert not (home / "stadstafel" / "settings.toml").exists()
    assert Context(str(config), "portaal", False).config.theme == "hoog-contrast"
    assert Context(str(config), "secretaris", False).config.theme == "stadstafel"
    assert Context(str(config), None, False).config.theme == "stadstafel"


@drive
async def test_a_bad_settings_file_is_a_message_and_the_defaults_are_used(deployment):
    config, home = deployment
    (home / "stadstafel").mkdir(parents=True)
    (home / "stadstafel" / "settings.toml").write_text('language = "klingon"\ntheme = [')
    ctx = Context(str(config), None, False)
    assert ctx.config.language == "nl" and ctx.config.theme == "stadstafel"
    assert "settings.toml" in ctx.settings_problem
    from stadstafel.start import settings_problem

    ws = ctx.workspace()
    try:
        app = StadstafelApp(ws, theme=ctx.config.theme, save_settings=ctx.save_settings)
        app.startup_problems.append(settings_problem(ctx.settings_problem))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            messages = [str(n.message) for n in app._notifications]
            assert any("instellingen zijn niet gebruikt" in m for m in messages)
    finally:
        ws.close()


@drive
async def test_the_palette_switches_the_language_and_saves_it(deployment):
    from stadstafel.tui.commands import ThemesProvider

    config, home = deployment
    _ctx, ws, app = start(config)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            commands = {text: callback for text, _help, callback in
                        ThemesProvider(app.screen).commands()}  # fmt: skip
            assert {"Language: English", "Taal: Nederlands"} <= set(commands)
            await commands["Language: English"]()
            await settle(pilot)
            assert i18n.language() == "en"
            assert app.screen.active_bindings["r"].binding.description == "Refresh"
    finally:
        ws.close()
    assert 'language = "en"' in (home / "stadstafel" / "settings.toml").read_text()


@drive
async def test_key_bindings_in_the_users_settings_are_used(deployment):
    from stadstafel.tui.screens.search import SearchScreen

    config, home = deployment
    (home / "stadstafel").mkdir(parents=True)
    (home / "stadstafel" / "settings.toml").write_text('[keymap]\n"app.search" = "ctrl+f"\n')
    _ctx, ws, app = start(config)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+f")
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
    finally:
        ws.close()
