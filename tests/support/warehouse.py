"""Read a published warehouse after a whole-flow run: the figures and their reconciliation."""

from __future__ import annotations

from pathlib import Path

import duckdb


def facts(database: Path, year: int | None = None) -> dict[tuple[int, str], str]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select year, figure_id, value from marts.facts_and_figures where ? is null or year = ?", [year, year]
        ).fetchall()
    return {(y, f): v for y, f, v in rows}


def statuses(database: Path, year: int) -> dict[str, str]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select figure_id, status from marts.reconciliation where year = ?", [year]).fetchall()
    return dict(rows)
