"""Which report years a source can build, and when a year's figures are provisional.

Read from the manifest alone, before anything is fetched (docs/sources.md: `published` is the
date the source's records stand at; each file's `year` the year its records belong to):

- A year no dataset has a file for cannot be built: NoSourceDataError, naming the years each
  dataset covers. A one-off run stops on it (exit 6); the scheduled refresh reports "no source
  data for Y yet" and ends Completed, since every January the new year has no data yet.
- A year whose cutoff falls after `published` is *in progress*: its records stop at `published`,
  so that is its effective cutoff, and its figures are provisional. They still publish (a daily
  refresh of the current year is the point of a schedule), marked `is_provisional` in
  marts.facts_and_figures; the expectations marked `completeness: true` in
  expectations/definitions (a figure that needs the whole year) are warnings for it, while every
  other critical expectation and the reject budget stay critical.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from flows.errors import ExitCode, PipelineError
from flows.quality import QualityResult
from flows.sources import Manifest


class NoSourceDataError(PipelineError):
    """No dataset of the source has a file for the report year: nothing to build."""

    exit_code = ExitCode.NO_DATA

    def __init__(self, year: int, manifest: Manifest) -> None:
        self.year = year
        super().__init__(
            f"no source data for {year} yet: {manifest.snapshot} (published {manifest.published}) covers "
            f"{describe_coverage(coverage(manifest))}"
        )


@dataclass(frozen=True)
class YearPlan:
    """The report year of a run as the source allows it."""

    year: int
    cutoff: date  # the cutoff asked for (default 31 December)
    published: date  # the manifest's date
    provisional: bool  # the cutoff is after `published`

    @property
    def effective_cutoff(self) -> date:
        return min(self.cutoff, self.published)

    def note(self) -> str:
        """What every output of a provisional year says ("" for a complete year)."""
        return f"provisional, sources as at {self.published.isoformat()}" if self.provisional else ""


def coverage(manifest: Manifest) -> dict[str, list[int]]:
    """{dataset: the years its files cover}; a dataset without per-year files maps to []."""
    years: dict[str, set[int]] = {}
    for entry in manifest.files:
        covered = years.setdefault(entry.dataset, set())
        if entry.year is not None:
            covered.add(entry.year)
    return {dataset: sorted(ys) for dataset, ys in sorted(years.items())}


def describe_coverage(covered: dict[str, list[int]]) -> str:
    """One line: "communications 2022-2023, visit-events 1998-2024; not by year: holders, mandates"."""
    by_year = [f"{dataset} {_ranges(ys)}" for dataset, ys in covered.items() if ys]
    undated = [dataset for dataset, ys in covered.items() if not ys]
    text = ", ".join(by_year) or "no year"
    return text + (f"; not by year: {', '.join(undated)}" if undated else "")


def _ranges(years: list[int]) -> str:
    spans: list[list[int]] = []
    for y in years:
        if spans and y == spans[-1][1] + 1:
            spans[-1][1] = y
        else:
            spans.append([y, y])
    return " ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def covers(manifest: Manifest, year: int) -> bool:
    """Whether some dataset has a file for `year` (files without a year hold no year's records alone)."""
    return any(entry.year == year for entry in manifest.files)


def plan(manifest: Manifest, year: int, cutoff: date) -> YearPlan:
    """The year's plan, or NoSourceDataError when no dataset covers it."""
    if not covers(manifest, year):
        raise NoSourceDataError(year, manifest)
    return YearPlan(year, cutoff, manifest.published, cutoff > manifest.published)


def provisional_result(result: QualityResult) -> QualityResult:
    """The same result with its failed completeness expectations turned into warnings."""
    suites = {
        name: replace(
            outcome,
            findings=tuple(
                replace(f, severity="warning", note=_provisional_note(f.note))
                if f.completeness and f.severity == "critical"
                else f
                for f in outcome.findings
            ),
        )
        for name, outcome in result.suites.items()
    }
    return replace(result, suites=suites)


def _provisional_note(note: str) -> str:
    return f"{note}; a warning while the year is provisional" if note else "a warning while the year is provisional"
