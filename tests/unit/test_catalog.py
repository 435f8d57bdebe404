"""`spfacts tables`, `describe` and `sql` on small warehouses built here: what a person and a program read.

Each behaviour is checked through the CLI (flows.cli.main), output parsed back; the closed pipe and
the run-in-progress cases run the real console entry in a subprocess.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from rich.cells import cell_len

from flows.catalog import error_line
from flows.cli import main
from flows.publish import connect_build, publish
from flows.readme_queries import examples, from_bundled_snapshot

REPO = Path(__file__).resolve().parents[2]
ROWS = 120


def build_warehouse(folder: Path, label: str = "first") -> Path:
    """Three schemas, COMMENTs, a name found in two schemas, decimals, nulls, lists and Chinese text."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "spfacts.duckdb"
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for schema in ("raw", "staging", "marts"):
            con.execute(f"create schema {schema}")
        con.execute(
            f"""create table marts.mart_things as select
                2000 + i as year, 'thing ' || i as name, (i * 1.25)::decimal(18,2) as share_pct,
                i % 2 = 0 as is_even, case when i % 3 = 0 then null else '国别任务' end as label_zh,
                ['a', 'b|c'] as items, '{label}' as label
            from range({ROWS}) t(i)"""
        )
        con.execute("comment on table marts.mart_things is 'Things per year, for the catalog tests.'")
        con.execute("comment on column marts.mart_things.share_pct is 'share of the things, rounded half up'")
        con.execute("comment on column marts.mart_things.label_zh is 'Chinese label'")
        con.execute("create table marts.facts_and_figures as select 2023 as year, 'x' as figure_id")
        con.execute("comment on table marts.facts_and_figures is 'The figures.'")
        con.execute("create table staging.stg_things as select 1 as thing_id")
        con.execute("comment on table staging.stg_things is 'Staged things.'")
        for schema in ("staging", "marts"):
            con.execute(f"create table {schema}.notes as select 'n' as note")
        con.execute("create table raw.raw_manifest as select 'abc' as sha256")
        con.execute("comment on table raw.raw_manifest is 'manifest entries'")
    return folder


@pytest.fixture
def wh(tmp_path: Path) -> Path:
    build_warehouse(tmp_path / "warehouse" / "2023")  # a report year's folder (docs/operations.md)
    return tmp_path / "warehouse"


def cli(capsys, *args: str, columns: int = 100, monkeypatch=None) -> tuple[int, str, str]:
    os.environ["COLUMNS"] = str(columns)
    try:
        status = main(list(args))
    finally:
        del os.environ["COLUMNS"]
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.strip()


# --- tables and describe ----------------------------------------------------------------------


def test_tables_lists_schema_table_rows_description_in_layer_order(wh, capsys):
    status, out, _ = cli(capsys, "tables", "--warehouse", str(wh), "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["schema"], r["table"]) for r in rows] == [
        ("raw", "raw_manifest"),
        ("staging", "notes"),
        ("staging", "stg_things"),
        ("marts", "facts_and_figures"),
        ("marts", "mart_things"),
        ("marts", "notes"),
    ]
    things = next(r for r in rows if r["table"] == "mart_things")
    assert things["rows"] == str(ROWS)
    assert things["description"] == "Things per year, for the catalog tests."


def test_tables_of_one_schema_and_an_unknown_schema(wh, capsys):
    status, out, _ = cli(capsys, "tables", "marts", "--warehouse", str(wh))
    assert status == 0
    assert "mart_things" in out and "stg_things" not in out
    status, _, err = cli(capsys, "tables", "mart", "--warehouse", str(wh))
    assert status == 1
    assert one_line_error(err) == "spfacts: no schema mart in the warehouse; it has marts, raw, staging"


def test_tables_wraps_descriptions_at_words_within_the_terminal(wh, capsys):
    status, out, _ = cli(capsys, "tables", "--warehouse", str(wh), columns=50)
    assert status == 0
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 50
    words = set("Things per year, for the catalog tests.".split())
    wrapped = [w for line in lines if line.startswith(" ") for w in line.split()]
    assert wrapped and set(wrapped) <= words | {"entries", "figures.", "things."}


