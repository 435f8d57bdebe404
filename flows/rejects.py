"""The reject budget: too many rejected rows in one dataset stop the run before the marts.

A rejected row is kept in `staging.rejects` with its reason and the run goes on: one odd row
should not hold back a year's figures. But when a source changes (a new `Type` code, a new date
format) a whole share of a dataset is rejected, and the figures computed from the rest are
wrong while every check of the remaining rows passes. So a dataset whose rejected rows exceed
BOTH a share of its rows (default 1%) AND a count (default 5) is a critical failure (exit 4),
naming the dataset, the count and the most frequent reasons. Below the budget, rejects are only
reported.

The budget sits next to the expectations: `reject_budget: {share, count}` at the top level of
expectations/definitions/staging.yml is the default, and a suite with `dataset:` may carry its
own `reject_budget:` for that dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from flows.errors import ExitCode, PipelineError
from flows.settings import EXPECTATIONS_DIR

STAGING_DEFINITIONS = EXPECTATIONS_DIR / "definitions" / "staging.yml"
DEFAULT_SHARE = 0.01
DEFAULT_COUNT = 5
TOP_REASONS = 3


@dataclass(frozen=True)
class Budget:
    share: float  # of the dataset's rows, 0..1
    count: int

    def exceeded_by(self, rejected: int, rows: int) -> bool:
        return rejected > self.count and rejected > self.share * rows

    def describe(self) -> str:
        return f"more than {self.share:.0%} and more than {self.count} rows"


@dataclass(frozen=True)
class DatasetRejects:
    dataset: str
    rows: int  # rows of the dataset's files (manifest = raw)
    rejected: int
    budget: Budget
    reasons: tuple[tuple[str, int], ...]  # ("column: reason", rows), most frequent first

    @property
    def over_budget(self) -> bool:
        return self.budget.exceeded_by(self.rejected, self.rows)

    def describe(self) -> str:
        share = self.rejected / self.rows if self.rows else 1.0
        reasons = "; ".join(f"{reason} ({n})" for reason, n in self.reasons)
        return (
            f"{self.dataset}: {self.rejected} of {self.rows} rows rejected ({share:.1%}; the budget is "
            f"{self.budget.describe()}); top reasons: {reasons}"
        )


class RejectBudgetError(PipelineError):
    """A dataset has more rejected rows than its budget allows: the run must not publish."""

    exit_code = ExitCode.CHECK

    def __init__(self, over: list[DatasetRejects]) -> None:
        self.over = over
        super().__init__("\n".join(f"reject budget exceeded: {d.describe()}" for d in over))


def budgets(path: Path = STAGING_DEFINITIONS) -> tuple[Budget, dict[str, Budget]]:
    """(default budget, {dataset: its own budget}) from the staging expectation definitions."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    default = _budget(doc.get("reject_budget") or {}, Budget(DEFAULT_SHARE, DEFAULT_COUNT))
    own = {
        suite["dataset"]: _budget(suite["reject_budget"], default)
        for suite in (doc.get("suites") or {}).values()
        if suite and suite.get("dataset") and suite.get("reject_budget")
    }
    return default, own


def _budget(spec: dict, default: Budget) -> Budget:
    share, count = spec.get("share", default.share), spec.get("count", default.count)
    if not (isinstance(share, int | float) and 0 <= share <= 1) or not (isinstance(count, int) and count >= 0):
        raise ValueError(f"reject_budget needs share in 0..1 and count >= 0, not {spec!r}")
    return Budget(float(share), count)


def tally(database: Path, definitions: Path = STAGING_DEFINITIONS) -> list[DatasetRejects]:
    """Rejected rows per dataset that has any, with their budget and top reasons."""
    default, own = budgets(definitions)
    with duckdb.connect(str(database), read_only=True) as con:
        counts = con.execute(
            """
            select r.dataset, count(*) as rejected,
                   (select coalesce(sum(m.rows), 0) from raw.raw_manifest m where m.dataset = r.dataset) as rows
            from staging.rejects r group by r.dataset order by rejected desc, r.dataset
            """
        ).fetchall()
        reasons = con.execute(
            """
            select dataset, coalesce(column_name || ': ', '') || reason as why, count(*) as n
            from staging.rejects group by dataset, why
            qualify row_number() over (partition by dataset order by n desc, why) <= ?
            order by dataset, n desc, why
            """,
            [TOP_REASONS],
        ).fetchall()
    top: dict[str, list[tuple[str, int]]] = {}
    for dataset, why, n in reasons:
        top.setdefault(dataset, []).append((why, n))
    return [
        DatasetRejects(dataset, rows, rejected, own.get(dataset, default), tuple(top.get(dataset, [])))
        for dataset, rejected, rows in counts
    ]


def check_budget(database: Path, definitions: Path = STAGING_DEFINITIONS) -> list[DatasetRejects]:
    """The rejects per dataset; raises RejectBudgetError when one is over its budget."""
    rejects = tally(database, definitions)
    over = [d for d in rejects if d.over_budget]
    if over:
        raise RejectBudgetError(over)
    return rejects
