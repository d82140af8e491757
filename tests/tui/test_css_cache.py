"""Textual's CSS kept from one start for the next (``stadstafel.tui.css_cache``): the same
screen from kept rules as from parsed ones, and a cache that is broken, stale, someone else's
or cannot be written is ignored (the CSS is parsed), never a fault."""

from __future__ import annotations

import os
import pickle

import pytest
from support import drive, settle

from stadstafel.tui.css_cache import ParsedCss, cache_file


async def start(make_app, path=None) -> tuple[ParsedCss | None, str, str]:
    """One start to its settled home screen with the cache at ``path`` (None: none), as the
    command starts: the rules written after the first frame. Returns the cache, the screen as
    an SVG (text and colours) and the stylesheet's rules (selectors, declarations, rank)."""
    cache = ParsedCss(path).install() if path is not None else None
    try:
        app = make_app()
        app.parsed_css = cache
        # Home's CSS alone: no section built in a pause (on a loaded machine a start can
        # take the half second the builder waits for, and a section's CSS is parsed then).
        app.paused = lambda: False
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            return cache, app.export_screenshot(), rules(app)
    finally:
        if cache is not None:
            cache.uninstall()


def rules(app) -> list[str]:
    """Each rule's selectors, declarations and rank (in the order of their text: the order of
    the sources depends on when each widget class was first mounted)."""
    return sorted(
        repr((r.selectors, r.styles.get_rules(), r.is_default_rules, r.tie_breaker))
        for r in app.stylesheet.rules
    )


def test_the_cache_lives_in_the_users_cache_folder():
    env = {"HOME": "/home/x", "XDG_CACHE_HOME": "/var/cache/x"}
    assert str(cache_file(env)) == "/var/cache/x/stadstafel/textual-css.pickle"
    assert str(cache_file({"HOME": "/home/x"})) == "/home/x/.cache/stadstafel/textual-css.pickle"


@drive
async def test_a_second_start_takes_the_rules_the_first_parsed_and_draws_the_same(app, tmp_path):
    path = tmp_path / "cache" / "textual-css.pickle"
    first, screen, css = await start(app, path)
    assert first.parsed >= first.written > 0 and first.taken == 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert (path.parent.stat().st_mode & 0o777) == 0o700
    second, screen_again, css_again = await start(app, path)
    assert second.taken == first.written and second.parsed == first.parsed - first.written
    assert css_again == css
    assert screen_again == screen
    _, parsed_screen, parsed_css = await start(app)  # no cache at all
    assert (parsed_screen, parsed_css) == (screen, css)


def stamp() -> bytes:
    from stadstafel.tui.css_cache import FORMAT
    from stadstafel.tui.textual_private import VERSION

    return pickle.dumps((FORMAT, VERSION))


def body(path) -> bytes:
    """The rules a good file holds, after its stamp."""
    data = path.read_bytes()
    assert data.startswith(stamp())
    return data[len(stamp()) :]


BROKEN = {
    "garbage": lambda path: b"\x00not a pickle at all",
    "empty": lambda path: b"",
    "half written": lambda path: path.read_bytes()[: len(path.read_bytes()) // 2],
    "another Textual": lambda path: pickle.dumps((1, "0.1.0")) + body(path),
    "another format": lambda path: pickle.dumps((0, pickle.loads(stamp())[1])) + body(path),
    "not ours in shape": lambda path: stamp() + pickle.dumps({"rules": body(path)}),
}


@pytest.mark.parametrize("broken", list(BROKEN))
@drive
async def test_a_broken_or_stale_cache_is_ignored_and_written_again(app, tmp_path, broken):
    path = tmp_path / "textual-css.pickle"
    good, screen, css = await start(app, path)
    kept = ParsedCss(path).kept
    assert kept == good.written > 0
    path.write_bytes(BROKEN[broken](path))
    path.chmod(0o600)
    assert ParsedCss(path).kept == 0
    again, screen_again, css_again = await start(app, path)
    assert again.taken == 0 and again.parsed == good.parsed and again.written == kept
    assert (screen_again, css_again) == (screen, css)
    assert ParsedCss(path).kept == kept  # rebuilt


@drive
async def test_a_cache_others_may_write_is_not_read(app, tmp_path):
    path = tmp_path / "textual-css.pickle"
    await start(app, path)
    assert ParsedCss(path).kept > 0
    path.chmod(0o620)
    assert ParsedCss(path).kept == 0
    path.chmod(0o602)
    assert ParsedCss(path).kept == 0
    again, _, _ = await start(app, path)
    assert again.taken == 0
    assert path.stat().st_mode & 0o777 == 0o600 and ParsedCss(path).kept > 0


@drive
async def test_a_cache_that_cannot_be_written_is_no_fault(app, tmp_path):
    (tmp_path / "a file").write_text("")
    path = tmp_path / "a file" / "textual-css.pickle"  # its folder is a file
    cache, screen, css = await start(app, path)
    assert cache.parsed > 0 and not path.exists()
    assert os.listdir(tmp_path) == ["a file"]  # no part left behind
    _, parsed_screen, parsed_css = await start(app)
    assert (parsed_screen, parsed_css) == (screen, css)


@drive
async def test_rules_kept_under_one_theme_are_not_taken_under_another(app, tmp_path):
    path = tmp_path / "textual-css.pickle"
    await start(app, path)  # the default theme
    other, screen, css = await start(lambda: app(theme="hoog-contrast"), path)
    assert other.taken == 0 and other.parsed > 0
    _, parsed_screen, parsed_css = await start(lambda: app(theme="hoog-contrast"))
    assert (screen, css) == (parsed_screen, parsed_css)
    again, screen_again, css_again = await start(lambda: app(theme="hoog-contrast"), path)
    assert again.taken == other.written and (screen_again, css_again) == (screen, css)


@drive
async def test_without_a_home_to_name_a_cache_folder_the_start_parses(app, monkeypatch):
    from pathlib import Path

    from stadstafel.plugins import entry_points, entry_points_kept

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_file({}) is None
    cache = ParsedCss(cache_file({}))
    assert cache.kept == 0
    cache.install()
    try:
        made = app()
        made.parsed_css = cache
        async with made.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
    finally:
        cache.uninstall()
    assert cache.parsed > 0 and cache.written == 0
    assert entry_points_kept("stadstafel", None) == entry_points("stadstafel")


@drive
async def test_after_the_first_frame_the_cache_holds_only_what_this_start_used(app, tmp_path):
    path = tmp_path / "textual-css.pickle"
    await start(app, path)
    cache = ParsedCss(path)
    assert cache.kept > 0
    cache.save()  # nothing looked up (another theme's start): nothing of the file's kept
    assert cache.kept == 0 and cache.written == 0
