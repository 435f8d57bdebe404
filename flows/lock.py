"""One writer at a time: the warehouse lock, and the cleanup of what dead runs left behind.

Everything that writes a warehouse folder (the raw landing zone, the build, publishing, the Data
Docs, the report page) happens while holding `<warehouse>/spfacts.lock`, a `filelock` lock file
(an OS lock on an open file: the kernel releases it when its process dies, even by SIGKILL, so a
crash never leaves a stale lock). It is always taken, with or without a Prefect server: a
one-off run starts its own temporary server, which no Prefect concurrency limit sees.

A second run waits for the lock (`SPFACTS_LOCK_TIMEOUT`, default 10 min) and then stops with
WarehouseBusyError (exit 5). Every acquire and release is appended to
`<warehouse>/spfacts.lock.jsonl` ({"event", "run_id", "pid", "at"}), so that a test (or a person)
can prove from the lock's own timestamps that two runs' writing sections did not overlap.

Whoever holds the lock is the only writer, so files of a run that died (a `.build-*.duckdb` and
its WAL, a half-written `.tmp` in the landing zone) are removed right after acquiring it: never
a live run's build, since a live run holds the lock.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from flows.errors import ExitCode, PipelineError

LOCK_NAME = "spfacts.lock"
HISTORY_NAME = "spfacts.lock.jsonl"


class WarehouseBusyError(PipelineError):
    """Another run holds the warehouse lock for longer than this run may wait."""

    exit_code = ExitCode.BUSY


def lock_path(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / LOCK_NAME


@contextmanager
def warehouse_lock(warehouse_dir: Path, run_id: str, *, timeout: float) -> Iterator[list[Path]]:
    """Hold the writer lock of `warehouse_dir`; yields the leftover files it removed on entry."""
    warehouse_dir = Path(warehouse_dir)
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(warehouse_dir)
    lock = FileLock(str(path), timeout=timeout)
    started = time.monotonic()
    try:
        lock.acquire(poll_interval=0.2)
    except Timeout:
        raise WarehouseBusyError(
            f"another run{_holder(warehouse_dir)} holds the warehouse lock {path} (waited "
            f"{time.monotonic() - started:.0f} s; SPFACTS_LOCK_TIMEOUT sets how long)"
        ) from None
    try:
        _record(warehouse_dir, "acquired", run_id)
        yield remove_leftovers(warehouse_dir)
    finally:
        _record(warehouse_dir, "released", run_id)
        lock.release()


def remove_leftovers(warehouse_dir: Path) -> list[Path]:
    """Delete the build files and landing-zone temporaries of dead runs. Call only under the lock."""
    warehouse_dir = Path(warehouse_dir)
    leftovers = [
        *warehouse_dir.glob(".build-*.duckdb"),
        *warehouse_dir.glob(".build-*.duckdb.wal"),
        # builds of the per-year folders (flows/settings.py, years side by side)
        *warehouse_dir.glob("[0-9]*/.build-*.duckdb"),
        *warehouse_dir.glob("[0-9]*/.build-*.duckdb.wal"),
        *warehouse_dir.glob("raw/*/.*.tmp"),
    ]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return sorted(leftovers)


def _holder(warehouse_dir: Path) -> str:
    """The holder as " (run <id>, pid <n>)": the last acquire of the history, if not released."""
    events = history(warehouse_dir)
    if not events or events[-1]["event"] != "acquired":
        return ""
    return f" (run {events[-1]['run_id']}, pid {events[-1]['pid']})"


def history(warehouse_dir: Path) -> list[dict]:
    """The lock's acquire/release records, oldest first."""
    path = Path(warehouse_dir) / HISTORY_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _record(warehouse_dir: Path, event: str, run_id: str) -> None:
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    line = json.dumps({"event": event, "run_id": run_id, "pid": os.getpid(), "at": at})
    # one short append per event, by the lock holder only: lines never interleave
    with open(Path(warehouse_dir) / HISTORY_NAME, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
