"""The Prefect flow of one report year: extract, load, transform, check, publish, report.

Tasks are coarse (one per dataset or stage: every task call costs Prefect a few ms and every
flow call about a second, docs/stack.md#prefect). No task retries: retrying the network is urllib3's job,
per request and bounded in time (flows/sources/transport.py), and nothing else is worth
retrying. The flow itself only orchestrates; each task calls one function of its module, which
the tests also call directly. Everything that writes the warehouse folder runs under its writer
lock (flows/lock.py); each stage ends with one line (rows, rejects, seconds) that `spfacts run`
shows, and the whole log goes to `<warehouse>/logs/<run id>.log` (flows/runlog.py).

Before anything is fetched or locked, the manifest says whether the year can be built at all and
whether it is provisional (flows/years.py). A run ends by publishing two Prefect artifacts: the
reconciliation as a table and a run summary (stages, checks, paths) as markdown (flows/artifacts.py).

A run whose manifest, settings and code are those of the published build reads the manifest and
stops there (flows/identity.py, docs/architecture.md#no-op-rerun). Otherwise Great Expectations
is imported in a background thread while extract, load and the SQL run (its ~6 s of imports were
paid inside the first check), and the Data Docs are built once, after the marts check.
"""

from __future__ import annotations

import importlib
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import (
    artifacts,
    docs_retention,
    identity,
    load,
    publish,
    quality,
    report,
    run_info,
    runlog,
    transform,
    years,
)
from flows.lock import warehouse_lock
from flows.rejects import DatasetRejects, check_budget
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, Settings
from flows.sources import LandedFile, Manifest, SourceRoot, land
from flows.sources.manifest import Provenance
from flows.testhooks import pause_at

# Inputs are paths and plain values; NO_CACHE because Prefect would otherwise try to hash them
# (and a DuckDB connection cannot be hashed, docs/stack.md#prefect).
STAGE = dict(cache_policy=NO_CACHE)


@dataclass
class RunResult:
    run_id: str
    year: int
    database_path: Path | None
    figures: report.Reconciled
    quality: quality.QualityResult | None
    rejects: int
    files: list[Path] = field(default_factory=list)
    note: str = ""  # "provisional, sources as at <published>" for a year in progress
    stages: list[artifacts.Stage] = field(default_factory=list)
    unchanged_since: str | None = None  # the run whose build is still the one to publish (no-op rerun)


@task(**STAGE)
def read_manifest(
    source: str, settings: Settings, validators: dict[str, str] | None = None
) -> tuple[Manifest | None, dict[str, str]]:
    """(manifest, its validators); the manifest is None when the server says it has not changed
    since `validators` were given (a conditional GET, flows/identity.py)."""
    with _open(source, settings) as root:
        return root.manifest_if_changed(validators), root.validators


@task(**STAGE)
def published_identity(warehouse_dir: Path, database_path: Path) -> identity.Published | None:
    """What the published build was built from (None: unknown, so the run is a full one)."""
    return identity.read(warehouse_dir, database_path)


@task(**STAGE)
def reconcile_published(database_path: Path, year: int) -> report.Reconciled:
    """The published build's figures, for a run that builds nothing (no-op rerun)."""
    return report.reconcile(database_path, year)


@task(task_run_name="extract-{dataset}", **STAGE)
def extract_dataset(source: str, settings: Settings, manifest: Manifest, dataset: str) -> list[LandedFile]:
    """Land every file of one dataset (all years: figures reach back, e.g. visits ever)."""
    with _open(source, settings) as root:
        return [land(root, entry, settings.raw_dir, manifest=manifest) for entry in manifest.select([dataset])]


@task(**STAGE)
def load_raw(
    build: Path, landed: list[LandedFile], run_id: str, unknown_columns: tuple[tuple[str, str], ...] = ()
) -> dict[str, int]:
    with publish.connect_build(build) as con:
        counts = load.load_raw(con, landed, run_id, unknown_columns)
        pause_at("load")  # tests kill a run here: the build open, raw tables written
        return counts


@task(task_run_name="transform-{layer}", **STAGE)
def transform_layer(build: Path, layer: str, variables: dict) -> transform.LayerBuilt:
    """Build the tables of a layer; return what it built (tables, rows, rows rejected)."""
    with publish.connect_build(build) as con:
        transform.run_layer(con, layer, variables)
        return transform.layer_built(con, layer)


@task(task_run_name="quality-{stage}", **STAGE)
def check_quality(
    build: Path,
    stage: str,
    run_id: str,
    year: int,
    docs_dir: Path,
    provisional: bool = False,
    provenance: Provenance | None = None,
    docs_with: quality.QualityResult | None = None,
) -> quality.QualityResult:
    """Validate a stage. Data Docs are built once per run, by the marts check, for both stages
    (`docs_with` is the staging result); a critical failure documents itself at once."""
    pause_at("quality")  # tests kill a run here: the build written, Data Docs being written
    try:
        return quality.validate(
            build,
            stage,
            run_id=run_id,
            report_year=year,
            docs_dir=docs_dir,
            provenance=provenance,
            docs=docs_with is not None,
            docs_with=docs_with.docs_pending if docs_with else (),
        )
    except quality.QualityError as err:
        if not provisional:
            raise
        # completeness expectations are warnings while the year is in progress (flows/years.py)
        result = years.provisional_result(err.result)
        if result.critical:
            raise quality.QualityError(result) from None
        return result
    finally:
        docs_retention.mark_index(docs_dir)  # GX rewrote the index: the published run's banner again


