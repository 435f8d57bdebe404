"""Tiny inline staging data for the marts tests.

The staging tables are created empty from sql/staging/_staging.yml (the contract, so the column
names and types are exactly what the staging SQL must produce), then filled row by row from dicts;
a column left out of a dict is null. The marts then run through the real runner.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb
import yaml

from flows.settings import REFERENCE_DIR, SQL_DIR
from flows.transform import run_layer

# the staging tables that hold a reference CSV as it is, filled from flows/reference
REFERENCE_TABLES = {
    "stg_theme_codes": "theme_codes.csv",
    "stg_document_types": "document_types.csv",
    "stg_visit_statuses": "visit_statuses.csv",
    "stg_state_concerned": "state_concerned.csv",
}

REGIONAL_GROUPS = [
    ("african", "African States", "非洲国家"),
    ("asia_pacific", "Asia-Pacific States", "亚洲—太平洋国家"),
    ("eastern_european", "Eastern European States", "东欧国家"),
    ("latin_american_caribbean", "Latin American and Caribbean States", "拉丁美洲和加勒比国家"),
    ("western_european_other", "Western European and other States", "西欧和其他国家"),
]


def staging_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory database with every staging table of the contract, empty but for the groups
    and the value lists of flows/reference (REFERENCE_TABLES)."""
    con = duckdb.connect()
    con.execute("create schema staging")
    tables = yaml.safe_load((SQL_DIR / "staging" / "_staging.yml").read_text(encoding="utf-8"))["tables"]
    for name, spec in tables.items():
        columns = ", ".join(f'"{col}" {c["type"]}' for col, c in spec["columns"].items())
        con.execute(f"create table staging.{name} ({columns})")
    insert(
        con,
        "stg_regional_groups",
        [{"group_code": c, "regional_group": n, "name_zh": z} for c, n, z in REGIONAL_GROUPS],
    )
    for table, name in REFERENCE_TABLES.items():
        con.execute(
            f"insert into staging.{table} by name select * from read_csv(?, header = true)", [str(REFERENCE_DIR / name)]
        )
    return con


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    """Append rows to staging.<table>; columns not given are null."""
    for row in rows:
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        con.execute(f"insert into staging.{table} ({cols}) values ({marks})", list(row.values()))


def country(iso3: str, name: str, group: str | None = "African States", status: str = "Member State") -> dict[str, Any]:
    codes = {n: c for c, n, _ in REGIONAL_GROUPS}
    return {
        "iso3": iso3,
        "name_en": name,
        "name_zh": name,
        "un_status": status,
        "is_member_state": status == "Member State",
        "regional_group": group,
        "group_code": codes.get(group),
    }


def run_marts(con: duckdb.DuckDBPyConnection, year: int = 2023, cutoff: date | None = None) -> list[str]:
    return run_layer(
        con,
        "marts",
        {"report_year": year, "cutoff_date": cutoff or date(year, 12, 31), "reference_dir": "unused", "run_id": "test"},
    )


def figures(con: duckdb.DuckDBPyConnection, year: int = 2023) -> dict[str, str | None]:
    """figure_id -> value of marts.facts_and_figures for one year."""
    return dict(con.execute("select figure_id, value from marts.facts_and_figures where year = ?", [year]).fetchall())


def d(text: str) -> date:
    return date.fromisoformat(text)
