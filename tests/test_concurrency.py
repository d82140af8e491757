"""Many sessions on one file: conflicts are reported, nothing is lost, no lock error shows."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from support import make_config

from stadstafel.errors import ConflictError
from stadstafel.workspace import Workspace


def test_two_connections_updating_one_record_conflict(tmp_path, frozen):
    path = tmp_path / "ws.db"
    anna = Workspace.open(make_config(path), login="anna")
    bram = Workspace.open(make_config(path), login="bram")
    try:
        org = anna.organisations.create(name="Portaal", kind="woningcorporatie")
        seen_by_bram = bram.organisations.get(org.id)
        anna.organisations.update(org.id, org.version, notes="door Anna")
        with pytest.raises(ConflictError) as err:
            bram.organisations.update(seen_by_bram.id, seen_by_bram.version, notes="door Bram")
        assert "anna" in err.value.message
        assert err.value.current["notes"] == "door Anna"
        assert err.value.yours == {"notes": "door Bram"}
        assert anna.organisations.get(org.id).notes == "door Anna"
    finally:
        anna.close()
        bram.close()


def _add_items(path: str, worker: int, count: int, queue) -> None:
    errors = []
    ws = Workspace.open(make_config(path), login=f"w{worker}")
    try:
        table = ws.tables.by_name("Tafel")
        meeting = ws.meetings.list(table_id=table.id).rows[0]
        for i in range(count):
            try:
                ws.agenda.submit(
                    table.id,
                    f"punt {worker}-{i}",
                    meeting_id=meeting.id,
                    org_id=None,
                    person_id=None,
                    description="gelijktijdig",
                )
            except Exception as exc:  # report every failure to the parent
                errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        ws.close()
    queue.put(errors)


def test_eight_processes_add_agenda_items_at_once(tmp_path, frozen):
    path = tmp_path / "ws.db"
    ws = Workspace.open(make_config(path), login="setup")
    table = ws.tables.create(name="Tafel", kind="werkgroep")
    ws.meetings.create(table_id=table.id, starts_at="2027-02-01 14:00")
    ws.close()

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    workers, per_worker = 8, 25
    procs = [
        ctx.Process(target=_add_items, args=(str(path), w, per_worker, queue))
        for w in range(workers)
    ]
    for p in procs:
        p.start()
    reports = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert reports == [[]] * workers  # no lock error (or any other) surfaced
    ws = Workspace.open(make_config(path), login="check")
    try:
        titles = {i.title for i in ws.agenda.list(table_id=table.id).rows}
        assert titles == {f"punt {w}-{i}" for w in range(workers) for i in range(per_worker)}
        positions = [i.position for i in ws.agenda.of_meeting(1)]
        assert len(positions) == len(set(positions)) == workers * per_worker
    finally:
        ws.close()