@task(**STAGE)
def check_rejects(build: Path) -> list[DatasetRejects]:
    return check_budget(build)


@task(**STAGE)
def publish_warehouse(build: Path, database_path: Path, built_from: identity.Published) -> Path:
    run_info.stamp_finished(build)
    identity.forget(database_path.parent)  # a crash before the record is written means: rebuild
    published = publish.publish(build, database_path)
    identity.record(database_path.parent, built_from)
    return published


@task(**STAGE)
def write_report(database_path: Path, year: int, out_dir: Path) -> tuple[report.Reconciled, list[Path]]:
    reconciled = report.reconcile(database_path, year)
    return reconciled, report.write_html(reconciled, out_dir, database_path)[:1]


def run_name() -> str:
    """Prefect's name of an annual-report run: its year and source, e.g. "2023 from ohchr-2023"."""
    from prefect.runtime import flow_run

    parameters = flow_run.parameters
    settings = Settings()
    return f"{parameters.get('year') or settings.year} from {source_label(parameters.get('source') or settings.source)}"


def source_label(source: str) -> str:
    """A short name of a source root: the folder's name, or the URL's host and path."""
    if "://" in source:
        parts = urlsplit(source)
        return f"{parts.netloc}{parts.path}".rstrip("/")
    return Path(source).name


@flow(name="annual-report", log_prints=True, flow_run_name=run_name)
def annual_report(
    year: int = 2023,
    source: str | None = None,
    warehouse: str | None = None,
    cutoff: date | None = None,
    run_id: str | None = None,
) -> RunResult:
    """Compute the facts and figures of one report year from a source root, and publish them.

    `run_id` names the run's build and log file; `spfacts run` chooses it to know where the log is.
    """
    overrides = {
        k: v for k, v in dict(year=year, source=source, warehouse_dir=warehouse, cutoff=cutoff).items() if v is not None
    }
    settings = Settings(**overrides)
    logger = get_run_logger()
    started_at = datetime.now(UTC)
    run_id = run_id or publish.new_run_id()
    with runlog.run_log(runlog.log_path(settings.warehouse_dir, run_id)) as log:
        stages = _Stages(logger, time.perf_counter())
        # the published build's identity sits in its year folder (flows/identity.py)
        wanted = identity.settings_identity(settings, run_info.code_hash())
        previous = published_identity(settings.database_path.parent, settings.database_path)
        same = previous is not None and previous.settings == wanted
        manifest, validators = read_manifest(settings.source, settings, previous.validators if same else None)
        if same and (manifest is None or identity.manifest_digest(manifest) == previous.manifest):
            with warehouse_lock(settings.warehouse_dir, run_id, timeout=settings.lock_timeout):
                result = _unchanged(settings, run_id, previous.run_id, stages)
            artifacts.publish_summary(settings, result)  # a run that built nothing says so in Prefect too
            return result
        if manifest is None:  # a 304 to a request this run did not make conditional: cannot happen
            raise RuntimeError(
                f"the source answered 304 Not Modified to an unconditional request for {settings.source}"
            )
        plan = years.plan(manifest, settings.year, settings.cutoff_date)  # NoSourceDataError: nothing fetched
        built_from = identity.Published(run_id, wanted, identity.manifest_digest(manifest), validators)
        try:
            with warehouse_lock(settings.warehouse_dir, run_id, timeout=settings.lock_timeout) as leftovers:
                if leftovers:
                    logger.info("removed %d file(s) left by runs that died: %s", len(leftovers), leftovers)
                result = _annual_report(settings, run_id, logger, manifest, plan, stages, started_at, built_from)
        except Exception as err:
            artifacts.publish_failure(settings, run_id, plan, stages.done, err, log)
            raise
        artifacts.publish_summary(settings, result)
        return result


