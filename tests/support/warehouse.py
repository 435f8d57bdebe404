"""Warehouses for tests: build one from a source root with the pipeline's own steps (no Prefect,
no GX), and read the figures of a built or published one.

    db = build_warehouse(root, tmp_path / "wh", year=2023, cutoff=date(2023, 6, 30))
    figures(db, 2023)  # {figure id: value or None}

Extract (land), load and the SQL of both layers, as the flow runs them; the quality checks and
publishing are the flow's, tested elsewhere. One build per (root, year, cutoff) is enough for
any number of tests: share it through a session or module fixture.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from flows import load, transform
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR
from flows.sources import SourceRoot, land_all

RUN_ID = "test-warehouse"


def build_warehouse(root: Path, folder: Path, *, year: int, cutoff: date | None = None) -> Path:
    """Land, load and transform `root` into `folder`/spfacts.duckdb; return the database path."""
    folder.mkdir(parents=True, exist_ok=True)
    variables = {
        "report_year": year,
        "cutoff_date": cutoff or date(year, 12, 31),
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": RUN_ID,
    }
    with SourceRoot.open(str(root)) as source:
        landed = land_all(source, folder / "raw")
    database = folder / "spfacts.duckdb"
    with duckdb.connect(str(database)) as con:
        load.load_raw(con, landed, RUN_ID)
        for layer in transform.LAYERS:
            transform.run_layer(con, layer, variables)
    return database


def figures(database: Path, year: int) -> dict[str, str | None]:
    """{figure id: value as published, or None when not computed} of one year of facts_and_figures."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute("select figure_id, value from marts.facts_and_figures where year = ?", [year]).fetchall()
    return dict(rows)


def rejects(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select * from staging.rejects").fetchall()


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
