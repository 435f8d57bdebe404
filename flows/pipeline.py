"""The Prefect flow of one report year: extract, load, transform, check, publish, report.

Tasks are coarse (one per dataset or stage: every task call costs Prefect a few ms and every
flow call about a second, docs/stack.md#prefect) and only the network task retries. The flow itself only
orchestrates; each task calls one function of its module, which the tests also call directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows import load, publish, quality, report, run_info, transform
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, Settings
from flows.sources import LandedFile, Manifest, SourceRoot, SourceUnavailableError, land
from flows.sources.manifest import Provenance

# Inputs are paths and plain values; NO_CACHE because Prefect would otherwise try to hash them
# (and a DuckDB connection cannot be hashed, docs/stack.md#prefect).
STAGE = dict(cache_policy=NO_CACHE)


def _unavailable(task, task_run, state) -> bool:
    """Retry only when the source could not be reached; a defective file stays defective."""
    try:
        state.result()
    except SourceUnavailableError:
        return True
    except Exception:  # any other failure is final: the retry policy must not run
        return False
    return False


# Network tasks only: urllib3 already retried each request; these retries wait out an outage.
NETWORK = dict(retries=3, retry_delay_seconds=[2, 10, 30], retry_condition_fn=_unavailable, **STAGE)


@dataclass
class RunResult:
    run_id: str
    year: int
    database_path: Path | None
    figures: report.Reconciled
    quality: quality.QualityResult | None
    rejects: int
    files: list[Path] = field(default_factory=list)


@task(**NETWORK)
def read_manifest(source: str, settings: Settings) -> Manifest:
    with _open(source, settings) as root:
        return root.manifest()


@task(task_run_name="extract-{dataset}", **NETWORK)
def extract_dataset(source: str, settings: Settings, manifest: Manifest, dataset: str) -> list[LandedFile]:
    """Land every file of one dataset (all years: figures reach back, e.g. visits ever)."""
    with _open(source, settings) as root:
        return [land(root, entry, settings.raw_dir, manifest=manifest) for entry in manifest.select([dataset])]


@task(**STAGE)
def load_raw(
    build: Path, landed: list[LandedFile], run_id: str, unknown_columns: tuple[tuple[str, str], ...] = ()
) -> dict[str, int]:
    with publish.connect_build(build) as con:
        return load.load_raw(con, landed, run_id, unknown_columns)


@task(task_run_name="transform-{layer}", **STAGE)
def transform_layer(build: Path, layer: str, variables: dict) -> int:
    """Build the tables of a layer; return the rows it rejected (staging.rejects; none in the marts)."""
    with publish.connect_build(build) as con:
        transform.run_layer(con, layer, variables)
        return transform.count_rejects(con) if layer == "staging" else 0


@task(task_run_name="quality-{stage}", **STAGE)
def check_quality(
    build: Path, stage: str, run_id: str, year: int, docs_dir: Path, provenance: Provenance | None = None
) -> quality.QualityResult:
    return quality.validate(build, stage, run_id=run_id, report_year=year, docs_dir=docs_dir, provenance=provenance)


@task(**STAGE)
def publish_warehouse(build: Path, database_path: Path) -> Path:
    run_info.stamp_finished(build)
    return publish.publish(build, database_path)


@task(**STAGE)
def write_report(database_path: Path, year: int, out_dir: Path) -> tuple[report.Reconciled, list[Path]]:
    reconciled = report.reconcile(database_path, year)
    return reconciled, report.write_html(reconciled, out_dir, database_path)[:1]


@flow(name="annual-report", log_prints=True)
def annual_report(
    year: int = 2023, source: str | None = None, warehouse: str | None = None, cutoff: date | None = None
) -> RunResult:
    """Compute the facts and figures of one report year from a source root, and publish them."""
    overrides = {
        k: v for k, v in dict(year=year, source=source, warehouse_dir=warehouse, cutoff=cutoff).items() if v is not None
    }
    settings = Settings(**overrides)
    logger = get_run_logger()
    started_at = datetime.now(UTC)
    run_id = publish.new_run_id()
    build = publish.build_path(settings.database_path, run_id)
    variables = {
        "report_year": settings.year,
        "cutoff_date": settings.cutoff_date,
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": run_id,
    }
    logger.info("run %s: year %s, cutoff %s, source %s", run_id, settings.year, settings.cutoff_date, settings.source)

    manifest = read_manifest(settings.source, settings)
    variables.update(run_info.variables(manifest, settings.source, started_at))  # marts.run_info
    datasets = sorted({e.dataset for e in manifest.files})
    futures = [extract_dataset.submit(settings.source, settings, manifest, d) for d in datasets]
    landed = [f for future in futures for f in future.result()]
    logger.info("landed %d files (%d already landed before)", len(landed), sum(f.reused for f in landed))
    try:
        rows = load_raw(build, landed, run_id, manifest.unknown_columns)
        logger.info("loaded %d raw rows into %d tables", sum(rows.values()), len(rows))
        rejects = transform_layer(build, "staging", variables)
        staged = check_quality(build, "staging", run_id, settings.year, settings.quality_dir, manifest.provenance)
        transform_layer(build, "marts", variables)
        marts = check_quality(build, "marts", run_id, settings.year, settings.quality_dir, manifest.provenance)
        published = publish_warehouse(build, settings.database_path)
    except BaseException:
        failed = publish.discard(build)
        logger.error("run %s failed; the published warehouse is unchanged; failed build kept at %s", run_id, failed)
        raise
    reconciled, pages = write_report(published, settings.year, settings.warehouse_dir / "report")
    checks = staged.merged(marts)
    return RunResult(
        run_id, settings.year, published, reconciled, checks, rejects, [published, *pages, checks.docs_index]
    )


def _open(source: str, settings: Settings) -> SourceRoot:
    return SourceRoot.open(source, timeout=settings.http_timeout, retries=settings.http_retries)
