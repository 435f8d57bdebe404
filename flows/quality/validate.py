"""Data quality with Great Expectations: validate a stage of a build, keep the results, build Data Docs.

The flow calls `validate(build, "staging" | "marts", ...)` after each layer. Each suite of
expectations/suites/ (one per table, flows/quality/suites.py) checks the rows of its `frame`
query, which GX runs inside DuckDB through its SQL datasource, read-only (the DuckDB adjustments,
and why SQL rather than DataFrames: flows/quality/gx.py, benchmarks/bench_quality.py). One GX
checkpoint per stage runs the suites for success only, a second one again in detail those that
failed (FIRST_PASS below; costs at 100 times the snapshot: benchmarks/bench_scale.py). The
results go to the validation results store under the run id, and the Data Docs are built for the
new results once per run: the flow validates staging with `docs=False` and hands what is pending
to the marts validation (`docs_with`), which builds both (each build rebuilds the whole index,
about 1 s here whatever its size; GX's UpdateDataDocsAction would rebuild it once per result).
A failed expectation of severity "critical" raises QualityError after the docs are written; a
"warning" is reported. A failure matching its recorded accepted exception (same count) is neither.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.quality.assets import localize
from flows.quality.gx import SUITES_DIR, close_datasource, duckdb_datasource, gx_context
from flows.quality.results import QualityError, QualityResult, SuiteError, outcome
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, Settings
from flows.sources.manifest import Provenance

STAGES = ("staging", "marts")
# Two passes. GX computes the unexpected-value samples of every expectation with queries of their
# own, passed or not (SUMMARY); BOOLEAN_ONLY computes only what decides success. Only suites with
# a failure run again in detail, so the results and Data Docs of a failure show their unexpected
# values and counts; a passed expectation keeps its success without the (empty) sample (Data Docs
# show "--" as its observed value: with no `mostly`, passing means 0 unexpected or the expected count).
# At 100 times the snapshot GX's checks of staging took 3.6 s in SUMMARY, 1.8 s so (bench_scale.py).
FIRST_PASS = {"result_format": "BOOLEAN_ONLY"}
DETAIL = {"result_format": "SUMMARY", "partial_unexpected_count": 20}


def docs_index(warehouse_dir: Path, year: int | None = None) -> Path:
    """The Data Docs index of a report year of a warehouse (default: its latest published year)."""
    from flows.settings import reading

    return reading(warehouse_dir, year).quality_dir / "index.html"


def load_suites(stage: str, suites_dir: Path = SUITES_DIR) -> list[dict[str, Any]]:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; expected one of {STAGES}")
    suites = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(suites_dir.glob("*.json"))]
    return [s for s in suites if s["meta"]["spfacts"]["layer"] == stage]


def validate(
    db_path: Path,
    stage: str,
    run_id: str,
    report_year: int,
    docs_dir: Path | None = None,
    suites: list[str] | None = None,
    suites_dir: Path = SUITES_DIR,
    provenance: Provenance | None = None,
    docs: bool = True,
    docs_with: tuple[Any, ...] = (),
) -> QualityResult:
    """Validate the suites of a stage (all, or those named) against the DuckDB file.

    Results are stored under the run id and the Data Docs in `docs_dir` are updated (their index
    with the banner of the source's `provenance`, a manifest's Provenance, unless it is an export);
    then a failed critical expectation raises QualityError (carrying the result), warnings are returned.
    With `docs=False` the Data Docs are left for later unless a critical expectation failed: the
    result's `docs_pending` says what to build, e.g. as `docs_with` of the next stage's validation,
    which builds both at once (one Data Docs build per run: each costs ~1-2 s whatever its size).
    """
    docs_dir = Path(docs_dir or Settings().quality_dir)
    started = time.perf_counter()
    selected = [s for s in load_suites(stage, suites_dir) if suites is None or s["name"] in suites]
    if suites is not None and len(selected) != len(set(suites)):
        raise ValueError(f"no {stage} suite named {sorted(set(suites) - {s['name'] for s in selected})}")
    context = gx_context(docs_dir, suites_dir)
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    variables = {
        "report_year": int(report_year),
        "run_id": run_id,
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
    }
    datasource = duckdb_datasource(context, db_path, variables)
    try:
        parameters = _parameters(datasource, selected)
        frames = _materialise_frames(datasource, selected)
        definitions = []
        for spec in selected:
            asset = datasource.add_query_asset(spec["name"], query=f"select * from {frames[spec['name']]}")
            definitions.append(
                context.validation_definitions.add(
                    gx.ValidationDefinition(
                        name=spec["name"],
                        data=asset.add_batch_definition_whole_table("whole"),
                        suite=context.suites.get(spec["name"]),
                    )
                )
            )
        run = RunIdentifier(run_name=run_id, run_time=datetime.now(UTC))
        results = _run_checkpoint(context, f"spfacts-{stage}", definitions, FIRST_PASS, parameters, run)
        failed = [d for d in definitions if not results[d.name][1].success]
        if failed:  # same run, batch and suite: the detailed result replaces the stored first one
            results.update(_run_checkpoint(context, f"spfacts-{stage}-failed", failed, DETAIL, parameters, run))
    finally:
        close_datasource(datasource)
    validated = time.perf_counter()
    outcomes = {name: outcome(name, stage, r) for name, (_, r) in results.items()}
    identifiers = (*docs_with, *(key for key, _ in results.values()), *(_suite_identifier(n) for n in outcomes))
    quality = QualityResult(run_id, (stage,), outcomes, docs_dir / "index.html", docs_pending=identifiers)
    if docs or quality.critical:  # a failure is always documented at once
        build_docs(docs_dir, list(identifiers), context=context, provenance=provenance)
        quality = replace(quality, docs_pending=())
    seconds = {
        f"{stage}.validate": round(validated - started, 3),
        f"{stage}.docs": round(time.perf_counter() - validated, 3),
    }
    quality = replace(quality, seconds=seconds)
    if quality.critical:
        raise QualityError(quality)
    return quality


def _run_checkpoint(
    context: Any, name: str, definitions: list[Any], result_format: dict[str, Any], parameters: dict[str, int], run: Any
) -> dict[str, tuple[Any, Any]]:
    """Run one GX checkpoint; {suite: (result identifier, suite result)}."""
    import great_expectations as gx

    checkpoint = context.checkpoints.add(
        gx.Checkpoint(name=name, validation_definitions=definitions, actions=[], result_format=result_format)
    )
    result = checkpoint.run(expectation_parameters=parameters, run_id=run)
    return {r.suite_name: (key, r) for key, r in result.run_results.items()}


def _materialise_frames(datasource: Any, suites: list[dict[str, Any]]) -> dict[str, str]:
    """Each frame query once, into a temp table of GX's connection (allowed on a read-only file).

    GX sends one query per metric, and would otherwise re-run the frame's joins for every one:
    at 1M rows this about halves the cost (4.1 s to 2.3 s, benchmarks/bench_quality.py).
    """
    import sqlalchemy

    tables = {}
    with datasource.get_execution_engine().get_connection() as connection:
        for spec in suites:
            table = f"temp.frame_{spec['name']}"
            try:
                connection.exec_driver_sql(
                    f"create or replace temp table frame_{spec['name']} as\n{spec['meta']['spfacts']['frame']}"
                )
            except sqlalchemy.exc.DBAPIError as err:
                raise SuiteError(f"suite {spec['name']}: its frame query fails: {err.orig}") from err
            tables[spec["name"]] = table
        connection.commit()  # SQLAlchemy opened a transaction: without a commit the tables vanish
    return tables


def _parameters(datasource: Any, suites: list[dict[str, Any]]) -> dict[str, int]:
    """The expected row count of each suite that has one, from its `rows_expected` query."""
    import sqlalchemy

    parameters = {}
    with datasource.get_execution_engine().get_connection() as connection:
        for spec in suites:
            sql = spec["meta"]["spfacts"].get("rows_expected")
            if sql:
                try:
                    value = connection.exec_driver_sql(sql).scalar()
                except sqlalchemy.exc.DBAPIError as err:
                    raise SuiteError(f"suite {spec['name']}: its row count query fails: {err.orig}") from err
                parameters[f"rows_expected_{spec['name']}"] = int(value or 0)
    return parameters


def build_docs(
    docs_dir: Path,
    resource_identifiers: list[Any] | None = None,
    context: Any = None,
    provenance: Provenance | None = None,
) -> Path:
    """Build the Data Docs (only the given results and suites, else everything) and make them offline."""
    context = context or gx_context(docs_dir)
    started = time.time() - 1  # file times have coarse resolution on some file systems
    context.build_data_docs(site_names=["local_site"], resource_identifiers=resource_identifiers)
    from flows.quality.docs import rewrite_page  # imports GX: loaded only once GX is

    localize(docs_dir, since=None if resource_identifiers is None else started, rewrite=rewrite_page(provenance))
    return docs_dir / "index.html"


def _suite_identifier(name: str):
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    return ExpectationSuiteIdentifier(name=name)
