"""Deployments as code: a scheduled refresh and an on-demand annual report, run by workers of a process pool.

Two deployments, declared here and nowhere else (`spfacts deploy` applies them, `spfacts serve`
serves them in one process without a pool):

- `scheduled-refresh/scheduled-refresh`: on a cron (SPFACTS_SCHEDULE_CRON, default daily 06:00,
  read in SPFACTS_SCHEDULE_TIMEZONE, default UTC) it rebuilds the current year and the
  SPFACTS_SCHEDULE_YEARS_BACK years before it (default 1: the previous year's report is prepared
  in the first months of the next). A year the source has no data for yet (every January) is
  skipped with "no source data for Y yet": the run ends Completed, publishing nothing for it.
- `annual-report/annual-report`: on demand, with parameters `year`, `source`, `cutoff`.

Both go to the work pool SPFACTS_WORK_POOL (type `process`, default "spfacts") and its work queue
SPFACTS_WORK_QUEUE (default "writer"), whose concurrency limit 1 is the Prefect side of "one writer
at a time": queued runs wait for each other across workers. The warehouse lock (flows/lock.py)
is the other side, always taken, also by one-off runs that no Prefect limit sees. The entrypoints
are module paths (`flows.pipeline.annual_report`): a worker imports the installed project, so
nothing is pulled or built (docs/operations.md#scheduled-runs).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger
from prefect.states import Completed, Failed, State

from flows import years
from flows.pipeline import annual_report, read_manifest, source_label
from flows.settings import Settings

REFRESH = "scheduled-refresh"
ON_DEMAND = "annual-report"


def refresh_years(settings: Settings, today: date | None = None, years_back: int | None = None) -> list[int]:
    """The report years a refresh covers: the current one (in the schedule's time zone) first."""
    today = today or datetime.now(ZoneInfo(settings.schedule_timezone)).date()
    back = settings.schedule_years_back if years_back is None else years_back
    return [today.year - k for k in range(back + 1)]


def refresh_run_name() -> str:
    from prefect.runtime import flow_run

    p = flow_run.parameters
    settings = Settings()
    wanted = refresh_years(settings, p.get("today"), p.get("years_back"))
    return f"refresh {', '.join(map(str, wanted))} from {source_label(p.get('source') or settings.source)}"


@flow(name=REFRESH, flow_run_name=refresh_run_name, log_prints=True)
def scheduled_refresh(
    source: str | None = None, warehouse: str | None = None, years_back: int | None = None, today: date | None = None
) -> State:
    """Rebuild the current report year and the ones before it; a year without data is skipped, not failed."""
    overrides = {k: v for k, v in dict(source=source, warehouse_dir=warehouse).items() if v is not None}
    settings = Settings(**overrides)
    logger = get_run_logger()
    manifest, _ = read_manifest(settings.source, settings)  # (manifest, its HTTP validators)
    done, failed = [], []
    for year in refresh_years(settings, today, years_back):
        if not years.covers(manifest, year):
            done.append(f"no source data for {year} yet")
            logger.info("no source data for %s yet: %s", year, years.describe_coverage(years.coverage(manifest)))
            continue
        warehouse_dir = str(settings.warehouse_dir)
        state = annual_report(year=year, source=settings.source, warehouse=warehouse_dir, return_state=True)
        if state.is_completed():
            result = state.result()
            done.append(f"{year}: {result.figures.headline()}" + (f" ({result.note})" if result.note else ""))
        else:
            failed.append(f"{year}: {state.message}")
    message = "; ".join(failed + done)
    return Failed(message=message) if failed else Completed(message=message)


def declared(settings: Settings | None = None, *, pool: bool = True) -> list:
    """The two deployments (RunnerDeployment), for the work pool or, with pool=False, for `serve`."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    settings = settings or Settings()
    # stored parameters: paths must not depend on where a worker starts
    source = settings.source if "://" in settings.source else str(Path(settings.source).resolve())
    warehouse = str(Path(settings.warehouse_dir).resolve())
    target = dict(work_pool_name=settings.work_pool, work_queue_name=settings.work_queue) if pool else {}
    common = dict(entrypoint_type=EntrypointType.MODULE_PATH, **target)
    return [
        scheduled_refresh.to_deployment(
            name=REFRESH,
            schedules=[Cron(settings.schedule_cron, timezone=settings.schedule_timezone)],
            parameters={"source": source, "warehouse": warehouse, "years_back": settings.schedule_years_back},
            description="Rebuild the current report year and the previous one(s) from the source, on a schedule.",
            **common,
        ),
        annual_report.to_deployment(
            name=ON_DEMAND,
            parameters={"year": settings.year, "source": source, "warehouse": warehouse},
            description="Compute and publish one report year: parameters year, source, cutoff.",
            **common,
        ),
    ]


def ensure_pool(settings: Settings) -> None:
    """Create the process work pool and its writer queue (concurrency 1) if missing; set the limit."""
    from prefect import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(settings.work_pool)
        except ObjectNotFound:
            client.create_work_pool(
                WorkPoolCreate(
                    name=settings.work_pool,
                    type="process",
                    base_job_template=ProcessWorker.get_default_base_job_template(),
                    description="spfacts runs (flows/deployments.py)",
                )
            )
        try:
            queue = client.read_work_queue_by_name(settings.work_queue, work_pool_name=settings.work_pool)
            client.update_work_queue(queue.id, concurrency_limit=1)
        except ObjectNotFound:
            client.create_work_queue(
                name=settings.work_queue,
                work_pool_name=settings.work_pool,
                concurrency_limit=1,
                description="runs that write the warehouse: one at a time",
            )


def deploy(settings: Settings | None = None) -> list[str]:
    """Create the pool and queue, and apply both deployments; returns their names."""
    settings = settings or Settings()
    ensure_pool(settings)
    names = []
    for deployment in declared(settings):
        deployment.apply(work_pool_name=settings.work_pool)
        names.append(f"{deployment.flow_name}/{deployment.name}")
    return names
