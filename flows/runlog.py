"""Where a run's words go: a full log file per run, and a quiet terminal for `spfacts run`.

- Every run (one-off, scheduled or on a worker) writes `<warehouse>/logs/<run id>.log`: all log
  records of the process while the run lasts, Prefect's and their tracebacks included. Prefect
  still sends its own records to its API as before.
- `spfacts run` (without `--verbose`) shows one line per stage (records logged with `stage()`)
  and, on failure, the reason as its last line. Everything else goes to the log file: the CLI
  points file descriptors 1 and 2 at it (`quiet_terminal`), so Prefect's console lines, stray
  warnings, and the output of the temporary Prefect server, a child process that inherits them
  (its shutdown noise: CancelledError, "Error flushing events"), all land there too.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

STAGE = "spfacts_stage"  # attribute of the log records that make the terminal's stage lines
FORMAT = "%(asctime)s.%(msecs)03d | %(levelname)-7s | %(name)s - %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

# The log file fds 1 and 2 point at (set by quiet_terminal): run_log then adds no handler of its
# own, since Prefect's console handler already writes every record there.
_redirected: Path | None = None


def log_path(warehouse_dir: Path, run_id: str) -> Path:
    return Path(warehouse_dir) / "logs" / f"{run_id}.log"


def stage(logger: logging.Logger | logging.LoggerAdapter, name: str, summary: str, seconds: float) -> None:
    """Log the line a stage ends with, e.g. "load: 12345 raw rows in 16 tables (0.8 s)"."""
    logger.info("%s: %s (%.1f s)", name, summary, seconds, extra={STAGE: name})


@contextmanager
def run_log(path: Path) -> Iterator[Path]:
    """Copy every log record of this process to `path` while the block runs."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if _redirected == path:
        yield path
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        handler.close()


@dataclass
class Terminal:
    """Where `spfacts run` writes what a person reads."""

    out: TextIO
    err: TextIO


class _StageLines(logging.Handler):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.INFO)
        self.stream = stream

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, STAGE, None):
            self.stream.write(record.getMessage() + "\n")
            self.stream.flush()


@contextmanager
def quiet_terminal(log: Path, *, quiet: bool = True, keep: bool = False) -> Iterator[Terminal]:
    """Send fds 1 and 2 to `log` and yield streams to the real terminal (see the module docstring).

    `keep`: leave fds 1 and 2 on the log after the block (the console script does, so that what
    Prefect prints while the process exits goes to the log too). Without `quiet`, or when
    stdout/stderr are not file descriptors (a test capturing them), nothing is redirected.
    """
    global _redirected
    log = Path(log).resolve()
    log.parent.mkdir(parents=True, exist_ok=True)
    if not quiet or not _has_fds():
        yield Terminal(sys.stdout, sys.stderr)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    target = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(target, 1)
    os.dup2(target, 2)
    os.close(target)
    _redirected = log
    terminal = Terminal(
        os.fdopen(os.dup(saved[0]), "w", buffering=1, encoding="utf-8"),
        os.fdopen(os.dup(saved[1]), "w", buffering=1, encoding="utf-8"),
    )
    try:
        yield terminal
    finally:
        terminal.out.flush()
        terminal.err.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        if not keep:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            _redirected = None
            terminal.out.close()
            terminal.err.close()
        os.close(saved[0])
        os.close(saved[1])


@contextmanager
def stage_lines(stream: TextIO | None) -> Iterator[None]:
    """Write the stage lines (records logged by `stage()`) to `stream` while the block runs.

    Install it after Prefect is imported: Prefect's logging setup replaces the root's handlers.
    """
    if stream is None:
        yield
        return
    handler = _StageLines(stream)
    # flow and task run loggers are children of "prefect", which propagates to the root
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


def _has_fds() -> bool:
    try:
        sys.stdout.fileno()
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True
