"""Columns a root declares unknown (an imported export lacks them, docs/imports.md): empty is no defect
there, and only there; the figures that need them are null."""

from __future__ import annotations

from datetime import date

import duckdb

from flows.load import load_raw
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR
from flows.transform import run_layer
from tests.support.staging import HEADER, YEAR, csv_text, landed, letter, mandates_file, rejects, rows

DECLARED = [
    ("communications", "Nb. of alleged victims (women)"),
    ("communications", "Non-State actors"),
    ("communications", "Tags"),
    ("replies", "Substantive"),
]
LETTERS = [
    letter("1", women=""),
    letter("2", ref="OTH 1/2023", country="Other", region="", women=""),
    letter("3", women="x"),  # 3: a value that is given must still parse
    letter("4"),
]
REPLIES = [["100", "FRA 4/2023", "05 Apr 2023", "", ""], ["101", "FRA 4/2023", "06 Apr 2023", "", "maybe"]]


def build(tmp_path, unknown) -> duckdb.DuckDBPyConnection:
    files = [
        mandates_file(tmp_path),
        landed(tmp_path, "communications", "c.csv", csv_text(HEADER, LETTERS)),
        landed(
            tmp_path, "replies", "r.csv", csv_text(["Reply gId", "Ref. no.", "Date", "From", "Substantive"], REPLIES)
        ),
    ]
    con = duckdb.connect()
    load_raw(con, files, "test-run", unknown)
    variables = {
        "report_year": YEAR,
        "cutoff_date": date(YEAR, 12, 31),
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": "test-run",
    }
    run_layer(con, "staging", variables)
    run_layer(con, "marts", variables)
    return con


def test_declared_unknown_columns_may_be_empty_and_their_figures_are_null(tmp_path):
    con = build(tmp_path, DECLARED)
    got = rows(con, "select ref_no, victims_women_count, non_state_actors from staging.stg_communications order by 1")
    assert got == [("FRA 1/2023", None, []), ("FRA 4/2023", 1, []), ("OTH 1/2023", None, [])]
    assert {r: reason for r, (_, reason, _) in rejects(con, "communications").items()} == {
        3: "Nb. of alleged victims (women) is not a whole number"
    }
    assert rows(con, "select reply_id, is_substantive from staging.stg_replies") == [(100, None)]
    assert {r: col for r, (col, _, _) in rejects(con, "replies").items()} == {2: "Substantive"}
    facts = dict(rows(con, f"select figure_id, value from marts.facts_and_figures where year = {YEAR}"))
    for unknown in ("communications.individuals_women", "communications.non_state_actors", "reprisals.communications",
                    "reprisals.states", "reprisals.non_state_actors", "replies.received_substantive",
                    "replies.to_year_communications_substantive", "replies.response_rate_pct"):  # fmt: skip
        assert facts[unknown] is None, unknown
    assert (facts["communications.sent"], facts["communications.individuals"], facts["replies.received"]) == (
        "3",
        "6",
        "1",
    )
    assert rows(con, "select count(distinct figure_id) from marts.mart_unknown_figures") == [(8,)]


def test_without_the_declaration_the_same_empty_cells_are_rejects(tmp_path):
    con = build(tmp_path, [])
    assert {r: col for r, (col, _, _) in rejects(con, "communications").items()} == {
        1: "Nb. of alleged victims (women)",
        2: "Non-State actors",
        3: "Nb. of alleged victims (women)",
    }
    assert {r: col for r, (col, _, _) in rejects(con, "replies").items()} == {1: "Substantive", 2: "Substantive"}
    assert rows(con, "select count(*) from marts.mart_unknown_figures") == [(0,)]
