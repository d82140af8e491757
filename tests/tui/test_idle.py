"""An idle session ends: ``[ssh] idle_timeout_minutes`` (0 = never), measured with
``time.monotonic()`` so a frozen ``stadstafel.clock`` (as in these tests) does not stop it.

The timeout is shortened to about a second through ``app.idle_seconds``; the message still
names the configured minutes.
"""

from __future__ import annotations

import asyncio
import time

from support import drive

from stadstafel import i18n

SIZE = (80, 24)


def quick(app, *, seconds: float = 1.0, warn: float = 60.0):
    """A short timeout for a test; records the exit message."""
    app.idle_seconds = seconds
    app.idle_check_seconds = 0.05
    app.idle_notice_seconds = 0.05
    app.idle_warn_seconds = warn
    app.exit_messages = []
    original = app.exit

    def exit(*args, **kwargs):
        app.exit_messages.append(str(kwargs.get("message") or ""))
        original(*args, **kwargs)

    app.exit = exit
    return app


async def wait_for_exit(app, limit: float = 5.0) -> float:
    """Seconds until the app asked to exit (fails after ``limit``)."""
    start = time.monotonic()
    while not app.exit_messages:
        assert time.monotonic() - start < limit, "the app did not end the idle session"
        await asyncio.sleep(0.05)
    return time.monotonic() - start


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def sleep_until(moment: float) -> None:
    await asyncio.sleep(max(0.0, moment - time.monotonic()))


@drive
async def test_idle_session_ends_and_a_key_resets_the_timer(app, demo_ws):
    demo_ws.config.idle_timeout_minutes = 1
    stadstafel = quick(app(), seconds=1.5)
    async with stadstafel.run_test(size=SIZE) as pilot:
        started = stadstafel.last_activity  # when the app was mounted
        await sleep_until(started + 1.0)
        assert not stadstafel.exit_messages
        await pilot.press("p")  # activity: the partners section
        assert stadstafel.last_activity > started + 1.0
        await sleep_until(started + 2.0)  # past the timeout counted from the start
        assert not stadstafel.exit_messages, "a key press must reset the idle timer"
        assert stadstafel.current_mode == "partners"
        await wait_for_exit(stadstafel)
        assert time.monotonic() - (started + 1.0) >= 1.5
        await pilot.pause()
        notice = "Sessie beëindigd na 1 minuut zonder activiteit."
        assert notice in messages(stadstafel)  # shown on screen before the exit
    assert stadstafel.exit_messages == [notice]
    assert stadstafel.return_code == 0
    assert not stadstafel.is_running


@drive
async def test_idle_message_in_english_names_the_minutes(app, demo_ws):
    demo_ws.config.idle_timeout_minutes = 30
    i18n.set_language("en")
    stadstafel = quick(app(), seconds=0.3)
    async with stadstafel.run_test(size=SIZE):
        await wait_for_exit(stadstafel)
    assert stadstafel.exit_messages == ["Session ended after 30 minutes without activity."]


@drive
async def test_a_warning_comes_before_the_end(app, demo_ws):
    demo_ws.config.idle_timeout_minutes = 60
    stadstafel = quick(app(), seconds=1.5, warn=0.6)
    async with stadstafel.run_test(size=SIZE) as pilot:
        await sleep_until(stadstafel.last_activity + 1.1)  # warned at 0.9, ends at 1.5
        await pilot.pause()
        assert any("stopt de sessie over een minuut" in m for m in messages(stadstafel))
        assert not stadstafel.exit_messages
        await wait_for_exit(stadstafel)
    assert stadstafel.exit_messages == ["Sessie beëindigd na 60 minuten zonder activiteit."]


@drive
async def test_zero_means_never(app, demo_ws):
    demo_ws.config.idle_timeout_minutes = 0
    stadstafel = app()
    stadstafel.idle_check_seconds = 0.05
    async with stadstafel.run_test(size=SIZE) as pilot:
        await asyncio.sleep(0.5)
        await pilot.pause()
        assert stadstafel.idle_seconds == 0
        assert stadstafel.is_running and not stadstafel._exit
        assert not any(t.name == "idle-timeout" for t in stadstafel._timers)
