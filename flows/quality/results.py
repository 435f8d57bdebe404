"""What a validation found: findings per suite, the result of a stage, the error that stops a run.

`validate` (flows/quality/validate.py) returns a QualityResult or raises QualityError carrying one;
the flow, the command line and the tests read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from flows.errors import PipelineError


class SuiteError(PipelineError):
    """A suite cannot run: its frame query fails on this warehouse."""


class QualityError(PipelineError):
    """A critical expectation failed: the run must not publish."""

    def __init__(self, result: QualityResult):
        self.result = result
        lines = [
            f"data quality: {len(result.critical)} critical expectation(s) failed in "
            f"{', '.join(result.stages)} (run {result.run_id}):"
        ]
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
    kind: str = ""  # the family of the expectation (flows/quality/suites.py KINDS)
    completeness: bool = False  # marked `completeness: true`: a warning for a provisional year (flows/years.py)

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
    # results and suites whose Data Docs pages are still to be built (validate(..., docs=False))
    docs_pending: tuple[Any, ...] = ()

    @property
    def passed(self) -> list[str]:
        return [name for name, s in self.suites.items() if s.passed]

    @property
    def failed(self) -> list[str]:
        return [name for name, s in self.suites.items() if not s.passed]

    def _findings(self, *severities: str) -> list[Finding]:
        return [f for s in self.suites.values() for f in s.findings if f.severity in severities and not f.accepted]

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
        return replace(
            self,
            stages=self.stages + other.stages,
            suites={**self.suites, **other.suites},
            docs_index=other.docs_index,
            seconds={**self.seconds, **other.seconds},
            # the later stage's validation builds what the earlier one left (validate's docs_with)
            docs_pending=other.docs_pending,
        )

    def summary(self, rejects: int | None = None) -> str:
        parts = [
            f"quality: {len(self.passed)}/{len(self.suites)} suites passed",
            f"{len(self.failed)} failed",
            f"{len(self.critical)} critical",
            f"{len(self.warnings)} warnings",
        ]
        if self.accepted:
            parts.append(f"{len(self.accepted)} accepted exceptions")
        if rejects is not None:
            parts.append(f"{rejects} rejected rows")
        return ", ".join(parts) + f"; Data Docs: {self.docs_index}"


def _raised(info: Any) -> bool:
    """GX records an expectation that could not be evaluated at the top or per metric."""
    if not isinstance(info, dict):
        return False
    return bool(info.get("raised_exception")) or any(_raised(v) for v in info.values() if isinstance(v, dict))


def outcome(name: str, stage: str, suite_result: Any) -> SuiteOutcome:
    findings = []
    for result in suite_result.results:
        if result.success:
            continue
        config = result.expectation_config
        meta = config.meta or {}
        details = result.result or {}
        raised = _raised(result.exception_info)
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
        findings.append(
            Finding(
                suite=name,
                expectation=config.type,
                columns=columns,
                severity="error" if raised else meta.get("severity", "critical"),
                unexpected_count=count,
                sample=tuple(_plain(v) for v in sample),
                note=meta.get("note", ""),
                accepted=accepted if accepted and not raised and accepted.get("count") == count else None,
                kind=meta.get("kind", ""),
                completeness=bool(meta.get("completeness")),
            )
        )
    return SuiteOutcome(name, stage, len(suite_result.results), tuple(findings))


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
