"""Serving the annual-report flow on a cron schedule.

Prefect schedules only against a real API server: `flow.serve(cron=...)` on the temporary
server warns and creates no runs (docs/stack.md#prefect). So `spfacts serve` refuses to start without
PREFECT_API_URL, instead of appearing to work and never running.
"""

from __future__ import annotations

import os
import sys
from datetime import date

DEPLOYMENT_NAME = "annual-report-scheduled"


def deployment(year: int, source: str, warehouse: str, cutoff: date | None, cron: str):
    """The deployment `serve` registers: the flow, its parameters and its cron schedule."""
    from flows.pipeline import annual_report

    parameters = {"year": year, "source": source, "warehouse": warehouse}
    if cutoff:
        parameters["cutoff"] = cutoff.isoformat()
    return annual_report.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=cron,
        parameters=parameters,
        description="Recompute the facts and figures from the source root on a schedule.",
    )


def serve(year: int, source: str, warehouse: str, cutoff: date | None, cron: str) -> int:
    if not os.environ.get("PREFECT_API_URL"):
        print(
            "spfacts serve: schedules need a Prefect server. Start one with "
            "`prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api "
            "(see README, 'Scheduled runs').",
            file=sys.stderr,
        )
        return 2
    from prefect import serve as prefect_serve

    prefect_serve(deployment(year, source, warehouse, cutoff, cron))
    return 0
