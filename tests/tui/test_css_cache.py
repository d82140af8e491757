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


class _Runs:
    """Pickles as a call of ``function(*args)``: what a planted cache would hold."""

    def __init__(self, function, *args):
        self.call = (function, args)

    def __reduce__(self):
        return self.call


def planted(path, *calls) -> None:
    """A cache file of the user's own, with the right stamp, whose rules run ``calls``."""
    from stadstafel import kept

    assert kept.write(path, stamp() + pickle.dumps([({}, {"k": list(calls)})]))


def test_a_cache_naming_anything_but_parsed_css_runs_nothing(tmp_path):
    from textual.color import Color

    marker = tmp_path / "ran"
    for call in (
        _Runs(os.mkdir, str(marker)),
        _Runs(exec, f"open({str(marker)!r}, 'w')"),
        _Runs(getattr, Color, "__init__"),  # getattr as enumerations use it, to reach out
        _Runs(getattr, type(marker), "touch"),
        _Runs(getattr, {}, "update"),
    ):
        path = tmp_path / "cache" / "textual-css.pickle"
        planted(path, call)
        assert ParsedCss(path).kept == 0
        assert not marker.exists()
    planted(path, Color(1, 2, 3))  # what parsed CSS is made of is read
    assert ParsedCss(path).kept == 1


def test_the_cache_is_read_only_from_a_folder_and_file_of_the_users_own(tmp_path, monkeypatch):
    from stadstafel import kept

    folder = tmp_path / "cache"
    path = folder / "textual-css.pickle"
    assert kept.write(path, b"data") and kept.read(path) == b"data"
    assert folder.stat().st_mode & 0o777 == 0o700
    # A link in the file's place, even to a file of the user's own, is not followed.
    (tmp_path / "elsewhere").write_bytes(b"planted")
    (tmp_path / "elsewhere").chmod(0o600)
    path.unlink()
    path.symlink_to(tmp_path / "elsewhere")
    assert kept.read(path) is None
    path.unlink()
    # Nor a second name of a file elsewhere (a hard link).
    os.link(tmp_path / "elsewhere", path)
    assert kept.read(path) is None
    path.unlink()
    # A pipe in its place is not waited on.
    os.mkfifo(path, 0o600)
    assert kept.read(path) is None
    path.unlink()
    # A folder others may write to: nothing in it is read, nothing is written there.
    assert kept.write(path, b"data")
    folder.chmod(0o777)
    assert kept.read(path) is None
    assert not kept.write(path, b"other") and path.read_bytes() == b"data"
    folder.chmod(0o700)
    assert kept.read(path) == b"data"
    # Someone else's folder (or file): the user running stadstafel is another.
    monkeypatch.setattr(os, "getuid", lambda: os.stat(folder).st_uid + 1)
    assert kept.read(path) is None and not kept.write(path, b"other")


def test_writing_never_goes_through_a_link_left_in_the_way(tmp_path):
    from stadstafel import kept

    path = tmp_path / "cache" / "textual-css.pickle"
    assert kept.write(path, b"first")
    victim = tmp_path / "victim"
    victim.write_bytes(b"the user's own file")
    (path.parent / f".{path.name}.{os.getpid()}").symlink_to(victim)
    assert kept.write(path, b"second") and kept.read(path) == b"second"
    assert victim.read_bytes() == b"the user's own file"
    assert sorted(os.listdir(path.parent)) == [path.name]
