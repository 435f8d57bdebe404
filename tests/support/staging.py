"""Tiny source files run through load and the staging layer, for the staging and load tests.

Files are written to a tmp folder and described as extract would (`landed` returns a LandedFile),
loaded with load_raw, then the staging layer is built by the real runner (`stage`).
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

from flows.load import load_raw
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR
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
    """Raw rows = staging rows + rejected rows (docs/sources.md#bad-rows-and-bad-files).

    A MARC raw table has one row per (sub)field: its rows are its distinct records."""
    what = "distinct (_source_file, _row)" if raw_table == "raw_reports" else "*"
    raw = rows(con, f"select count({what}) from raw.{raw_table}")[0][0]
    kept = rows(con, f"select count(*) from staging.{stg_table}")[0][0]
    lost = rows(con, f"select count(*) from staging.rejects where dataset = '{dataset}'")[0][0]
    assert raw == kept + lost, (raw, kept, lost)


# communications: the contract's header and one letter, every cell overridable (docs/sources.md#communications)
COMMUNICATIONS_HEADER = [
    "gId",
    "Date",
    "Type",
    "Ref. no.",
    "Country",
    "Non-State actors",
    "Mandates",
    "Summary",
    "UN Region",
    "OHCHR Region",
    "Nb. of alleged victims",
    "Nb. of alleged victims (women)",
    "Tags",
]
WEOG, APG = "Western European and other States", "Asia-Pacific States"


def letter(
    gid,
    when="10 Mar 2023",
    kind="AL",
    ref=None,
    country="France",
    actors="",
    mandates="SR housing",
    region=WEOG,
    victims="2",
    women="1",
    tags="",
):
    return [
        gid,
        when,
        kind,
        ref or f"FRA {gid}/2023",
        country,
        actors,
        mandates,
        "Summary",
        region,
        "Europe",
        victims,
        women,
        tags,
    ]


HEADER = COMMUNICATIONS_HEADER
