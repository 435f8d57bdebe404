"""Data quality with Great Expectations: validate a stage of a build, keep the results, build Data Docs.

The flow calls `validate(build, "staging" | "marts", ...)` after each layer. Each suite of
expectations/suites/ (one per table, flows/quality_suites.py) checks a DataFrame that its
`frame` query reads from the DuckDB file, opened read-only. Why DataFrames: GX's SQL datasource
fails on DuckDB (STACK.md); its pandas datasource works unpatched, and reading only the columns a
suite names keeps it fast (benchmarks/bench_quality.py). GX takes one DataFrame per checkpoint
run (a batch parameter), so each suite is a GX checkpoint of its own; the results go to the
validation results store under the run id, and Data Docs are built once per stage for the new
results (GX's UpdateDataDocsAction rebuilds the index once per result: ~0.2 s each, measured).
A failed expectation of severity "critical" raises QualityError after the docs are written; a
"warning" is reported. A failure matching its recorded accepted exception (same count) is neither.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import yaml

from flows.errors import PipelineError
from flows.quality_assets import localize
from flows.settings import EXPECTATIONS_DIR, REFERENCE_DIR, Settings

GX_CONFIG = EXPECTATIONS_DIR / "great_expectations.yml"
SUITES_DIR = EXPECTATIONS_DIR / "suites"
STAGES = ("staging", "marts")
# DuckDB types a GX pandas batch cannot take cheaply: GX fingerprints every batch, and a column of
# lists makes it pickle the whole DataFrame (51 s instead of 0.7 s at 1M rows, measured).
_NESTED = ("[]", "STRUCT", "MAP", "UNION")


class QualityError(PipelineError):
    """A critical expectation failed: the run must not publish."""

    def __init__(self, result: QualityResult):
        self.result = result
        lines = [f"data quality: {len(result.critical)} critical expectation(s) failed in "
                 f"{', '.join(result.stages)} (run {result.run_id}):"]
        lines += [f"  {finding.describe()}" for finding in result.critical[:20]]
        lines.append(f"Data Docs: {result.docs_index}")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Finding:
    """A failed expectation, as the report and the error message show it."""

    suite: str
    expectation: str
    columns: str
    severity: str  # critical, warning or error (the expectation could not be evaluated)
    unexpected_count: int | None
    sample: tuple[Any, ...]
    note: str
    accepted: dict[str, Any] | None = None

    def describe(self) -> str:
        where = f" on {self.columns}" if self.columns else ""
        count = "" if self.unexpected_count is None else f": {self.unexpected_count} unexpected"
        sample = f", e.g. {', '.join(map(repr, self.sample[:5]))}" if self.sample else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.suite}: {self.expectation}{where}{count}{sample}{note}"


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    stage: str
    expectations: int
    rows: int
    seconds: float
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        return all(f.accepted for f in self.findings)


@dataclass(frozen=True)
class QualityResult:
    run_id: str
    stages: tuple[str, ...]
    suites: dict[str, SuiteOutcome]
    docs_index: Path
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> list[str]:
        return [name for name, s in self.suites.items() if s.passed]

    @property
    def failed(self) -> list[str]:
        return [name for name, s in self.suites.items() if not s.passed]

    def _findings(self, *severities: str) -> list[Finding]:
        return [f for s in self.suites.values() for f in s.findings
                if f.severity in severities and not f.accepted]

    @property
    def critical(self) -> list[Finding]:
        return self._findings("critical", "error")

    @property
    def warnings(self) -> list[Finding]:
        return self._findings("warning")

    @property
    def accepted(self) -> list[Finding]:
        return [f for s in self.suites.values() for f in s.findings if f.accepted]

    def merged(self, other: QualityResult) -> QualityResult:
        return replace(self, stages=self.stages + other.stages, suites={**self.suites, **other.suites},
                       docs_index=other.docs_index, seconds={**self.seconds, **other.seconds})

    def summary(self, rejects: int | None = None) -> str:
        parts = [f"quality: {len(self.passed)}/{len(self.suites)} suites passed",
                 f"{len(self.failed)} failed", f"{len(self.critical)} critical", f"{len(self.warnings)} warnings"]
        if self.accepted:
            parts.append(f"{len(self.accepted)} accepted exceptions")
        if rejects is not None:
            parts.append(f"{rejects} rejected rows")
        return ", ".join(parts) + f"; Data Docs: {self.docs_index}"


def docs_index(warehouse_dir: Path) -> Path:
    """Where `spfacts quality` finds the Data Docs of a warehouse."""
    return Settings(warehouse_dir=warehouse_dir).quality_dir / "index.html"


def load_suites(stage: str, suites_dir: Path = SUITES_DIR) -> list[dict[str, Any]]:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; expected one of {STAGES}")
    suites = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(suites_dir.glob("*.json"))]
    return [s for s in suites if s["meta"]["spfacts"]["layer"] == stage]


def validate(db_path: Path, stage: str, run_id: str, report_year: int, docs_dir: Path | None = None,
             suites: list[str] | None = None, suites_dir: Path = SUITES_DIR) -> QualityResult:
    """Validate the suites of a stage (all, or those named) against the DuckDB file.

    Results are stored under the run id and the Data Docs in `docs_dir` are updated; then a
    failed critical expectation raises QualityError (carrying the result), warnings are returned.
    """
    docs_dir = Path(docs_dir or Settings().quality_dir)
    started = time.perf_counter()
    selected = [s for s in load_suites(stage, suites_dir) if suites is None or s["name"] in suites]
    if suites is not None and len(selected) != len(set(suites)):
        raise ValueError(f"no {stage} suite named {sorted(set(suites) - {s['name'] for s in selected})}")
    context = gx_context(docs_dir, suites_dir)
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    run = RunIdentifier(run_name=run_id, run_time=datetime.now(timezone.utc))
    datasource = context.data_sources.add_pandas("spfacts")
    outcomes: dict[str, SuiteOutcome] = {}
    identifiers: list[Any] = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        _set_variables(con, report_year, run_id)
        for spec in selected:
            began = time.perf_counter()
            name = spec["name"]
            frame = read_frame(con, spec)
            parameters = {}
            if spec["meta"]["spfacts"].get("rows_expected"):
                parameters["rows_expected"] = int(con.execute(spec["meta"]["spfacts"]["rows_expected"]).fetchall()[0][0] or 0)
            batch = datasource.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("whole")
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=context.suites.get(name)))
            checkpoint = context.checkpoints.add(gx.Checkpoint(
                name=name, validation_definitions=[definition], actions=[],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 20}))
            result = checkpoint.run(batch_parameters={"dataframe": frame}, expectation_parameters=parameters,
                                    run_id=run)
            identifiers += list(result.run_results)
            for suite_result in result.run_results.values():
                outcomes[name] = _outcome(name, stage, suite_result, len(frame), time.perf_counter() - began)
            del frame
    validated = time.perf_counter()
    index = build_docs(docs_dir, identifiers + [_suite_identifier(n) for n in outcomes], context=context)
    seconds = {f"{stage}.validate": round(validated - started, 3),
               f"{stage}.docs": round(time.perf_counter() - validated, 3)}
    quality = QualityResult(run_id, (stage,), outcomes, index, seconds)
    if quality.critical:
        raise QualityError(quality)
    return quality


def read_frame(con: duckdb.DuckDBPyConnection, spec: dict[str, Any]):
    """The DataFrame a suite checks, from its `frame` query (scalar columns only)."""
    relation = con.sql(spec["meta"]["spfacts"]["frame"])
    nested = [f"{c} {t}" for c, t in zip(relation.columns, map(str, relation.types)) if any(n in t for n in _NESTED)]
    if nested:
        raise ValueError(f"suite {spec['name']}: the frame selects nested columns {nested}; "
                         "derive scalar columns from them (len(...), list_contains(...))")
    return relation.df()


def gx_context(docs_dir: Path, suites_dir: Path = SUITES_DIR):
    """An in-memory GX context configured by expectations/great_expectations.yml for this docs folder."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import DataContextConfig

    config = yaml.safe_load(GX_CONFIG.read_text(encoding="utf-8"))
    backends = [s["store_backend"] for s in config["stores"].values()]
    backends += [s["store_backend"] for s in config["data_docs_sites"].values()]
    for backend in backends:
        if backend["class_name"] == "TupleFilesystemStoreBackend":
            backend["root_directory"] = str(EXPECTATIONS_DIR)
    config["stores"]["expectations_store"]["store_backend"]["base_directory"] = str(Path(suites_dir).resolve())
    docs_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="ephemeral", project_config=DataContextConfig(**config),
                             runtime_environment={"SPFACTS_QUALITY_DIR": str(docs_dir.resolve())})
    context.variables.progress_bars = {"globally": False}
    return context


