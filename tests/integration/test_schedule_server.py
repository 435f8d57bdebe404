"""Scheduled runs for real: `prefect server start`, then `spfacts serve`, as README tells a user.

The temporary API server of a one-off run never schedules anything (docs/stack.md#prefect), so this is the only
test of the path a scheduled run takes: the deployment is registered with its cron, the server's
scheduler creates future runs for it, and a run triggered now is picked up by the serving process
and publishes the warehouse. Both processes run in their own process group on a free loopback
port, with their Prefect home in a temporary folder; every wait is bounded, and teardown stops the
serving process before the server (the other order hangs) and checks that nothing is left running.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from flows.schedule import DEPLOYMENT_NAME
from tests.support.repo import REPO, SNAPSHOT
from tests.support.warehouse import statuses

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
CRON = "0 6 * * 1"  # Mondays 06:00 UTC: far enough away that the scheduler never starts one itself
SERVER_READY_S = 90  # a first start runs the database migrations: about 10 s, more on a busy CI
DEPLOYMENT_READY_S = 60
SCHEDULED_RUNS_S = 60  # the server schedules recently changed deployments every 5 s
RUN_DONE_S = 180
STOP_GRACE_S = 20
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

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

    def stop(self) -> None:
        """SIGTERM to the leader, as a service manager stops it; what is left of its group after
        a grace period gets SIGKILL. Then nothing of the group may still run. Safe to call twice."""
        group = self.popen.pid  # start_new_session: the group id is the leader's pid
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            pass
        if not _wait_group_empty(group, STOP_GRACE_S):  # e.g. a flow run still finishing
            _signal_group(group, signal.SIGKILL)
            self.popen.wait(STOP_GRACE_S)
            _wait_group_empty(group, STOP_GRACE_S)
        left = _alive_in_group(group)
        assert not left, f"{self.name}: processes left running after SIGKILL: {left}"


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


def _free_port() -> int:
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


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    environment.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        # not UTC, so that a schedule read in local time would miss Monday 06:00 UTC
        TZ="America/New_York",
    )
    return environment


@pytest.fixture
def api_server(tmp_path: Path, env: dict[str, str]) -> Iterator[tuple[str, Process]]:
    port = _free_port()
    server = Process.start(
        "prefect-server",
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env,
        tmp_path,
    )  # the UI plays no part in scheduling and only slows the start
    try:
        base = f"http://127.0.0.1:{port}/api"
        wait_for("answer on /api/health", lambda: api(base, "GET", "/health") is True, SERVER_READY_S, [server])
        yield base, server
    finally:
        server.stop()


@pytest.fixture
def serving(
    tmp_path: Path, env: dict[str, str], api_server: tuple[str, Process]
) -> Iterator[tuple[str, Process, Path]]:
    """`spfacts serve` from an unrelated folder; torn down before `api_server` (fixture order)."""
    base, _ = api_server
    warehouse = tmp_path / "warehouse"
    serve = Process.start(
        "spfacts-serve",
        [str(BIN / "spfacts"), "serve", "--warehouse", str(warehouse), "--cron", CRON],
        {**env, "PREFECT_API_URL": base, "PREFECT_RUNNER_POLL_FREQUENCY": "2"},
        tmp_path,
    )
    try:
        yield base, serve, warehouse
    finally:
        serve.stop()


def test_served_deployment_is_scheduled_and_a_triggered_run_publishes(serving, api_server):
    base, serve, warehouse = serving
    _, server = api_server
    both = [server, serve]
    by_name = f"/deployments/name/annual-report/{DEPLOYMENT_NAME}"

    def registered() -> dict | None:
        try:
            return api(base, "GET", by_name)
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return None
            raise

    deployment = wait_for("deployment annual-report/" + DEPLOYMENT_NAME, registered, DEPLOYMENT_READY_S, both)
    schedules = [(s["schedule"].get("cron"), s["active"]) for s in deployment["schedules"]]
    assert schedules == [(CRON, True)]
    assert deployment["paused"] is False
    assert deployment["parameters"] == {"year": 2023, "source": str(SNAPSHOT), "warehouse": str(warehouse)}

    def future_runs() -> list[dict]:
        return api(
            base,
            "POST",
            "/flow_runs/filter",
            {
                "deployments": {"id": {"any_": [deployment["id"]]}},
                "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
            },
        )

    scheduled = wait_for("scheduled runs of the deployment", future_runs, SCHEDULED_RUNS_S, both)
    starts = [datetime.fromisoformat(r["expected_start_time"]).astimezone(UTC) for r in scheduled]
    now = datetime.now(UTC)
    # the server plans ahead (at least 3 runs, up to 100 days): each one a future Monday 06:00 UTC
    assert len(starts) >= 3 and all(r["auto_scheduled"] for r in scheduled)
    assert all(t > now and (t.weekday(), t.hour, t.minute) == (0, 6, 0) for t in starts), starts
    assert not (warehouse / "spfacts.duckdb").exists()

    # a run now, as `prefect deployment run annual-report/annual-report-scheduled` asks for one
    run = api(base, "POST", f"/deployments/{deployment['id']}/create_flow_run", {})

    def finished() -> dict | None:
        state = api(base, "GET", f"/flow_runs/{run['id']}")["state"]
        return state if state["type"] in TERMINAL else None

    state = wait_for(f"end of flow run {run['id']}", finished, RUN_DONE_S, both)
    assert state["type"] == "COMPLETED", f"{state}\n{serve.tail()}"

    got = statuses(warehouse / "spfacts.duckdb", 2023)
    published = (REPO / "flows/reference/published/A-HRC-55-69.csv").read_text("utf-8")
    assert len(got) == len(published.splitlines()) - 1
    assert {figure: status for figure, status in got.items() if status != "match"} == {}

    # stopping the serving process pauses its deployment and drops its planned runs (README)
    serve.stop()
    assert api(base, "GET", by_name)["paused"] is True
    assert future_runs() == []
