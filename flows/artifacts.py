"""What a run shows in Prefect besides its task states: a table artifact and a markdown summary.

- `reconciliation-<year>` (table): every figure of the report year, published beside computed,
  with its status; the description is the headline ("78/78 figures of A/HRC/55/69 reproduced").
- `run-summary-<year>` (markdown): the headline, "provisional, sources as at <published>" for a
  year in progress, each stage's rows in and out, rejects and seconds, the quality summary, and
  the paths of the warehouse, the reproduction report, the Data Docs and the run's log.
  A run that publishes nothing writes the same summary with the reason it stopped.

Artifacts are keyed by year, so the Prefect UI keeps each year's history apart.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from flows import runlog

if TYPE_CHECKING:
    from flows.pipeline import RunResult
    from flows.settings import Settings
    from flows.years import YearPlan


@dataclass(frozen=True)
class Stage:
    """One stage of a run as its summary line and the run summary show it."""

    name: str
    summary: str
    seconds: float
    rows_in: int | None = None
    rows_out: int | None = None
    rejected: int | None = None


def reconciliation_rows(database: Path, year: int) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        cur = con.execute(
            """
            select r.figure_id, r.paragraph, r.published, r.computed, r.status, f.is_provisional
            from marts.reconciliation r
            left join marts.facts_and_figures f on f.year = r.year and f.figure_id = r.figure_id
            where r.year = ? order by r.paragraph nulls last, r.figure_id
            """,
            [year],
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def stage_table(stages: list[Stage]) -> str:
    def cell(value: int | None) -> str:
        return "" if value is None else str(value)

    lines = ["| stage | rows in | rows out | rejected | seconds | summary |", "|---|---:|---:|---:|---:|---|"]
    lines += [
        f"| {s.name} | {cell(s.rows_in)} | {cell(s.rows_out)} | {cell(s.rejected)} | {s.seconds:.1f} | {s.summary} |"
        for s in stages
    ]
    return "\n".join(lines)


def summary_markdown(settings: Settings, result: RunResult) -> str:
    """The run summary of a published run."""
    note = f"\n\n**{result.note}**" if result.note else ""
    state = f"unchanged since run {result.unchanged_since}" if result.unchanged_since else "published"
    paths = [
        ("warehouse", result.database_path),
        ("reproduction report", settings.report_dir / "index.html"),
        ("Data Docs", result.quality.docs_index if result.quality else settings.quality_dir / "index.html"),
        ("log", runlog.log_path(settings.warehouse_dir, result.run_id)),
    ]
    return "\n".join(
        [
            f"# {result.year}: {state}{note}",
            "",
            result.figures.headline(),
            "",
            stage_table(result.stages),
            "",
            result.quality.summary(result.rejects) if result.quality else "",
            "",
            *[f"- {label}: `{path}`" for label, path in paths if path],
            f"- run id: `{result.run_id}`",
        ]
    )


def failure_markdown(settings: Settings, run_id: str, plan: YearPlan, stages: list[Stage], err: BaseException) -> str:
    reason = str(err).strip() or type(err).__name__
    note = f" ({plan.note()})" if plan.provisional else ""
    return "\n".join(
        [
            f"# {plan.year}: nothing published{note}",
            "",
            "The published warehouse is unchanged. The run stopped on:",
            "",
            "```",
            reason,
            "```",
            "",
            stage_table(stages),
            "",
            f"- warehouse (unchanged): `{settings.database_path}`",
            f"- Data Docs: `{settings.quality_dir / 'index.html'}`",
            f"- run id: `{run_id}`",
        ]
    )


def publish_summary(settings: Settings, result: RunResult) -> None:
    """The table and the summary of a published run; an API failure here is logged, never the run's failure."""
    try:
        _publish_summary(settings, result)
    except Exception as err:  # noqa: BLE001 (the warehouse is published: an artifact must not undo that)
        logging.getLogger(__name__).warning("could not publish the run's artifacts: %s", err)


def _publish_summary(settings: Settings, result: RunResult) -> None:
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    rows = reconciliation_rows(result.database_path, result.year)
    create_table_artifact(
        table=[{k: "" if v is None else v for k, v in row.items()} for row in rows],
        key=f"reconciliation-{result.year}",
        description=result.figures.headline() + (f" ({result.note})" if result.note else ""),
    )
    create_markdown_artifact(
        markdown=summary_markdown(settings, result),
        key=f"run-summary-{result.year}",
        description=f"run {result.run_id}",
    )


def publish_failure(
    settings: Settings, run_id: str, plan: YearPlan, stages: list[Stage], err: BaseException, log: Path
) -> None:
    """The summary of a run that published nothing; an API failure here never hides the run's own error."""
    from prefect.artifacts import create_markdown_artifact

    try:
        create_markdown_artifact(
            markdown=failure_markdown(settings, run_id, plan, stages, err) + f"\n- log: `{log}`",
            key=f"run-summary-{plan.year}",
            description=f"run {run_id}: nothing published",
        )
    except Exception as problem:  # noqa: BLE001
        logging.getLogger(__name__).warning("could not publish the run's summary: %s", problem)
