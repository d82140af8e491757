"""What a person sees of a text is found by the words they see in it. A control character
is stored neutralised (U+FFFD); what followed an ESC or a C1 CSI stays as it was typed, so
``ESC[31mROOD`` shows as ``\ufffd[31mROOD``: the word seen is ROOD. The full-text index split
that into the one word ``31mrood`` and a search for ROOD found nothing; it now indexes the
sequence's letters apart from the word (``textsafe.search_text``)."""

from __future__ import annotations

import pytest

from stadstafel.migrations import FTS_COLUMNS
from stadstafel.textsafe import neutralise, search_text


@pytest.mark.parametrize(
    ("typed", "seen"),
    [
        ("\x1b[31mROOD\x1b[0m", "ROOD"),
        ("Rood\x1b[31mgekleurd\x1b[0m", "gekleurd"),  # testing.HOSTILE's
        ("\x1b[1;31mvet", "vet"),
        ("\x1b[38;5;196mkleur", "kleur"),
        ("\x1b[mgewoon", "gewoon"),
        ("C1\x9b31mcode", "code"),
        ("\x1b[2JHallo", "Hallo"),
    ],
)
def test_a_word_after_an_escape_sequence_is_found_by_itself(ws, typed, seen):
    org = ws.organisations.create(name=typed, kind="gemeente")
    assert org.name == neutralise(typed)  # stored as it is shown
    found = {r.id for r in ws.search.search(seen) if r.kind == "organisation"}
    assert org.id in found, f"{seen!r} not found in {org.name!r}"


def test_what_is_found_follows_a_change_and_a_removal(ws):
    org = ws.organisations.create(name="\x1b[31mROOD", kind="gemeente")
    org = ws.organisations.update(org.id, org.version, name="\x1b[32mGROEN")

    def found(word: str) -> bool:
        return any(r.id == org.id for r in ws.search.search(word) if r.kind == "organisation")

    assert found("GROEN") and not found("ROOD")
    ws.organisations.delete(org.id, org.version)
    assert not found("GROEN")
    for table in FTS_COLUMNS:  # the index is whole after the deletes of transformed text
        ws.store.conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')")


def test_other_text_is_indexed_as_it_is():
    for text in (None, "", "Gemeente Leiden", "Bel\ufffdbel", "Ring\ufffdbell", "\ufffd[0m eind"):
        assert search_text(text) == text
    assert search_text("\ufffd[1;31mROOD") == "\ufffd[1; ROOD"  # as many words as before


def test_a_workspace_from_before_finds_the_word_after_its_migration(ws, db_path):
    import sqlite3

    from support import make_config

    from stadstafel.migrations import FTS_INDEXES
    from stadstafel.workspace import Workspace

    org = ws.organisations.create(name="\x1b[31mROOD", kind="gemeente")
    plain = ws.organisations.create(name="Gemeente Leiden", kind="gemeente")
    ws.close()
    # As the file was before the migration: triggers that index the stored text, the
    # indexes made of it, no record of the migration.
    con = sqlite3.connect(db_path)
    for table, columns in FTS_INDEXES.items():
        names = ", ".join(f'"{c}"' for c in columns)
        news = ", ".join(f'new."{c}"' for c in columns)
        con.execute(f'DROP TRIGGER "{table}_ai"')
        con.execute(
            f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN'
            f' INSERT INTO "{table}_fts" (rowid, {names}) VALUES (new.rowid, {news}); END'
        )
        con.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'rv9_1_search_the_words_seen'")
    con.execute("DELETE FROM _stadstafel_schema_stamp")
    con.commit()
    match = "SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH ?"
    assert not con.execute(match, ['"ROOD"*']).fetchall()  # as it was: not found
    con.close()
    with Workspace.open(make_config(db_path), login="admin") as again:
        hits = {r.id for r in again.search.search("ROOD") if r.kind == "organisation"}
        assert hits == {org.id}
        assert {r.id for r in again.search.search("Leiden")} >= {plain.id}
        for table in FTS_INDEXES:
            again.store.conn.execute(
                f"INSERT INTO {table}_fts({table}_fts) VALUES ('integrity-check')"
            )
