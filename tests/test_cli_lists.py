"""``stadstafel <type> list`` for every record type, the audit log and the AVG requests,
run through the installed command as a script would."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_cli import run

LISTS = {
    # command: (a key every JSON row has, a value the demo surely lists under it)
    ("tables", "list"): ("name", "Leiden Kennisstad"),
    ("people", "list"): ("name", "Femke Jansen"),
    ("agenda", "list"): ("title", None),
    ("goals", "list"): ("table_name", "Samenwerkingstafel Woningbouw"),
    ("initiatives", "list"): ("title", "Groene schoolpleinen"),
    ("interests", "list"): ("organisation_name", "Gemeente Leiden"),
    ("audit", "list"): ("record_type", "person"),
    ("partners", "list"): ("name", "Portaal"),
    ("meetings", "list"): ("table_name", "Leiden Kennisstad"),
    ("actions", "list"): ("owner_org", "Portaal"),
    ("decisions", "list", "--table", "Samenwerkingstafel Woningbouw"): ("text", None),
    ("search", "consensus"): ("kind", "working_agreement"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A fresh demo workspace (the OS login is its beheerder and may act --as others)."""
    target = tmp_path_factory.mktemp("lists") / "leiden"
    assert run("demo", "--create", str(target)).returncode == 0
    config = str(target / "stadstafel.toml")

    def demo(*args):
        return run("--config", config, *args)

    demo.config = config
    return demo


