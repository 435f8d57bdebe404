"""Clean stops for the long-running commands (`spfacts serve`, `spfacts worker`).

Prefect's serving runner and worker handle SIGTERM themselves, by calling the API (to pause the
deployments, to report cancelled runs); when the server is already gone that call hangs, and the
process ignores every later SIGTERM (measured: `spfacts serve` had to be killed). Service
managers stop processes with SIGTERM, in any order. So these commands run Prefect in a child
process, in its own process group, and stay a small supervisor:

- on SIGTERM or SIGINT it passes SIGTERM to the child and waits up to `grace` seconds (default
  10) for it to stop gracefully;
- then it kills the child's whole process group (the child and the flow runs it started), and
  exits 128 + the signal's number, as a process killed by that signal would.

A flow run killed this way never leaves a run half-published: a warehouse is replaced by one
rename of a complete, checked file (flows/publish.py), and what a killed run left (its build,
a landing-zone temporary) is removed by the next run under the writer lock (flows/lock.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

GRACE_SECONDS = 10.0


def supervise(args: list[str], grace: float = GRACE_SECONDS) -> int:
    """Run `args` as a child in its own process group until it ends or this process is told to stop."""
    received: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        child = subprocess.Popen(args, start_new_session=True)
        while child.poll() is None and not received:
            time.sleep(0.1)
        if child.poll() is not None:
            return child.returncode
        signum = received[0]
        print(f"spfacts: stopping ({signal.Signals(signum).name}); at most {grace:.0f} s", file=sys.stderr, flush=True)
        _signal_group(child.pid, signal.SIGTERM)
        try:
            child.wait(grace)
        except subprocess.TimeoutExpired:
            print("spfacts: the child did not stop in time; killed", file=sys.stderr, flush=True)
        _signal_group(child.pid, signal.SIGKILL)  # whatever is left of the group: the flow runs it started
        child.wait()
        return 128 + signum
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _signal_group(group: int, sig: signal.Signals) -> None:
    try:
        os.killpg(group, sig)
    except (ProcessLookupError, PermissionError):
        pass
