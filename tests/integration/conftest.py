"""Whole-flow fixtures: a Prefect test server for the session, and helpers to read a warehouse.

Prefect runs against a temporary API server of its own (prefect_test_harness), with its home in
a temporary folder, so the tests never touch the developer's `.prefect/` and need no network.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "snapshots" / "ohchr-2023"


@pytest.fixture(scope="session", autouse=True)
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.testing.utilities import prefect_test_harness

    # 90 s: the default 20 s is tight for a first start on two cores (STACK.md)
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def snapshot_run(prefect_server: None, tmp_path_factory: pytest.TempPathFactory):
    """One run of the flow on the bundled snapshot for the whole session; tests only read it
    (a test that changes a warehouse works on a copy of `snapshot_run.database_path`)."""
    from flows.pipeline import annual_report

    warehouse = tmp_path_factory.mktemp("snapshot-run")
    return annual_report(year=2023, source=str(SNAPSHOT), warehouse=str(warehouse))


@pytest.fixture
def snapshot_copy(tmp_path: Path) -> Path:
    """A copy of the bundled snapshot that a test may damage."""
    return Path(shutil.copytree(SNAPSHOT, tmp_path / "root"))


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
