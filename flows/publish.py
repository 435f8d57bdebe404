"""Build a new warehouse file beside the published one, and swap it in atomically.

DuckDB lets one process write a file and then nobody else may open it, not even to read
(docs/stack.md#duckdb). So a run never writes the published file: it builds `.build-<run id>.duckdb` in the
same folder and `os.replace`s it over `spfacts.duckdb` only after every check passed. Readers
keep the old file open until they close it; a failed run leaves the last good warehouse as it was.
A run killed before the rename leaves its build behind, which the next run removes under the
warehouse lock (flows/lock.py).
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import duckdb

from flows.testhooks import pause_at

# Files written by DuckDB 2.0 cannot be read by DuckDB 1.x unless written with an older storage
# version. We publish what 2.0 writes by default, and say so in the README: readers need DuckDB 2.
READERS_NEED = "DuckDB 2.0 or newer"


def new_run_id() -> str:
    """Sortable, unique, safe in file names: 20231231T235959Z-1a2b3c."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{stamp}-{uuid4().hex[:6]}"


def build_path(database_path: Path, run_id: str) -> Path:
    if not re.fullmatch(r"[0-9A-Za-z-]+", run_id):
        raise ValueError(f"run id {run_id!r} is not safe in a file name")
    return database_path.with_name(f".build-{run_id}.duckdb")


def connect_build(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path))


def publish(build: Path, database_path: Path) -> Path:
    """Make the build the published warehouse; the old file is replaced in one rename."""
    # The build must be closed and complete: opening it read-only proves both.
    with duckdb.connect(str(build), read_only=True) as con:
        con.execute("select count(*) from marts.facts_and_figures").fetchone()
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build} still has a write-ahead log; it was not closed cleanly")
    _fsync(build)
    pause_at("publish")  # tests kill a run here: the old file published, the new one complete beside it
    os.replace(build, database_path)  # one rename: a reader, or a crash, sees the old file or the new one
    _fsync(database_path.parent)
    return database_path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def discard(build: Path) -> Path | None:
    """Keep a failed build for inspection, as `spfacts.failed.duckdb` (the latest one only)."""
    if not build.exists():
        return None
    failed = build.with_name("spfacts.failed.duckdb")
    os.replace(build, failed)
    wal = build.with_name(build.name + ".wal")
    if wal.exists():
        os.replace(wal, failed.with_name(failed.name + ".wal"))
    return failed
