"""Scheduled runs for real: `prefect server start`, `spfacts deploy`, `spfacts worker`, as README tells a user.

The temporary API server of a one-off run never schedules anything (docs/stack.md#prefect), so this is the test
of the path scheduled and on-demand runs take: the work pool and deployments are created from the
project's declaration (flows/deployments.py), the scheduled refresh has its cron, and two
`annual-report` runs for 2023 triggered at once are both executed by one worker, one writer at a
time: the writer queue's concurrency limit keeps them apart in Prefect, and the warehouse lock's
own acquire/release timestamps prove their writing sections did not overlap. Then `spfacts serve`
registers the same deployments, the server is stopped first (the order that used to hang
`serve`), and the worker and `serve` must still stop on SIGTERM within seconds. Every process runs in its own process group on a free loopback port, with its
Prefect home in a temporary folder; every wait is bounded; every process is stopped by its PID.
"""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.deployments import ON_DEMAND, REFRESH
from flows.lock import history
from tests.support.processes import Process, api, free_port, wait_for
from tests.support.repo import published
from tests.support.warehouse import statuses

pytestmark = pytest.mark.integration

BIN = Path(sys.executable).parent
CRON = "0 6 * * *"
SERVER_READY_S = 90  # a first start runs the database migrations: about 10 s, more on a busy CI
SCHEDULED_RUNS_S = 60  # the server schedules recently changed deployments every 5 s
RUNS_DONE_S = 420  # two runs one after the other, about 45-80 s each on two busy cores
STOPPED_WITHIN_S = 15  # the supervisor's grace is 10 s (flows/supervise.py)
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    environment.update(
        PREFECT_HOME=str(tmp_path / "prefect"),
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        # not UTC, so that a schedule read in local time would miss 06:00 UTC
        TZ="America/New_York",
    )
    return environment


@pytest.fixture
def api_server(tmp_path: Path, env: dict[str, str]) -> Iterator[tuple[str, Process]]:
    port = free_port()
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


def _deployment(base: str, name: str) -> dict | None:
    try:
        return api(base, "GET", f"/deployments/name/{name}")
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return None
        raise


def test_deployed_runs_on_a_worker_one_writer_at_a_time(tmp_path, env, api_server):
    base, server = api_server
    warehouse = tmp_path / "warehouse"
    client_env = {**env, "PREFECT_API_URL": base}
    deployed = subprocess.run(
        [str(BIN / "spfacts"), "deploy", "--warehouse", str(warehouse), "--cron", CRON],
        env=client_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert deployed.returncode == 0, deployed.stderr[-3000:]

    refresh = _deployment(base, f"{REFRESH}/{REFRESH}")
    on_demand = _deployment(base, f"{ON_DEMAND}/{ON_DEMAND}")
    assert refresh and on_demand
    assert [(s["schedule"]["cron"], s["schedule"]["timezone"], s["active"]) for s in refresh["schedules"]] == [
        (CRON, "UTC", True)
    ]
    assert on_demand["schedules"] == []
    assert {(d["work_pool_name"], d["work_queue_name"]) for d in (refresh, on_demand)} == {("spfacts", "writer")}
    assert api(base, "GET", "/work_pools/spfacts")["type"] == "process"
    assert api(base, "GET", "/work_pools/spfacts/queues/writer")["concurrency_limit"] == 1

    worker = Process.start(
        "spfacts-worker",
        [str(BIN / "spfacts"), "worker"],
        {**client_env, "PREFECT_WORKER_QUERY_SECONDS": "2"},
        tmp_path,
    )
    try:
        both = [server, worker]
        runs = [
            api(base, "POST", f"/deployments/{on_demand['id']}/create_flow_run", {"parameters": {"year": 2023}})
            for _ in range(2)
        ]

        def planned() -> list[dict]:
            return api(
                base,
                "POST",
                "/flow_runs/filter",
                {
                    "deployments": {"id": {"any_": [refresh["id"]]}},
                    "flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}},
                },
            )

        scheduled = wait_for("scheduled refresh runs", planned, SCHEDULED_RUNS_S, both)
        starts = [datetime.fromisoformat(r["expected_start_time"]).astimezone(UTC) for r in scheduled]
        assert all(t > datetime.now(UTC) and (t.hour, t.minute) == (6, 0) for t in starts), starts

        def finished() -> list[dict] | None:
            states = [api(base, "GET", f"/flow_runs/{r['id']}") for r in runs]
            return states if all(s["state"]["type"] in TERMINAL for s in states) else None

        done = wait_for("end of both annual-report runs", finished, RUNS_DONE_S, both)
        assert [r["state"]["type"] for r in done] == ["COMPLETED", "COMPLETED"], worker.tail()
        assert all(r["name"] == "2023 from ohchr-2023" for r in done), [r["name"] for r in done]

        # the lock's own record: two acquire/release pairs, one after the other
        events = history(warehouse)
        held = {}
        for e in events:
            held.setdefault(e["run_id"], {})[e["event"]] = datetime.fromisoformat(e["at"])
        assert len(held) == 2 and all(set(h) == {"acquired", "released"} for h in held.values()), events
        first, second = sorted(held.values(), key=lambda h: h["acquired"])
        assert first["acquired"] < first["released"] <= second["acquired"] < second["released"]

        got = statuses(warehouse / "2023" / "spfacts.duckdb", 2023)
        assert len(got) == len(published())
        assert {figure: status for figure, status in got.items() if status != "match"} == {}

        summaries = []
        for run in done:
            artifacts = api(base, "POST", "/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run["id"]]}}})
            assert {a["key"]: a["type"] for a in artifacts} == {
                "reconciliation-2023": "table",
                "run-summary-2023": "markdown",
            }
            summaries.append(next(a["data"] for a in artifacts if a["type"] == "markdown"))
        assert all(str(warehouse / "2023" / "spfacts.duckdb") in s for s in summaries)
        # the run that took the lock first built the warehouse; the other found the same sources and
        # code already published (a no-op rerun, docs/architecture.md#no-op-rerun) or built it again
        built = [s for s in summaries if "| staging |" in s]
        assert built and all(s in built or "unchanged since run " in s for s in summaries)

        # `spfacts serve`, the one-process alternative, registers the same deployments without a pool
        serve = Process.start(
            "spfacts-serve", [str(BIN / "spfacts"), "serve", "--warehouse", str(warehouse)], client_env, tmp_path
        )
        both.append(serve)
        wait_for(
            "deployments served",
            lambda: "deployments are being served" in serve.log.read_text("utf-8", errors="replace"),
            SCHEDULED_RUNS_S,
            both,
        )

        # service managers stop processes in any order: the server first, then the worker and serve
        server.stop()
        assert worker.stop() < STOPPED_WITHIN_S
        assert serve.stop() < STOPPED_WITHIN_S
    finally:
        worker.stop()
        if "serve" in locals():
            serve.stop()
