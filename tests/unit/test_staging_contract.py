"""The staging layer as a whole: tables and types follow _staging.yml, reference tables load.

Also the helpers the other test_staging_*.py modules import: tiny source files written to a tmp
folder, loaded with load_raw as LandedFile objects, then the staging layer run by the runner.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

from flows.load import load_raw
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, SQL_DIR
from flows.sources.models import LandedFile, ManifestEntry
from flows.transform import run_layer

YEAR = 2023
MANDATES_HEADER = ["Mandate", "Title", "Type", "Kind", "Country ISO3", "Established", "Resolution", "Ended"]
# A few mandates most datasets refer to.
MANDATES = [
    [
        "SR housing",
        "Special Rapporteur on adequate housing",
        "Thematic",
        "Special Rapporteur",
        "",
        "17 Apr 2000",
        "2000/9",
        "",
    ],
    ["SR Iran", "Special Rapporteur on Iran", "Country", "Special Rapporteur", "IRN", "24 Mar 2011", "16/9", ""],
    [
        "WG arbitrary detention",
        "Working Group on Arbitrary Detention",
        "Thematic",
        "Working Group",
        "",
        "05 Mar 1991",
        "1991/42",
        "",
    ],
]


def csv_text(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def count_rows(content: bytes, fmt: str) -> int:
    text = content.decode("utf-8-sig")
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(text)))) - 1
    if fmt == "jsonl":
        return sum(1 for line in text.splitlines() if line.strip())
    if fmt == "json":
        return len(json.loads(text))
    return len(re.findall(r"<(?:\w+:)?record[\s>]", text))


def landed(
    folder: Path,
    dataset: str,
    name: str,
    content: str | bytes,
    fmt: str = "csv",
    year: int | None = YEAR,
    part: int = 1,
    rows: int | None = None,
) -> LandedFile:
    """Write `content` as a landed file and describe it as extract would."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    path = folder / f"{dataset}-{name}"
    path.write_bytes(data)
    entry = ManifestEntry(
        dataset=dataset,
        year=year,
        part=part,
        path=f"{dataset}/{name}",
        format=fmt,
        rows=count_rows(data, fmt) if rows is None else rows,
        bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return LandedFile(
        entry=entry, path=path, source_url=f"file://{path}", fetched_at="2024-01-31T00:00:00Z", reused=False
    )


def mandates_file(folder: Path, extra: list[list[str]] | None = None) -> LandedFile:
    return landed(folder, "mandates", "mandates.csv", csv_text(MANDATES_HEADER, MANDATES + (extra or [])), year=None)


def connect() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def stage(files: list[LandedFile]) -> duckdb.DuckDBPyConnection:
    """Load the files into raw and build the staging layer with the runner."""
    con = connect()
    load_raw(con, files, "test-run")
    run_layer(
        con,
        "staging",
        {
            "report_year": YEAR,
            "cutoff_date": date(YEAR, 12, 31),
            "reference_dir": str(REFERENCE_DIR),
            "published_dir": str(PUBLISHED_DIR),
            "run_id": "test-run",
        },
    )
    return con


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def rejects(con: duckdb.DuckDBPyConnection, dataset: str) -> dict[int, tuple[str, str, str | None]]:
    """{row number: (column, reason, value)} of one dataset's rejected rows."""
    found = rows(
        con,
        "select row_number, column_name, reason, value from staging.rejects "
        f"where dataset = '{dataset}' order by row_number",
    )
    return {r[0]: (r[1], r[2], r[3]) for r in found}


def assert_balanced(con: duckdb.DuckDBPyConnection, raw_table: str, stg_table: str, dataset: str) -> None:
    """Raw rows = staging rows + rejected rows (SOURCES.md: nothing is dropped silently).

    A MARC raw table has one row per (sub)field: its rows are its distinct records."""
    what = "distinct (_source_file, _row)" if raw_table == "raw_reports" else "*"
    raw = rows(con, f"select count({what}) from raw.{raw_table}")[0][0]
    kept = rows(con, f"select count(*) from staging.{stg_table}")[0][0]
    lost = rows(con, f"select count(*) from staging.rejects where dataset = '{dataset}'")[0][0]
    assert raw == kept + lost, (raw, kept, lost)


# --- tests of the layer as a whole -------------------------------------------------------------


def test_every_table_matches_the_yml_contract_even_with_no_source_rows():
    con = stage([])
    spec = yaml.safe_load((SQL_DIR / "staging" / "_staging.yml").read_text(encoding="utf-8"))["tables"]
    for table, table_spec in spec.items():
        actual = {name: kind for name, kind, *_ in rows(con, f"describe staging.{table}")}
        expected = {name: col["type"] for name, col in table_spec["columns"].items()}
        assert actual == expected, table
    sql_files = {p.stem for p in (SQL_DIR / "staging").glob("*.sql")}
    assert sql_files == set(spec) - {"rejects"}


def test_every_model_that_reads_raw_names_its_dataset():
    for path in (SQL_DIR / "staging").glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        if "raw.raw_" in text:
            assert re.search(r"^-- dataset: [a-z-]+$", text, re.MULTILINE), path.name


def test_reference_tables_come_from_the_reference_folder():
    con = stage([])
    assert rows(con, "select count(*) from staging.stg_regional_groups")[0][0] == 5
    fra = rows(
        con, "select name_en, is_member_state, regional_group, group_code from staging.stg_countries where iso3 = 'FRA'"
    )
    assert fra == [("France", True, "Western European and other States", "western_european_other")]
    # territories have no group; observers are not Member States
    assert (
        rows(
            con,
            "select count(*) from staging.stg_countries where un_status = 'Territory' and regional_group is not null",
        )[0][0]
        == 0
    )
    assert rows(con, "select is_member_state from staging.stg_countries where iso3 = 'PSE'") == [(False,)]
    years = rows(con, "select distinct year from staging.stg_published_figures")
    assert years == [(2023,)]
    assert (
        rows(con, "select count(*) from staging.stg_published_figures where figure_id is null or paragraph is null")[0][
            0
        ]
        == 0
    )
