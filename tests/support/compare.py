"""Compare what two runs left: every table, row by row, and the landing zone, file by file.

Columns that differ between two honest runs of the same sources are left out: the run id, the
time a file was fetched, where it was landed (the warehouse folder) and whether it was reused.
A LIST cell is compared as a sorted list: `list(distinct ...)` gives its elements in no set order.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

RUN_COLUMNS = {"run_id", "_run_id", "fetched_at", "landed_path", "reused"}


def table_rows(database: Path) -> dict[str, list[tuple]]:
    """{schema.table: sorted rows} of every table, without the run-dependent columns."""
    out: dict[str, list[tuple]] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where not temporary order by all"
        ).fetchall()
        for schema, table in tables:
            columns = [
                name
                for name, kind in con.execute(
                    "select column_name, data_type from duckdb_columns() "
                    "where schema_name = ? and table_name = ? order by column_index",
                    [schema, table],
                ).fetchall()
                if name not in RUN_COLUMNS and not kind.startswith("TIMESTAMP")
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'select {select} from "{schema}"."{table}"').fetchall()
            out[f"{schema}.{table}"] = sorted((tuple(map(_cell, row)) for row in rows), key=repr)
    return out


def landing_zone(raw_dir: Path) -> dict[str, str]:
    """{path under raw/: sha256} of every landed data file (sidecars hold fetch times: names only)."""
    return {
        str(p.relative_to(raw_dir)): "" if p.name.endswith(".provenance.json") else _sha(p)
        for p in sorted(Path(raw_dir).rglob("*"))
        if p.is_file()
    }


def leftovers(warehouse: Path) -> list[Path]:
    """Files a dead run may leave: builds, their WALs, temporaries of the landing zone."""
    return sorted([*warehouse.glob(".build-*"), *warehouse.glob("[0-9]*/.build-*"), *warehouse.glob("raw/*/.*.tmp")])


def _cell(value: object) -> object:
    return sorted(value, key=repr) if isinstance(value, list) else value


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
