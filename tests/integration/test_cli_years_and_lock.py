"""`spfacts run` for a year without data, and two `spfacts run` at once on one warehouse (no server).

- A year no dataset covers: the run reads the manifest (the only request the source sees), never
  starts extract, and ends with one line naming the years each dataset covers (exit 6).
- Two runs at once: run A is held just before publishing, with the writer lock (the test hook of
  flows/testhooks.py); run B, told to wait 2 s, stops with one line naming the lock and its
  holder (exit 5); A then publishes. The warehouse ends as one clean run leaves it: 78/78, no build
  or temporary left, B never held the lock.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.lock import history
from tests.support.repo import SNAPSHOT
from tests.support.warehouse import statuses

pytestmark = pytest.mark.integration
SPFACTS = Path(sys.executable).with_name("spfacts")
RUN_S = 600


def _env(tmp_path: Path, name: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / f"prefect-{name}"), **extra}
    env.pop("PREFECT_API_URL", None)  # a one-off run starts its own temporary server
    return env


def test_a_year_no_dataset_covers_stops_after_the_manifest(tmp_path, http_root):
    server = http_root(SNAPSHOT)
    warehouse = tmp_path / "wh"
    done = subprocess.run(
        [str(SPFACTS), "run", "--year", "1990", "--source", server.url, "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env=_env(tmp_path, "a"),
        timeout=RUN_S,
    )
    assert done.returncode == 6, done.stderr[-3000:]
    last = done.stderr.splitlines()[-1]
    assert last.startswith("spfacts: no source data for 1990 yet: ")
    assert "communications 2022-2023" in last and "visit-events 1998-2024" in last and "not by year: " in last
    assert server.requests == ["manifest.json"]
    assert "extract" not in done.stdout and not (warehouse / "raw").exists()
    assert not list(warehouse.glob("**/*.duckdb"))


def test_a_second_run_waits_for_the_lock_then_stops_naming_it(tmp_path):
    warehouse = tmp_path / "wh"
    marker = tmp_path / "paused"
    first = subprocess.Popen(
        [str(SPFACTS), "run", "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(
            tmp_path,
            "first",
            SPFACTS_TEST_PAUSE_AT="publish",
            SPFACTS_TEST_PAUSE_MARKER=str(marker),
            SPFACTS_TEST_PAUSE_SECONDS=str(RUN_S),
        ),
    )
    try:
        deadline = time.monotonic() + RUN_S
        while not marker.exists():  # the first run holds the lock, its build complete beside the warehouse
            assert first.poll() is None, first.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the first run never reached publish"
            time.sleep(0.2)
        holder = marker.read_text().split()[1]

        second = subprocess.run(
            [str(SPFACTS), "run", "--warehouse", str(warehouse)],
            capture_output=True,
            text=True,
            env=_env(tmp_path, "second", SPFACTS_LOCK_TIMEOUT="2"),
            timeout=RUN_S,
        )
        assert second.returncode == 5, second.stderr[-3000:]
        last = second.stderr.splitlines()[-1]
        assert f"holds the warehouse lock {warehouse / 'spfacts.lock'}" in last and f"pid {holder}" in last

        marker.unlink()  # the first run goes on and publishes
        out, err = first.communicate(timeout=RUN_S)
        assert first.returncode == 0, err[-3000:]
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()

    got = statuses(warehouse / "2023" / "spfacts.duckdb", 2023)
    assert got and set(got.values()) == {"match"}
    assert [e["event"] for e in history(warehouse)] == ["acquired", "released"]
    assert not list(warehouse.glob("**/.build-*")) and not list(warehouse.glob("raw/*/.*.tmp"))
    assert not (warehouse / "2023" / "spfacts.failed.duckdb").exists()
