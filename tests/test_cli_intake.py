"""``stadstafel intake list|add`` with the installed command on the demo: each user lists the
intake of the tables it handles; a partner is refused taking in, naming the right."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_cli import run, with_config

WONINGBOUW = "Samenwerkingstafel Woningbouw"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A demo workspace of this module's own: it takes in topics."""
    target = tmp_path_factory.mktemp("demo") / "leiden"
    assert run("demo", "--create", str(target)).returncode == 0
    return target


def as_login(demo_dir, login, *args):
    return run("--config", str(demo_dir / "stadstafel.toml"), "--as", login, *args)


def test_each_lists_the_intake_of_the_tables_it_handles(demo_dir):
    everything = json.loads(with_config(demo_dir, "intake", "list", "--format", "json").stdout)
    assert {r["table_name"] for r in everything} == {WONINGBOUW, "Leiden Kennisstad"}
    secretary = as_login(demo_dir, "secretaris", "intake", "list", "--format", "json")
    assert secretary.returncode == 0, secretary.stderr
    rows = json.loads(secretary.stdout)
    assert rows and {r["table_name"] for r in rows} == {WONINGBOUW}
    placed = next(r for r in rows if r["status"] == "geagendeerd")
    assert placed["meeting_starts_at"].startswith("2027-02-19")
    partner = as_login(demo_dir, "portaal", "intake", "list", "--format", "json")
    assert partner.returncode == 0 and json.loads(partner.stdout) == []


def test_take_in_from_the_command_line(demo_dir):
    added = as_login(
        demo_dir, "secretaris", "intake", "add", "--table", WONINGBOUW,
        "--from", "Wijkraad De Kooi", "--subject", "Speelplek bij de nieuwbouw",
        "--channel", "brief", "--received", "2027-01-03",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    new_id = int(added.stdout.strip())
    listed = with_config(demo_dir, "intake", "list", "--table", WONINGBOUW, "--format", "csv")
    row = next(r for r in csv.DictReader(io.StringIO(listed.stdout)) if int(r["id"]) == new_id)
    assert (row["sender"], row["channel"], row["received_on"], row["status"]) == (
        "Wijkraad De Kooi", "brief", "2027-01-03", "nieuw",
    )  # fmt: skip


def test_a_partner_is_refused_and_a_bad_table_is_a_usage_error(demo_dir):
    args = ["intake", "add", "--from", "X", "--subject", "Y", "--channel", "brief"]
    refused = as_login(demo_dir, "portaal", *args, "--table", WONINGBOUW)
    assert refused.returncode == 1 and "inbreng uit de stad beheren" in refused.stderr
    assert "Traceback" not in refused.stderr
    unknown = with_config(demo_dir, *args, "--table", "Geen tafel")
    assert unknown.returncode == 2 and "geen tafel met de naam 'Geen tafel'" in unknown.stderr
