"""The run summary a person reads in Prefect (flows/artifacts.py): stages, provisional note, paths, reason."""

from datetime import date

from flows.artifacts import Stage, failure_markdown, stage_table, summary_markdown
from flows.pipeline import RunResult
from flows.quality import QualityResult
from flows.report import Reconciled
from flows.settings import Settings
from flows.years import YearPlan

STAGES = [
    Stage("extract", "54 files", 1.04, rows_in=10613, rows_out=10613),
    Stage("staging", "20698 rows", 2.3, rows_in=10613, rows_out=20698, rejected=3),
    Stage("checks", "27 suites passed", 15.0),
]


def test_the_stage_table_has_rows_in_out_rejects_and_seconds():
    lines = stage_table(STAGES).splitlines()
    assert lines[0] == "| stage | rows in | rows out | rejected | seconds | summary |"
    assert "| staging | 10613 | 20698 | 3 | 2.3 | 20698 rows |" in lines
    assert "| checks |  |  |  | 15.0 | 27 suites passed |" in lines


def test_the_summary_of_a_provisional_run_says_so_and_gives_the_paths(tmp_path):
    settings = Settings(warehouse_dir=tmp_path, year=2024)
    checks = QualityResult("r1", ("staging", "marts"), {}, settings.quality_dir / "index.html")
    result = RunResult(
        "r1",
        2024,
        settings.database_path,
        Reconciled(2024, None, []),
        checks,
        0,
        note="provisional, sources as at 2024-01-31",
        stages=STAGES,
    )
    text = summary_markdown(settings, result)
    assert text.startswith("# 2024: published\n\n**provisional, sources as at 2024-01-31**")
    for path in (settings.database_path, settings.report_dir / "index.html", settings.quality_dir / "index.html"):
        assert f"`{path}`" in text
    assert f"`{tmp_path / 'logs' / 'r1.log'}`" in text and "| extract | 10613 | 10613 |" in text


def test_the_summary_of_a_blocked_run_gives_the_reason_and_the_unchanged_warehouse(tmp_path):
    settings = Settings(warehouse_dir=tmp_path, year=2023)
    plan = YearPlan(2023, date(2023, 12, 31), date(2024, 1, 31), False)
    text = failure_markdown(
        settings, "r2", plan, STAGES[:1], RuntimeError("data quality: 1 critical expectation(s) failed")
    )
    assert text.startswith("# 2023: nothing published\n")
    assert "data quality: 1 critical expectation(s) failed" in text
    assert f"warehouse (unchanged): `{settings.database_path}`" in text