@pytest.mark.parametrize("name", ["marts.mart_things", "mart_things", "MARTS.Mart_Things", '"marts"."mart_things"'])
def test_describe_shows_columns_types_and_their_comments(wh, capsys, name):
    status, out, _ = cli(capsys, "describe", name, "--warehouse", str(wh))
    assert status == 0
    assert out.splitlines()[:2] == [
        f"marts.mart_things (table, {ROWS} rows)",
        "Things per year, for the catalog tests.",
    ]
    share = next(line for line in out.splitlines() if line.startswith("share_pct"))
    assert share.split() == ["share_pct", "DECIMAL(18,2)", "share", "of", "the", "things,", "rounded", "half", "up"]


def test_describe_as_json(wh, capsys):
    status, out, _ = cli(capsys, "describe", "mart_things", "--warehouse", str(wh), "--format", "json")
    assert status == 0
    columns = {c["column"]: c for c in json.loads(out)}
    assert columns["label_zh"] == {"column": "label_zh", "type": "VARCHAR", "description": "Chinese label"}
    assert columns["year"]["description"] == ""


def test_an_unknown_table_suggests_close_names(wh, capsys):
    status, _, err = cli(capsys, "describe", "mart_thing", "--warehouse", str(wh))
    assert status == 1
    line = one_line_error(err)
    assert line.startswith("spfacts: no table mart_thing in the warehouse; did you mean marts.mart_things")
    assert "`spfacts tables` lists them" in line
    status, _, err = cli(capsys, "describe", "nothing_like_it", "--warehouse", str(wh))
    assert status == 1
    assert "did you mean" not in one_line_error(err)


def test_a_name_in_two_schemas_must_be_qualified(wh, capsys):
    status, _, err = cli(capsys, "describe", "notes", "--warehouse", str(wh))
    assert status == 1
    assert one_line_error(err) == "spfacts: notes is in several schemas (staging.notes, marts.notes); name one of them"
    assert cli(capsys, "describe", "staging.notes", "--warehouse", str(wh))[0] == 0


@pytest.mark.parametrize("command", [["tables"], ["describe", "x"], ["sql", "select 1"]])
def test_a_missing_warehouse_is_one_line(tmp_path, capsys, command):
    status, _, err = cli(capsys, *command, "--warehouse", str(tmp_path))
    assert status == 1
    assert (
        one_line_error(err)
        == f"spfacts: no warehouse at {tmp_path / '2023' / 'spfacts.duckdb'}; run `spfacts run` first"
    )


# --- sql: formats -----------------------------------------------------------------------------

QUERY = "select year, name, share_pct, is_even, label_zh, items from marts.mart_things order by year limit 4"