def _annual_report(
    settings: Settings,
    run_id: str,
    logger,
    manifest: Manifest,
    plan: years.YearPlan,
    stages: _Stages,
    started_at: datetime,
    built_from: identity.Published,
) -> RunResult:
    build = publish.build_path(settings.database_path, run_id)
    variables = {
        "report_year": settings.year,
        "cutoff_date": plan.effective_cutoff,
        "provisional": plan.provisional,
        "published_date": plan.published,
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": run_id,
        **run_info.variables(manifest, settings.source, started_at),  # marts.run_info
    }
    logger.info("run %s: year %s, cutoff %s, source %s", run_id, settings.year, plan.effective_cutoff, settings.source)
    if plan.provisional:
        logger.warning("%s %s: its cutoff %s is after the sources' date", settings.year, plan.note(), plan.cutoff)

    _import_in_background("great_expectations")  # ~6 s of imports, overlapped with extract, load and SQL
    pruned = docs_retention.prune(settings.quality_dir, keep=settings.docs_keep_runs)
    if pruned:
        logger.info("Data Docs: removed %d older run(s), keeping %d", len(pruned), settings.docs_keep_runs)
    datasets = sorted({e.dataset for e in manifest.files})
    futures = [extract_dataset.submit(settings.source, settings, manifest, d) for d in datasets]
    landed = [f for future in futures for f in future.result()]
    landed_rows = sum(f.entry.rows for f in landed)
    fetched = f"{len(landed)} files, {landed_rows} rows ({sum(f.reused for f in landed)} already landed)"
    stages.end("extract", fetched, rows_in=sum(e.rows for e in manifest.files), rows_out=landed_rows)
    try:
        rows = load_raw(build, landed, run_id, manifest.unknown_columns)
        raw_rows = sum(rows.values())
        stages.end("load", f"{raw_rows} raw rows in {len(rows)} tables", rows_in=landed_rows, rows_out=raw_rows)
        staging = transform_layer(build, "staging", variables)
        check_rejects(build)
        summary = f"{staging.describe()} (within budget)"
        stages.end("staging", summary, rows_in=raw_rows, rows_out=staging.rows, rejected=staging.rejects)
        staged = check_quality(
            build, "staging", run_id, settings.year, settings.quality_dir, plan.provisional, manifest.provenance
        )
        stages.end("checks", _checks(staged))
        built = transform_layer(build, "marts", variables)
        stages.end("marts", built.describe(), rows_in=staging.rows, rows_out=built.rows)
        marts = check_quality(
            build,
            "marts",
            run_id,
            settings.year,
            settings.quality_dir,
            plan.provisional,
            manifest.provenance,
            docs_with=staged,
        )
        stages.end("checks", _checks(marts))
        published = publish_warehouse(build, settings.database_path, built_from)
        stages.end("publish", str(published))
    except BaseException:
        failed = publish.discard(build)
        logger.error("run %s failed; the published warehouse is unchanged; failed build kept at %s", run_id, failed)
        raise
    reconciled, pages = write_report(published, settings.year, settings.report_dir)
    checks = staged.merged(marts)
    # the Data Docs keep the last runs' results and mark the published one (flows/docs_retention.py)
    docs_retention.after_publish(settings.quality_dir, run_id, keep=settings.docs_keep_runs, note=plan.note())
    # the report line names the page; the headline (with the provisional note) is printed once, after the stages
    stages.end("report", ", ".join(str(p) for p in pages))
    return RunResult(
        run_id,
        settings.year,
        published,
        reconciled,
        checks,
        staging.rejects,
        [published, *pages, checks.docs_index],
        note=plan.note(),
        stages=stages.done,
    )


def _unchanged(settings: Settings, run_id: str, since: str, stages: _Stages) -> RunResult:
    """The published build is what this run would build: say so and publish nothing."""
    stages.end("unchanged", f"unchanged since run {since}: same manifest, year, cutoff and code")
    database = settings.database_path
    reconciled = reconcile_published(database, settings.year)
    return RunResult(
        run_id, settings.year, database, reconciled, None, 0, [database], stages=stages.done, unchanged_since=since
    )


def _import_in_background(module: str) -> threading.Thread:
    """Import a module in a thread, so that its import overlaps the work before its first use.

    The first use imports it as usual: Python's import lock makes it wait for the thread, or
    import it itself (and raise its error) if the thread failed."""

    def target() -> None:
        try:
            importlib.import_module(module)
        except Exception:  # the import in the main thread raises it again, where it matters
            pass

    thread = threading.Thread(target=target, name=f"import-{module}", daemon=True)
    thread.start()
    return thread


class _Stages:
    """Ends stages: logs each one's line (rows, rejects, seconds) and keeps it for the run summary."""

    def __init__(self, logger, started: float) -> None:
        self.logger = logger
        self.started = started
        self.done: list[artifacts.Stage] = []

    def end(self, name: str, summary: str, **counts: int) -> None:
        now = time.perf_counter()
        runlog.stage(self.logger, name, summary, now - self.started)
        self.done.append(artifacts.Stage(name, summary, round(now - self.started, 1), **counts))
        self.started = now


def _checks(result: quality.QualityResult) -> str:
    return f"{', '.join(result.stages)}: {len(result.passed)} suites passed, {len(result.warnings)} warnings"


def _open(source: str, settings: Settings) -> SourceRoot:
    return SourceRoot.open(
        source,
        timeout=settings.http_timeout,
        retries=settings.http_retries,
        retry_seconds=settings.http_retry_seconds,
        unreachable_seconds=settings.http_unreachable_seconds,
        max_file_bytes=settings.max_file_bytes,
        max_cell_bytes=settings.max_cell_bytes,
    )
