"""The CBS cross-check: StatLine CSV quirks, the shipped snapshot (read without network), the
import (all or nothing), register against CBS per year, and the CLI."""

from __future__ import annotations

from click.testing import CliRunner
from woningbouw_testkit import open_ws

from stadstafel_woningbouw.cbs import parse_period, parse_statline, snapshot, source_text
from stadstafel_woningbouw.cli import woningbouw

# A download as StatLine gives it: byte-order mark, ";", quoted space-padded region codes,
# period codes, a status per row, "." for a missing value, another municipality in between.
DOWNLOAD = (
    '\ufeff"ID";"RegioS";"Perioden";"Status";"Nieuwbouw_2";"Sloop_4";'
    '"OverigeOnttrekking_5";"EindstandVoorraad_8"\n'
    '0;"GM0546    ";"2023JJ00";"Definitief";1874;142;25;65852\n'
    '1;"GM0363    ";"2023JJ00";"Definitief";9000;800;.;450000\n'
    '2;"GM0546    ";"2024JJ00";"Nader voorlopig";1102;83;19;66901\n'
    '3;"GM0546    ";"2025MM01";"Voorlopig";61;0;.;.\n'
    '4;"GM0546    ";"2025MM02";"Voorlopig";88;12;.;.\n'
)


def test_period_codes():
    assert parse_period("2024JJ00") == ("2024JJ00", 2024, None, None)
    assert parse_period(" 2024MM03 ") == ("2024MM03", 2024, 3, None)
    assert parse_period("2024KW01") == ("2024KW01", 2024, None, None)
    # StatLine shows a provisional year as 2024* and a nader voorlopig one as 2024**
    assert parse_period("2024*") == ("2024JJ00", 2024, None, "Voorlopig")
    assert parse_period("2024**")[3] == "Nader voorlopig"
    assert parse_period("2024MM13") is None and parse_period("twintig") is None


def test_statline_quirks():
    parsed = parse_statline(DOWNLOAD)
    assert parsed.errors == []
    leiden = [f for f in parsed.figures if f.region == "GM0546"]  # padding stripped
    assert {(f.period, f.measure, f.value, f.status) for f in leiden if f.year == 2023} == {
        ("2023JJ00", "nieuwbouw", 1874, "Definitief"),
        ("2023JJ00", "sloop", 142, "Definitief"),
        ("2023JJ00", "overige_onttrekking", 25, "Definitief"),
    }  # EindstandVoorraad is not a measure of the check: left out
    march = [f for f in leiden if f.period == "2025MM01"]
    assert {(f.measure, f.value, f.month) for f in march} == {
        ("nieuwbouw", 61, 1), ("sloop", 0, 1), ("overige_onttrekking", None, 1)}  # fmt: skip
    # comma-separated without a status column works too; the status is then unknown
    plain = parse_statline("RegioS,Perioden,Nieuwbouw_2\nGM0546    ,2022JJ00,1436\n")
    assert [(f.region, f.value, f.status) for f in plain.figures] == [("GM0546", 1436, None)]


def test_statline_problems_name_row_and_column():
    text = (
        '"RegioS";"Perioden";"Status";"Nieuwbouw_2"\n'
        '"GM0546";"2024";"Definitief";10\n'
        '"GM0546";"2024XX01";"Definitief";10\n'
        '"GM0546";"2024JJ00";"Ongeveer";10\n'
        '"GM0546";"2023JJ00";"Definitief";veel\n'
    )
    errors = [(e.row, e.column) for e in parse_statline(text).errors]
    assert errors == [(3, "Perioden"), (4, "Status"), (5, "Nieuwbouw_2")]
    header = parse_statline('"Regio";"Jaar";"Nieuwbouw_2"\n').errors
    assert [(e.row, e.column) for e in header] == [(1, "Perioden")]


def test_the_shipped_snapshot_is_read_without_network():
    text, meta = snapshot()
    assert (meta["table_id"], meta["region"], meta["licence"]) == (
        "86098NED",
        "GM0546",
        "CC BY 4.0",
    )
    assert meta["retrieved"] and meta["invented"] is True  # no CBS access here: marked so
    parsed = parse_statline(text)
    assert parsed.errors == []
    new_2023 = [
        f.value for f in parsed.figures if f.period == "2023JJ00" and f.measure == "nieuwbouw"
    ]
    assert new_2023 == [1874]
    assert "VERZONNEN" in source_text(meta) and source_text(meta).startswith("Bron: CBS 86098NED")


