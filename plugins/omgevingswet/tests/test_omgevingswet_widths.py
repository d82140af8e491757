"""The module's lists follow the kit's width rule at 80, 120 and 200 columns: the title (an
activity, an interest) takes the room, dates, phases and counts keep their widths, and no
text is cut to a fixed width in code."""

from __future__ import annotations

from omgevingswet_testkit import SERVICE, open_plugin_ws
from stadstafel.testing import app_for, build_demo, list_width_problems

from stadstafel_omgevingswet.screens import TrajectoryScreen


def test_the_lists_use_the_width(tmp_path, frozen):
    with open_plugin_ws(tmp_path) as ws:
        build_demo(ws)
        activities = ws.service("omgevingswet.activities")
        # a trajectory with a long activity, given a long interest too
        first = next(
            t
            for t in ws.service(SERVICE).list(limit=None).rows
            if any(len(a.title or a.method or "") > 22 for a in activities.of(t.id))
        )
        ws.service("omgevingswet.afwegingen").create(
            trajectory_id=first.id,
            interest="Bereikbaarheid van de winkels aan de Haarlemmerstraat tijdens de bouw",
            whose="ondernemersvereniging",
        )

        async def trajectories(pilot):
            await pilot.press("o")

        assert list_width_problems(lambda: app_for(ws), trajectories) == []

        for tab in ("activiteiten", "afweging"):

            def rows(pilot, tab=tab):
                pilot.app.push_screen(TrajectoryScreen(ws, first.id, tab=tab))

            problems = list_width_problems(lambda: app_for(ws), rows, list_id=f"{tab}-rows")
            assert problems == [], tab
