"""Which years a source can build, and what a provisional year changes (flows/years.py)."""

from datetime import date

import pytest

from flows.quality import Finding, QualityResult, SuiteOutcome
from flows.sources.manifest import Manifest
from flows.sources.models import ManifestEntry
from flows.years import NoSourceDataError, coverage, covers, describe_coverage, plan, provisional_result


def _manifest(published: str, files: list[tuple[str, int | None]]) -> Manifest:
    entries = tuple(
        ManifestEntry(dataset=d, year=y, part=1, path=f"{d}-{y}.csv", format="csv", rows=1, bytes=1, sha256="0" * 64)
        for d, y in files
    )
    return Manifest(contract=1, snapshot="s", published=date.fromisoformat(published), files=entries)


MANIFEST = _manifest(
    "2024-01-31",
    [
        ("communications", 2022),
        ("communications", 2023),
        ("replies", 2024),
        ("visit-events", 1998),
        ("visit-events", 1999),
        ("visit-events", 2001),
        ("mandates", None),
    ],
)


def test_coverage_lists_each_datasets_years_and_the_undated_ones():
    assert coverage(MANIFEST) == {
        "communications": [2022, 2023],
        "mandates": [],
        "replies": [2024],
        "visit-events": [1998, 1999, 2001],
    }
    assert describe_coverage(coverage(MANIFEST)) == (
        "communications 2022-2023, replies 2024, visit-events 1998-1999 2001; not by year: mandates"
    )


def test_a_year_no_dataset_covers_cannot_be_planned_and_the_message_is_one_line():
    assert not covers(MANIFEST, 1990) and not covers(MANIFEST, 2000)
    with pytest.raises(NoSourceDataError) as err:
        plan(MANIFEST, 1990, date(1990, 12, 31))
    message = str(err.value)
    assert "\n" not in message and message.startswith("no source data for 1990 yet")
    assert "communications 2022-2023" in message and err.value.exit_code == 6


def test_a_cutoff_after_the_published_date_makes_the_year_provisional_at_that_date():
    complete = plan(MANIFEST, 2023, date(2023, 12, 31))
    assert not complete.provisional and complete.effective_cutoff == date(2023, 12, 31) and complete.note() == ""
    ongoing = plan(MANIFEST, 2024, date(2024, 12, 31))
    assert ongoing.provisional and ongoing.effective_cutoff == date(2024, 1, 31)
    assert ongoing.note() == "provisional, sources as at 2024-01-31"


def _finding(severity: str, completeness: bool) -> Finding:
    return Finding(
        "facts_and_figures", "expect_column_values_to_be_null", "c", severity, 1, (), "n", completeness=completeness
    )


def test_only_critical_completeness_findings_become_warnings():
    suites = {
        "facts_and_figures": SuiteOutcome(
            "facts_and_figures",
            "marts",
            3,
            (_finding("critical", True), _finding("critical", False), _finding("warning", False)),
        )
    }
    result = QualityResult("r", ("marts",), suites, None)
    assert len(result.critical) == 2 and len(result.warnings) == 1
    provisional = provisional_result(result)
    assert len(provisional.critical) == 1 and not provisional.critical[0].completeness
    assert len(provisional.warnings) == 2
    assert "provisional" in provisional.warnings[0].note


def test_the_completeness_marker_reaches_the_suites():
    import json

    from flows.quality.suites import SUITES_DIR

    marked = [
        (s.stem, e["meta"].get("note"))
        for s in SUITES_DIR.glob("*.json")
        for e in json.loads(s.read_text("utf-8"))["expectations"]
        if e["meta"].get("completeness")
    ]
    assert (
        "facts_and_figures",
        "every figure of the report year has a value (the snapshot covers the year), but those the root cannot give",
    ) in marked
