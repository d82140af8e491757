"""The module's lists follow the kit's width rule at 80, 120 and 200 columns: the name takes
the room, the form and the deadline keep their widths, and no name is cut to a fixed width in
code."""

from __future__ import annotations

from stadstafel.testing import app_for, list_width_problems


def test_the_collaborations_use_the_width(demo):
    async def collaborations(pilot):
        await pilot.press("g")

    assert list_width_problems(lambda: app_for(demo), collaborations) == []
