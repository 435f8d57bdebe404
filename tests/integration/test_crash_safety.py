"""A run killed with SIGKILL at any stage, then run again, leaves what one clean run leaves; a
reader holding the published file never blocks a run (issue 8, acceptance 3).

The killed run is `spfacts run` in its own process group, paused at a named point by the test
hook (flows/testhooks.py), then killed with SIGKILL. The clean rerun happens in this process.
Every table of the result is compared with a clean run's (one, shared by the module), without
the columns that name the run or its times (tests/support/compare.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.lock import history
from flows.pipeline import annual_report
from tests.support.cli import cli_env, start_cli
from tests.support.compare import landing_zone, leftovers, table_rows
from tests.support.repo import SNAPSHOT

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse folder of one clean run on the bundled snapshot."""
    warehouse = tmp_path_factory.mktemp("clean")
    annual_report(year=2023, source=str(SNAPSHOT), warehouse=str(warehouse))
    return warehouse


@pytest.fixture(scope="module")
def api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kill_at(stage: str, warehouse: Path, tmp_path: Path, api_url: str) -> str:
    """Run `spfacts run` until it pauses at `stage`, then SIGKILL its process group; its output."""
    marker = tmp_path / f"paused-{stage}"
    env = cli_env(
        tmp_path / "prefect",
        api_url,
        SPFACTS_TEST_PAUSE_AT=stage,
        SPFACTS_TEST_PAUSE_MARKER=str(marker),
    )
    process = start_cli(["run", "--source", str(SNAPSHOT), "--warehouse", str(warehouse)], env)
    try:
        deadline = time.monotonic() + 400
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), f"the run never paused at {stage}:\n{process.stdout.read() if process.poll() else ''}"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    return output


@pytest.mark.parametrize("stage", ["fetch", "load", "quality", "publish"])
def test_a_run_killed_then_run_again_leaves_what_a_clean_run_leaves(stage, clean, tmp_path, api_url):
    warehouse = tmp_path / "wh"
    database = warehouse / "2023" / "spfacts.duckdb"  # the report year's folder (docs/operations.md)
    database.parent.mkdir(parents=True)
    shutil.copy(clean / "2023" / "spfacts.duckdb", database)  # the last good warehouse
    published = _digest(database)

    _kill_at(stage, warehouse, tmp_path, api_url)

    assert _digest(database) == published  # the old file, whole
    left = leftovers(warehouse)
    if stage == "fetch":  # a landed file written to its temporary name, never under its own
        assert any(p.name.endswith(".tmp") for p in left), left
    else:  # the dead run's build
        assert any(p.name.startswith(".build-") for p in left), left

    reader = _reader(database) if stage == "publish" else None
    result = annual_report(year=2023, source=str(SNAPSHOT), warehouse=str(warehouse))
    assert leftovers(warehouse) == []
    assert table_rows(result.database_path) == table_rows(clean / "2023" / "spfacts.duckdb")
    assert landing_zone(warehouse / "raw") == landing_zone(clean / "raw")
    assert result.figures.matched == len(result.figures.checked) == 78
    acquired = [h["run_id"] for h in history(warehouse) if h["event"] == "acquired"]
    released = [h["run_id"] for h in history(warehouse) if h["event"] == "released"]
    assert len(acquired) == 2 and released == [result.run_id]  # the killed run never released: the kernel did
    if reader is not None:
        _reader_keeps_its_snapshot(reader, database, result.run_id)


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
run = lambda: con.execute("select distinct run_id from raw.raw_manifest").fetchall()
print(run(), flush=True)
sys.stdin.readline()  # the test publishes meanwhile
print(run(), flush=True)
"""


def _reader(database: Path) -> subprocess.Popen:
    """Another process with the published warehouse open read-only until told to read again."""
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(database)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    reader.first = reader.stdout.readline().strip()  # type: ignore[attr-defined]
    assert reader.first.startswith("[('"), reader.first  # type: ignore[attr-defined]
    return reader


def _reader_keeps_its_snapshot(reader: subprocess.Popen, database: Path, new_run: str) -> None:
    output, _ = reader.communicate("go\n", timeout=60)
    assert reader.returncode == 0
    assert output.strip() == reader.first  # type: ignore[attr-defined]  # its snapshot: the old run
    assert new_run not in reader.first  # type: ignore[attr-defined]
    fresh = subprocess.run(
        [sys.executable, "-c", READER, str(database)], input="\n", capture_output=True, text=True, timeout=60
    )
    assert fresh.stdout.splitlines()[0] == f"[('{new_run}',)]"  # a new reader sees the new file
