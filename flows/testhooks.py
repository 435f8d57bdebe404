"""A pause at a named point of a run, so that a test can kill the run exactly there.

    SPFACTS_TEST_PAUSE_AT=load SPFACTS_TEST_PAUSE_MARKER=/tmp/x spfacts run ...

When a run reaches `pause_at("load")` it writes the marker file (its content: the stage and the
process id), then sleeps until it is killed, or until the test deletes the marker file (then the
run goes on), at most SPFACTS_TEST_PAUSE_SECONDS (default 300).
Without the variable the hook does nothing. The points: `fetch` (a landed file written to its
temporary name, not yet renamed), `load` (the build open with the raw tables written), `quality`
(the marts built, before their checks), `publish` (the build verified, just before the rename).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

STAGES = ("fetch", "load", "quality", "publish")


def pause_at(stage: str) -> None:
    if os.environ.get("SPFACTS_TEST_PAUSE_AT") != stage:
        return
    marker = os.environ.get("SPFACTS_TEST_PAUSE_MARKER")
    if marker:
        Path(marker).write_text(f"{stage} {os.getpid()}\n", encoding="utf-8")
    deadline = time.monotonic() + float(os.environ.get("SPFACTS_TEST_PAUSE_SECONDS", "300"))
    while time.monotonic() < deadline and (not marker or Path(marker).exists()):
        time.sleep(0.1)
