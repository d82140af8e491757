"""Reminders (``stadstafel rappel``): who gets which digest, the golden dry run, sending through
a real SMTP server on loopback, and never sending the same day's digest twice."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from stadstafel.cli import cli
from stadstafel.errors import PermissionDenied
from stadstafel.services.reminders import Reminders

GOLDEN = Path(__file__).parent / "golden" / "rappel-dry-run.txt"


@pytest.fixture
def cycle(ws, table_setup):
    """Actions overdue, due soon, later and done; the table's next meetings have deadlines."""
    s = table_setup
    a = ws.actions
    a.create(
        table_id=s.table.id,
        text="Cijfers doorstroming aanleveren",
        owner_org_id=s.portaal.id,
        owner_person_id=s.partner.id,
        due="2026-12-20",
    )
    a.create(
        table_id=s.table.id,
        kind="toezegging",
        text="Brief aan de raad [concept]",
        owner_org_id=s.gemeente.id,
        due="2027-01-08",
    )
    a.create(table_id=s.table.id, text="Later", owner_org_id=s.sleutels.id, due="2027-03-01")
    done = a.create(
        table_id=s.table.id, text="Al klaar", owner_org_id=s.sleutels.id, due="2026-12-01"
    )
    a.close(done.id, done.version)
    a.create(table_id=s.table.id, text="Van niemand", due="2026-12-01")
    return s


def write_config(tmp_path, db_path, extra=""):
    cfg = tmp_path / "stadstafel.toml"
    cfg.write_text(f'[workspace]\nname = "Leiden"\ndatabase = "{db_path}"\n{extra}')
    return cfg


def test_digests_go_to_the_owner_or_the_organisations_contact(ws, cycle):
    digests, orphans = Reminders(ws).digests(days=7)
    by = {d.email: d for d in digests}
    pim = by["pim@example.org"]  # owner person
    assert [(e.kind, e.text) for e in pim.entries if e.kind != "deadline"] == [
        ("overdue", "Cijfers doorstroming aanleveren")
    ]
    secr = by["secr@example.org"]  # no owner person: the gemeente's first person with an address
    assert ("soon", "Brief aan de raad [concept]") in [(e.kind, e.text) for e in secr.entries]
    texts = {e.text for d in digests for e in d.entries}
    assert "Later" not in texts and "Al klaar" not in texts
    assert [e.text for e in orphans] == ["Van niemand"]
    # The next meeting's submission deadline reaches every member organisation's contact.
    deadline_to = {d.email for d in digests if any(e.kind == "deadline" for e in d.entries)}
    assert {"pim@example.org", "secr@example.org", "stella@example.org"} <= deadline_to


def test_only_the_beheerder_may_build_reminders(ws, cycle):
    ws.actor.global_role = "lezer"
    with pytest.raises(PermissionDenied):
        Reminders(ws).digests()


def test_dry_run_prints_the_golden_digests(ws, cycle, tmp_path, db_path):
    cfg = write_config(tmp_path, db_path)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "rappel", "--dry-run"])
    assert result.exit_code == 0, result.output
    if os.environ.get("STADSTAFEL_UPDATE_GOLDEN"):  # then read the diff before committing
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")
    assert "Van niemand" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collect(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    handler = Collect()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler.messages
    controller.stop()


def test_send_delivers_once_per_day_through_smtp(ws, cycle, tmp_path, db_path, smtp_server):
    port, received = smtp_server
    cfg = write_config(
        tmp_path,
        db_path,
        f'[mail]\nfrom = "Stadstafel <tafels@leiden.example>"\nhost = "127.0.0.1"\n'
        f'port = {port}\nsecurity = "none"\n',
    )
    runner = CliRunner()
    first = runner.invoke(cli, ["--config", str(cfg), "rappel", "--send"])
    assert first.exit_code == 0, first.output
    for _ in range(50):
        if received:
            break
        time.sleep(0.05)
    expected = {"pim@example.org", "secr@example.org", "stella@example.org", "chair@example.org"}
    to = {
        m["To"].addresses[0].addr_spec if hasattr(m["To"], "addresses") else m["To"]
        for m in received
    }
    assert {t.split("<")[-1].rstrip(">") for t in to} <= expected
    assert len(received) >= 3
    msg = received[0]
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["Message-ID"].startswith("<rappel.2027-01-04.")
    assert msg["Message-ID"].endswith("@leiden.example>")
    count = len(received)
    assert f"{count} verstuurd, 0 vandaag al verstuurd" in first.stdout

    again = runner.invoke(cli, ["--config", str(cfg), "rappel", "--send"])
    assert again.exit_code == 0
    time.sleep(0.2)
    assert len(received) == count  # nothing twice
    assert f"0 verstuurd, {count} vandaag al verstuurd" in again.stdout
    rows = ws.store.query("SELECT * FROM reminders_sent")
    assert len(rows) == count
    audit = ws.store.scalar("SELECT count(*) FROM audit WHERE action = 'remind'")
    assert audit == count


def test_plain_smtp_to_another_machine_is_refused(ws, cycle, tmp_path, db_path):
    cfg = write_config(
        tmp_path,
        db_path,
        '[mail]\nfrom = "t@leiden.example"\nhost = "smtp.leiden.example"\nsecurity = "none"\n',
    )
    bin_ = Path(sys.executable).parent / "stadstafel"
    result = subprocess.run(
        [str(bin_), "--config", str(cfg), "rappel", "--send"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "mail.security" in result.stderr and "Traceback" not in result.stderr


def test_a_recipients_language_comes_from_users(ws, cycle):
    digests, _ = Reminders(ws).digests(days=7, languages={"pim@example.org": "en"})
    pim = next(d for d in digests if d.email == "pim@example.org")
    assert pim.language == "en"
    from stadstafel.services.reminders import render

    subject, body = render(pim, workspace="Leiden", day="2027-01-04", days=7)
    assert subject.startswith("Reminder Leiden: 1 overdue")
    assert "Dear Pim Portaal," in body