@pytest.mark.parametrize("command", list(LISTS), ids=" ".join)
def test_every_list_in_json_and_csv(demo, command):
    key, value = LISTS[command]
    as_json = demo(*command, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert rows and all(key in row for row in rows)
    if value is not None:
        assert value in {row[key] for row in rows}
    as_csv = demo(*command, "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(table) == len(rows)
    assert [r["id"] for r in table] == [str(r["id"]) for r in rows]


def test_filters_narrow_the_lists(demo):
    rows = json.loads(demo("people", "list", "--partner", "Portaal", "--format", "json").stdout)
    assert rows and {r["organisation_name"] for r in rows} == {"Portaal"}
    rows = json.loads(
        demo("interests", "list", "--table", "Leiden Kennisstad", "--format", "json").stdout
    )
    assert rows and {r["table_name"] for r in rows} == {"Leiden Kennisstad"}
    rows = json.loads(demo("agenda", "list", "--status", "ingediend", "--format", "json").stdout)
    assert rows and {r["status"] for r in rows} == {"ingediend"}
    unknown = demo("goals", "list", "--table", "Bestaat niet")
    assert unknown.returncode == 2 and "Bestaat niet" in unknown.stderr and not unknown.stdout


def test_table_headings_and_messages_follow_the_language(demo, tmp_path, monkeypatch):
    dutch = demo("tables", "list").stdout.splitlines()[0]
    assert dutch.split()[:3] == ["id", "naam", "soort"]
    (tmp_path / "stadstafel").mkdir()
    (tmp_path / "stadstafel" / "settings.toml").write_text('language = "en"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the user's own settings: English
    english = demo("tables", "list").stdout.splitlines()[0]
    assert english.split()[:5] == ["id", "name", "kind", "chair", "secretary"]
    unknown = demo("goals", "list", "--table", "Nergens")
    assert "no table named 'Nergens'" in unknown.stderr


# Each listing of cli.py in English: (command, the first headings).
ENGLISH = [
    (("partners", "list"), ["id", "name", "kind", "people", "tables"]),
    (("meetings", "list"), ["id", "starts", "table", "title", "status", "items"]),
    (("actions", "list"), ["id", "kind", "text", "owner", "person", "due"]),
    (("decisions", "list", "--table", "Leiden Kennisstad"), ["id", "date", "meeting"]),
    (("search", "consensus"), ["kind", "id", "title", "snippet"]),
    (("agenda", "list"), ["id", "table", "title", "status", "submitted", "by"]),
]


def test_every_listing_speaks_english_when_the_language_is_english(demo, tmp_path, monkeypatch):
    (tmp_path / "stadstafel").mkdir()
    (tmp_path / "stadstafel" / "settings.toml").write_text('language = "en"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    for command, heads in ENGLISH:
        result = demo(*command)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0].split()[: len(heads)] == heads, command
    found = demo("search", "consensus").stdout
    assert "Agreement" in found and "Werkafspraak" not in found  # the kind's English name
    late = demo("actions", "list", "--overdue").stdout
    assert " late " in late and "te laat" not in late
    agenda = demo("agenda", "show", "6").stdout
    assert "Total " in agenda.splitlines()[1] and "Totaal" not in agenda
    unknown = demo("actions", "list", "--partner", "Niemand")
    assert unknown.returncode == 2 and "no organisation named 'Niemand'" in unknown.stderr
    bad = demo("audit", "list", "--to", "31-01-2027")
    assert bad.returncode == 2 and "is not a date like 2027-01-31" in bad.stderr
    helped = demo("audit", "list", "--help").stdout
    assert "Changes, newest first" in helped and "Only changes by this login." in helped
    assert "Wijzigingen" not in helped
    everything = demo("--help").stdout
    assert "Partners (organisations)." in everything and "Vergaderingen." not in everything


def test_help_stays_dutch_by_default(demo):
    helped = demo("audit", "list", "--help").stdout
    assert "Wijzigingen, nieuwste eerst" in helped and "Changes" not in helped


def test_audit_list_filters_and_is_for_the_beheerder_only(demo):
    rows = json.loads(demo("audit", "list", "--type", "person", "--format", "json").stdout)
    assert rows and {r["record_type"] for r in rows} == {"person"}
    assert isinstance(rows[0]["after"], dict)  # the values, not a string of JSON
    one = rows[-1]["record_id"]
    rows = json.loads(
        demo("audit", "list", "--type", "person", "--id", str(one), "--format", "json").stdout
    )
    assert rows and {r["record_id"] for r in rows} == {one}
    assert json.loads(demo("audit", "list", "--login", "niemand", "--format", "json").stdout) == []
    future = demo("audit", "list", "--from", "2999-01-01", "--format", "json")
    assert json.loads(future.stdout) == []
    bad = demo("audit", "list", "--to", "31-01-2027")
    assert bad.returncode == 2 and "--to" in bad.stderr
    refused = demo("--as", "lezer", "audit", "list")
    assert refused.returncode == 1 and "auditlog" in refused.stderr and not refused.stdout


def test_audit_list_names_every_record_type_and_field_core_and_modules(demo):
    """The table names record types and changed fields by their labels: the modules' through
    their ``record_labels``, so no ``omgevingswet_activity`` or ``delivery_year``."""
    rows = json.loads(demo("audit", "list", "--limit", "5000", "--format", "json").stdout)
    types = {r["record_type"] for r in rows}
    modules = ("omgevingswet_", "regionale_economie_", "sociaal_domein_", "woningbouw_")
    for prefix in modules:  # the demo writes records of every module
        assert any(t.startswith(prefix) for t in types), prefix
    fields = {
        f
        for r in rows
        if r["action"] == "update"
        for f in set(r["before"] or {}) | set(r["after"] or {})
        if (r["before"] or {}).get(f) != (r["after"] or {}).get(f)
    }
    assert "delivery_year" in fields  # a module's field an update changed
    table = demo("audit", "list", "--limit", "5000").stdout
    assert "woningbouwproject" in table and "Oplevering (jaar)" in table
    for name in types | (fields - {"id", "version", "updated_at", "updated_by"}):
        if "_" in name:
            assert name not in table, name


def test_every_field_the_audit_shows_has_a_label_core_and_modules(demo):
    """The audit screen names each field of a change (created, changed or deleted) by its
    label: no column name is shown raw, for the core's records or any module's."""
    from stadstafel.start import open_workspace
    from stadstafel.tui.values import SYSTEM, field_label, record_label

    config = demo.config
    ws = open_workspace(config, login="beheer")
    try:
        raw = set()
        for row in ws.audit.list(limit=None):
            if record_label(ws, row.record_type) == row.record_type:
                raw.add(row.record_type)
            for side in (row.before, row.after):
                for name in json.loads(side) if side else {}:
                    if name not in SYSTEM and field_label(ws, row.record_type, name) == name:
                        raw.add(f"{row.record_type}.{name}")
        assert raw == set()
    finally:
        ws.close()


def test_person_export_and_erase_keep_the_history_without_the_data(demo):
    people = json.loads(
        demo("people", "list", "--filter", "Erik de Boer", "--format", "json").stdout
    )
    pid = str(people[0]["id"])
    exported = demo("person", "export", pid)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["person"]["email"] == "e.deboer@example.nl"
    assert demo("--as", "lezer", "person", "export", pid).returncode == 1  # not for a lezer

    assert demo("person", "erase", pid).returncode == 1  # asks; no answer: nothing done
    assert json.loads(demo("person", "export", pid).stdout)["person"]["email"]
    erased = demo("person", "erase", pid, "--yes")
    assert erased.returncode == 0, erased.stderr
    assert "verwijderd" in erased.stderr and not erased.stdout

    after = json.loads(demo("person", "export", pid).stdout)["person"]
    assert after["email"] is None and after["phone"] is None
    assert after["name"] == f"(verwijderd #{pid})"
    history = demo("audit", "list", "--type", "person", "--id", pid, "--format", "json")
    rows = json.loads(history.stdout)
    actions = [r["action"] for r in rows]
    assert {"create", "export", "erase"} <= set(actions)  # the history is kept, exports too
    assert "Erik" not in history.stdout and "e.deboer" not in history.stdout  # data gone
    assert demo("person", "export", "99999").returncode == 1