def build_docs(docs_dir: Path, resource_identifiers: list[Any] | None = None, context: Any = None) -> Path:
    """Build the Data Docs (only the given results and suites, else everything) and make them offline."""
    context = context or gx_context(docs_dir)
    started = time.time() - 1  # file times have coarse resolution on some file systems
    context.build_data_docs(site_names=["local_site"], resource_identifiers=resource_identifiers)
    localize(docs_dir, since=None if resource_identifiers is None else started)
    return docs_dir / "index.html"


def _set_variables(con: duckdb.DuckDBPyConnection, report_year: int, run_id: str) -> None:
    # DuckDB 2.0 wants every result consumed before the next statement on the connection
    con.execute("set variable report_year = ?", [int(report_year)]).fetchall()
    con.execute("set variable run_id = ?", [run_id]).fetchall()
    con.execute("set variable reference_dir = ?", [str(REFERENCE_DIR)]).fetchall()


def _suite_identifier(name: str):
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    return ExpectationSuiteIdentifier(name=name)


def _outcome(name: str, stage: str, suite_result: Any, rows: int, seconds: float) -> SuiteOutcome:
    findings = []
    for result in suite_result.results:
        if result.success:
            continue
        config = result.expectation_config
        meta = config.meta or {}
        details = result.result or {}
        raised = bool(result.exception_info and result.exception_info.get("raised_exception"))
        count = details.get("unexpected_count")
        if count is None and "observed_value" in details and config.type == "expect_table_row_count_to_equal":
            count = details["observed_value"]
        accepted = meta.get("accepted_exception")
        kwargs = config.kwargs
        columns = ", ".join(str(kwargs[k]) for k in ("column", "column_A", "column_B") if k in kwargs)
        columns = columns or ", ".join(kwargs.get("column_list") or [])
        sample = tuple(details.get("partial_unexpected_list") or ())
        if config.type == "expect_table_row_count_to_equal":
            sample = (f"{details.get('observed_value')} rows, expected {kwargs.get('value')}",)
        findings.append(Finding(
            suite=name, expectation=config.type, columns=columns,
            severity="error" if raised else meta.get("severity", "critical"),
            unexpected_count=count, sample=tuple(_plain(v) for v in sample), note=meta.get("note", ""),
            accepted=accepted if accepted and not raised and accepted.get("count") == count else None))
    return SuiteOutcome(name, stage, len(suite_result.results), rows, round(seconds, 3), tuple(findings))


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