def test_import_all_or_nothing_and_updates_a_status(reg):
    bad = DOWNLOAD + '5;"GM0546    ";"2025XX03";"Voorlopig";1;1;1;1\n'
    result = reg.import_cbs(bad, table_id="86098NED", meta={})
    assert not result.applied and [(e.row, e.column) for e in result.errors] == [(7, "Perioden")]
    assert reg.cbs_by_year()[0] == {}
    result = reg.import_cbs(DOWNLOAD, table_id="86098NED", meta={"retrieved": "2026-12-01"})
    # 5 rows × 3 measures = 15 figures
    assert (result.applied, result.created) == (True, 15)
    again = reg.import_cbs(DOWNLOAD.replace("Nader voorlopig", "Definitief"), table_id="86098NED",
                           meta={"retrieved": "2026-12-01"})  # fmt: skip
    # 2024's three figures became final; the other twelve are unchanged
    assert (again.created, again.updated, again.unchanged) == (0, 3, 12)


def test_cbs_per_year_months_and_status(reg):
    reg.import_cbs(DOWNLOAD, table_id="86098NED", meta={"retrieved": "2026-12-01"})
    years, source = reg.cbs_by_year()
    assert source["table_id"] == "86098NED" and source["retrieved"] == "2026-12-01"
    assert set(years) == {2023, 2024, 2025}  # GM0363 (Amsterdam) is not ours
    # 2025 has only months: nieuwbouw 61 + 88 = 149 over 2 months, sloop 0 + 12 = 12
    assert years[2025] == {"nieuwbouw": 149, "sloop": 12, "status": "Voorlopig", "months": 2}
    assert years[2024]["status"] == "Nader voorlopig" and years[2024]["months"] is None
    # the least final status of a year's months is the year's
    reg.import_cbs('"RegioS";"Perioden";"Status";"Nieuwbouw_2"\n"GM0546";"2022MM11";'
                   '"Voorlopig";5\n"GM0546";"2022MM12";"Definitief";7\n', table_id="86098NED",
                   meta={})  # fmt: skip
    assert reg.cbs_by_year()[0][2022] == {"nieuwbouw": 12, "status": "Voorlopig", "months": 2}
    # a year's own figure wins over its months
    reg.import_cbs('"RegioS";"Perioden";"Status";"Nieuwbouw_2"\n"GM0546";"2025JJ00";'
                   '"Voorlopig";960\n', table_id="86098NED", meta={})  # fmt: skip
    assert reg.cbs_by_year()[0][2025] == {"nieuwbouw": 960, "status": "Voorlopig", "months": None}


def test_register_against_cbs_per_year(reg):
    reg.import_cbs(DOWNLOAD, table_id="86098NED", meta={"retrieved": "2026-12-01"})
    reg.create(name="A", phase="opgeleverd", delivery_year=2023, phase_since="2023-06-01",
               homes_sociale_huur=1500, out_sloop_sociale_huur=100)  # fmt: skip
    check = reg.progress()["cbs"]
    row = next(r for r in check["rows"] if r["year"] == 2023)
    # register 1,500 gross (net 1,400); CBS nieuwbouw 1,874, net 1,874 − 142 − 25 = 1,707;
    # difference register − CBS = 1,500 − 1,874 = −374
    assert (row["register"], row["register_net"], row["cbs"], row["cbs_net"], row["diff"]) == (
        1500, 1400, 1874, 1707, -374)  # fmt: skip
    assert row["status"] == "Definitief"


def test_cli_cbs_import(tmp_path, frozen):
    from test_woningbouw_cli import Obj

    path = tmp_path / "cbs.db"
    open_ws(path).close()
    (tmp_path / "statline.csv").write_text(DOWNLOAD, encoding="utf-8")
    result = CliRunner().invoke(
        woningbouw, ["cbs", "import", str(tmp_path / "statline.csv")], obj=Obj(path)
    )
    assert result.exit_code == 0, result.output
    assert "15 nieuw" in result.output and "Bron: CBS" in result.output
    (tmp_path / "fout.csv").write_text('"RegioS";"Perioden";"Nieuwbouw_2"\n"GM0546";"x";1\n')
    result = CliRunner().invoke(woningbouw, ["cbs", "import", str(tmp_path / "fout.csv")],
                                obj=Obj(path))  # fmt: skip
    assert result.exit_code == 1
    assert "rij 2, kolom Perioden: onbekende periode 'x'" in result.output