def test_csv_parses_back_to_the_values(wh, capsys):
    status, out, err = cli(capsys, "sql", QUERY, "--format", "csv", "--warehouse", str(wh))
    assert (status, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["year", "name", "share_pct", "is_even", "label_zh", "items"]
    assert rows[1] == ["2000", "thing 0", "0.00", "true", "", "[a, b|c]"]
    assert rows[2] == ["2001", "thing 1", "1.25", "false", "国别任务", "[a, b|c]"]
    assert len(rows) == 5


def test_json_parses_back_to_typed_values(wh, capsys):
    status, out, _ = cli(capsys, "sql", QUERY, "--format", "json", "--warehouse", str(wh))
    assert status == 0
    rows = json.loads(out, parse_float=Decimal)
    assert len(rows) == 4
    assert rows[1] == {
        "year": 2001,
        "name": "thing 1",
        "share_pct": Decimal("1.25"),
        "is_even": False,
        "label_zh": "国别任务",
        "items": ["a", "b|c"],
    }
    assert rows[0]["label_zh"] is None


def test_an_empty_result_is_still_valid_json_csv_and_markdown(wh, capsys):
    empty = "select year from marts.mart_things where false"
    assert json.loads(cli(capsys, "sql", empty, "--format", "json", "--warehouse", str(wh))[1]) == []
    assert cli(capsys, "sql", empty, "--format", "csv", "--warehouse", str(wh))[1] == "year\n"
    assert cli(capsys, "sql", empty, "--format", "markdown", "--warehouse", str(wh))[1] == "| year |\n| ---: |\n"


def test_markdown_is_a_table_with_escaped_pipes_and_numbers_right_aligned(wh, capsys):
    status, out, _ = cli(capsys, "sql", QUERY, "--format", "markdown", "--warehouse", str(wh))
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2 + 4
    assert [c.strip() for c in lines[0].strip("|").split(" | ")] == [
        "year",
        "name",
        "share_pct",
        "is_even",
        "label_zh",
        "items",
    ]
    assert lines[1].startswith("| ---: | ----") and "--------: |" in lines[1]
    assert r"[a, b\|c]" in lines[2]
    assert len({cell_len(line) for line in lines}) == 1  # padded: also readable as plain text


def test_table_fits_the_terminal_truncating_wide_columns_not_words(wh, capsys):
    query = "select year, repeat(name || ' ', 12) as long_text, share_pct from marts.mart_things order by year"
    status, out, _ = cli(capsys, "sql", query, "--max-rows", "3", "--warehouse", str(wh), columns=60)
    assert status == 0
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert lines[0].split() == ["year", "long_text", "share_pct"]
    first = lines[2]
    assert first.startswith("2000  thing 0 thing 0") and "…" in first and first.endswith("0.00")
    assert len(lines) == 2 + 3 + 1  # header, rule, one line per row, the count: nothing wrapped


def test_table_too_wide_for_its_columns_turns_vertical(wh, capsys):
    status, out, _ = cli(
        capsys, "sql", "select * from marts.mart_things order by year", "--warehouse", str(wh), columns=40
    )
    assert status == 0
    lines = out.splitlines()
    assert max(cell_len(line) for line in lines) <= 40
    assert lines[0].startswith("── row 1 ")
    assert lines[1].split() == ["year", "2000"]
    assert "label_zh   国别任务" in out


def test_chinese_text_lines_up_in_terminal_cells(wh, capsys):
    status, out, _ = cli(capsys, "sql", "select label_zh, year from marts.mart_things limit 3", "--warehouse", str(wh))
    assert status == 0
    table = out.splitlines()[:-1]
    assert len({cell_len(line) for line in table}) == 1


# --- sql: rows left out, refusals, errors -------------------------------------------------------


def test_table_shows_50_rows_and_says_how_many_it_left_out(wh, capsys):
    status, out, _ = cli(capsys, "sql", "select year from marts.mart_things", "--warehouse", str(wh))
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == 2 + 50 + 1
    assert lines[-1] == f"{ROWS} rows, 50 shown; --max-rows 0 shows all"
    status, out, _ = cli(capsys, "sql", "select year from marts.mart_things", "--max-rows", "0", "--warehouse", str(wh))
    assert out.splitlines()[-1] == f"{ROWS} rows" and len(out.splitlines()) == 2 + ROWS + 1


def test_max_rows_cuts_csv_and_says_so_on_stderr(wh, capsys):
    status, out, err = cli(
        capsys,
        "sql",
        "select year from marts.mart_things",
        "--format",
        "csv",
        "--max-rows",
        "7",
        "--warehouse",
        str(wh),
    )
    assert status == 0
    assert len(list(csv.reader(io.StringIO(out)))) == 1 + 7
    assert one_line_error(err) == f"spfacts: {ROWS - 7} more rows not shown; --max-rows 0 shows all"
    status, out, err = cli(
        capsys, "sql", "select year from marts.mart_things", "--format", "csv", "--warehouse", str(wh)
    )
    assert (len(out.splitlines()), err) == (1 + ROWS, "")


@pytest.mark.parametrize("query", ["", "   ", ";", "-- only a comment"])
def test_an_empty_query_is_refused_in_one_line(wh, capsys, query):
    status, out, err = cli(capsys, "sql", query, "--warehouse", str(wh))
    assert (status, out) == (2, "")
    assert "empty" in one_line_error(err) or "no SQL statement" in err


def test_several_statements_are_refused_and_none_runs(wh, capsys):
    status, out, err = cli(capsys, "sql", "select 1; select 2", "--warehouse", str(wh))
    assert (status, out) == (2, "")
    assert one_line_error(err) == (
        "spfacts: the query holds 2 statements; spfacts sql runs one at a time, so run them one by one"
    )
    assert cli(capsys, "sql", "select 1;  -- one statement, a trailing semicolon", "--warehouse", str(wh))[0] == 0


@pytest.mark.parametrize(
    ("query", "start"),
    [
        ("select * from marts.nope", "spfacts: Catalog Error: Table with name nope does not exist!"),
        ("select yeer from marts.mart_things", 'spfacts: Binder Error: Referenced column "yeer" not found'),
        ("selec 1", 'spfacts: Parser Error: syntax error at or near "selec"'),
        ("create table marts.x as select 1", "spfacts: "),
    ],
)
def test_duckdb_errors_are_one_line(wh, capsys, query, start):
    status, out, err = cli(capsys, "sql", query, "--warehouse", str(wh))
    assert (status, out) == (1, "")
    assert one_line_error(err).startswith(start)


def test_the_warehouse_is_opened_read_only(wh, capsys):
    status, _, err = cli(capsys, "sql", "drop table marts.mart_things", "--warehouse", str(wh))
    assert status == 1 and "read-only" in err
    assert cli(capsys, "tables", "marts", "--warehouse", str(wh), "--format", "csv")[1].count("mart_things") == 1


def test_the_query_can_come_from_stdin(wh, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("select count(*) as n\nfrom marts.mart_things\n"))
    status, out, _ = cli(capsys, "sql", "-", "--format", "csv", "--warehouse", str(wh))
    assert (status, out) == (0, f"n\n{ROWS}\n")


def test_error_line_keeps_hints_and_drops_the_caret_excerpt():
    message = (
        'Catalog Error: Table with name foo does not exist!\nDid you mean "bar"?\n\nLINE 1: select * from foo\n   ^^^'
    )
    assert error_line(Exception(message)) == 'Catalog Error: Table with name foo does not exist! Did you mean "bar"?'


# --- sql in a real process: a closed pipe, a run in progress --------------------------------------


def spfacts(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


@pytest.mark.parametrize("fmt", ["csv", "table", "json", "markdown"])
def test_a_closed_pipe_ends_quietly_with_status_141(wh, fmt):
    command = shlex.join(
        spfacts("sql", "select * from range(300000)", "--format", fmt, "--max-rows", "0", "--warehouse", str(wh))
    )
    done = subprocess.run(
        ["bash", "-c", f'{command} | head -1; echo "status=${{PIPESTATUS[0]}}" >&2'],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.stderr == "status=141\n"  # nothing but the status: no traceback, no "Exception ignored"
    assert done.stdout.splitlines()[0].strip(" |") in {"range", "["}


def test_a_reader_keeps_its_snapshot_while_a_run_publishes(wh, tmp_path):
    database = wh / "2023" / "spfacts.duckdb"
    reader = duckdb.connect(str(database), read_only=True)  # a long query in progress
    try:
        build = build_warehouse(tmp_path / "build", label="second") / "spfacts.duckdb"
        publish(build, database)  # the run's os.replace does not wait for the reader
        assert reader.execute("select distinct label from marts.mart_things").fetchall() == [("first",)]
    finally:
        reader.close()
    done = subprocess.run(
        spfacts("sql", "select distinct label from marts.mart_things", "--format", "csv", "--warehouse", str(wh)),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert (done.returncode, done.stdout) == (0, "label\nsecond\n")


def test_a_run_building_its_warehouse_does_not_block_a_query(wh):
    build = connect_build(wh / ".build-20231231T000000Z-abcdef.duckdb")  # a run writing, not yet published
    try:
        build.execute("create table t as select 1 as x")
        done = subprocess.run(
            spfacts("sql", "select count(*) as n from marts.mart_things", "--format", "csv", "--warehouse", str(wh)),
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
    finally:
        build.close()
    assert (done.returncode, done.stdout, done.stderr) == (0, f"n\n{ROWS}\n", "")


# --- the README's example blocks ----------------------------------------------------------------


def test_readme_examples_are_found_between_their_markers():
    found = examples((REPO / "README.md").read_text("utf-8"))
    assert len(found) == 5
    assert all(e.sql.lower().startswith("select") and e.output.startswith("| ") for e in found)


def test_a_warehouse_not_built_from_the_bundled_snapshot_is_not_used_for_the_readme(wh):
    assert from_bundled_snapshot(wh) is False
