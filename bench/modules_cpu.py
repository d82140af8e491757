"""Main-thread CPU of the domain modules' keys, in-process (headless, Pilot, 80×24), with the
counts of ``openings_cpu.py`` (frames, widgets, style applications, SQL, layouts): for judging
a change to a module's screen on a loaded machine.

    uv run python bench/modules_cpu.py bench/.work/large/stadstafel.toml [ROUNDS]
    uv run --with pyinstrument python bench/modules_cpu.py CONFIG 5 --profile compare

The keys are those ``bench/sociaal_domein.py`` and ``bench/regionale_economie.py`` time from
outside: sociaal-domein's comparison of every city (Enter), its page down, the per-city view
(``g``), a key in the measures filter; regionale-economie's collaborations filter and, beside
it, the core's partners filter (the same kit).
"""

from __future__ import annotations

from openings_cpu import Meter, _idle, measured_app

WORDS = {"measures": "aanpak", "collab": "regio", "partners": "wonen"}


async def run(config: str, rounds: int, profile: str | None) -> Meter:
    async with measured_app(config, profile) as (app, pilot, meter):

        async def key(name: str | None, k: str) -> None:
            if name is None:
                await pilot.press(k)
                await _idle(pilot)
                return
            with meter.measure(name, app):
                await pilot.press(k)
                await _idle(pilot)
            meter.screens[name] = type(app.screen).__name__

        await key(None, "i")
        for _ in range(rounds):
            await key("compare", "enter")
            for _ in range(3):
                await key("page down", "pagedown")
            await key("esc compare", "escape")
        for _ in range(rounds):
            await key("city", "g")
            await key(None, "escape")
        await key(None, "m")
        await key(None, "shift+tab")
        for _ in range(rounds):
            for letter in WORDS["measures"]:
                await key("measures key", letter)
            await key(None, "ctrl+u")
        await key(None, "escape")  # out of the filter
        await key(None, "escape")  # back to the section
        await key(None, "h")
        for section, name in (("g", "collab"), ("p", "partners")):
            await key(None, section)
            await key(None, "f")
            for _ in range(rounds):
                for letter in WORDS[name]:
                    await key(f"{name} key", letter)
                await key(None, "ctrl+u")
            await key(None, "escape")
            await key(None, "h")
    return meter


if __name__ == "__main__":
    import openings_cpu

    openings_cpu.main(run, "key")
