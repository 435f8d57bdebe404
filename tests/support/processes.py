"""Processes a test starts and must stop: a command in its own process group, a Prefect server's API.

Used by the tests that run a real `prefect server start`, workers and `spfacts serve`
(tests/integration/test_deployments_server.py): every wait is bounded, every process is stopped
by its PID (SIGTERM first, then SIGKILL for what is left of its group), and nothing may be left.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

STOP_GRACE_S = 20

# never a proxy for loopback, whatever the environment says
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Process:
    """A command in its own process group, its output in a file (a full pipe would block it)."""

    name: str
    popen: subprocess.Popen
    log: Path

    @classmethod
    def start(cls, name: str, args: list[str], env: dict[str, str], cwd: Path) -> Process:
        log = cwd / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                args,
                env=env,
                cwd=cwd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return cls(name, popen, log)

    def tail(self, chars: int = 4000) -> str:
        text = self.log.read_text("utf-8", errors="replace") if self.log.exists() else ""
        return f"--- {self.name} (exit {self.popen.poll()}), last output:\n{text[-chars:]}"

    def stop(self) -> float:
        """SIGTERM to the leader, as a service manager stops it; what is left of its group after
        a grace period gets SIGKILL. Then nothing of the group may still run. Safe to call twice.
        Returns the seconds the leader took to exit after SIGTERM."""
        group = self.popen.pid  # start_new_session: the group id is the leader's pid
        started = time.monotonic()
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            pass
        seconds = time.monotonic() - started  # how long the leader took to end after SIGTERM
        if not _wait_group_empty(group, STOP_GRACE_S):  # e.g. a flow run still finishing
            _signal_group(group, signal.SIGKILL)
            self.popen.wait(STOP_GRACE_S)
            _wait_group_empty(group, STOP_GRACE_S)
        left = _alive_in_group(group)
        assert not left, f"{self.name}: processes left running after SIGKILL: {left}"
        return seconds


def _wait_group_empty(group: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive_in_group(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _signal_group(group: int, sig: signal.Signals) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def _alive_in_group(group: int) -> list[int]:
    """Pids of the group that still run (zombies are dead: a container's init may not reap them)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses
        state, _ppid, pgrp = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == group and state != "Z":
            alive.append(int(entry.name))
    return alive


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base: str, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with _http.open(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def wait_for(what: str, probe: Callable[[], Any], timeout: float, watch: list[Process]) -> Any:
    """Poll `probe` until it is truthy; fail if a watched process dies or time is up."""
    deadline = time.monotonic() + timeout
    while True:
        for process in watch:
            if process.popen.poll() is not None:
                pytest.fail(f"{process.name} exited while waiting for {what}\n{process.tail()}")
        try:
            found = probe()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            found = None  # not listening yet, or an error answer while it starts
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {timeout:.0f} s\n" + "\n".join(p.tail() for p in watch))
        time.sleep(0.5)
