"""One writer at a time: the warehouse lock, its history, and the cleanup of dead runs' files."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from flows.errors import ExitCode, exit_code_for
from flows.lock import WarehouseBusyError, history, lock_path, remove_leftovers, warehouse_lock

HOLDER = """
import sys, time
from pathlib import Path
from flows.lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), sys.argv[2], timeout=60):
    Path(sys.argv[3]).write_text("held")
    time.sleep(float(sys.argv[4]))
"""


def _holder(warehouse: Path, run_id: str, marker: Path, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HOLDER, str(warehouse), run_id, str(marker), str(seconds)])


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.exists()


def test_a_second_writer_waits_and_their_sections_do_not_overlap(tmp_path: Path) -> None:
    first = _holder(tmp_path, "run-a", tmp_path / "a", 1.0)
    _wait_for(tmp_path / "a")
    second = _holder(tmp_path, "run-b", tmp_path / "b", 0.0)  # waits for run-a's release
    assert first.wait(60) == 0 and second.wait(60) == 0
    events = [(h["event"], h["run_id"]) for h in history(tmp_path)]
    assert events == [("acquired", "run-a"), ("released", "run-a"), ("acquired", "run-b"), ("released", "run-b")]
    at = [datetime.fromisoformat(h["at"]) for h in history(tmp_path)]
    assert at == sorted(at)  # b's section starts after a's ends


def test_a_busy_warehouse_stops_after_the_timeout_naming_the_lock(tmp_path: Path) -> None:
    holder = _holder(tmp_path, "run-a", tmp_path / "a", 30)
    try:
        _wait_for(tmp_path / "a")
        with pytest.raises(WarehouseBusyError) as err:
            with warehouse_lock(tmp_path, "run-b", timeout=0.5):
                pass
    finally:
        holder.kill()
        holder.wait(30)
    message = str(err.value)
    assert (
        message.startswith("another run (run ")
        and f"holds the warehouse lock {lock_path(tmp_path)} (waited " in message
    )
    assert exit_code_for(err.value) == ExitCode.BUSY
    assert [h["run_id"] for h in history(tmp_path)] == ["run-a"]  # run-b never held it


def test_a_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    holder = _holder(tmp_path, "run-a", tmp_path / "a", 300)
    _wait_for(tmp_path / "a")
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(30)
    with warehouse_lock(tmp_path, "run-b", timeout=5):  # the kernel released it: no stale lock
        pass
    assert [(h["event"], h["run_id"]) for h in history(tmp_path)][-2:] == [("acquired", "run-b"), ("released", "run-b")]


def test_leftovers_of_dead_runs_are_removed_under_the_lock_and_nothing_else(tmp_path: Path) -> None:
    dead = [
        tmp_path / ".build-20240101T000000Z-abcdef.duckdb",
        tmp_path / ".build-20240101T000000Z-abcdef.duckdb.wal",
        tmp_path / "raw" / "media" / ".abc.jsonl.x1y2.tmp",
    ]
    kept = [
        tmp_path / "spfacts.duckdb",
        tmp_path / "spfacts.failed.duckdb",
        tmp_path / "raw" / "media" / "abc.jsonl",
        tmp_path / "raw" / "media" / "abc.provenance.json",
    ]
    for path in dead + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    with warehouse_lock(tmp_path, "run-a", timeout=5) as removed:
        assert removed == sorted(dead)
    assert [p for p in dead + kept if p.exists()] == kept
    assert remove_leftovers(tmp_path) == []
