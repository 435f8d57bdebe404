"""The reject budget: a dataset over both its share and its count stops the run (exit 4)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.errors import ExitCode, exit_code_for
from flows.rejects import Budget, RejectBudgetError, budgets, check_budget, tally

DEFINITIONS = """
suites:
  stg_communications:
    dataset: communications
    critical: []
  stg_media:
    dataset: media
    reject_budget: {share: 0.5, count: 0}
reject_budget: {share: 0.01, count: 5}
"""


def _warehouse(tmp_path: Path, rows: dict[str, int], rejected: dict[str, list[tuple[str, str]]]) -> Path:
    path = tmp_path / "build.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema staging")
        con.execute("create table raw.raw_manifest (dataset varchar, rows bigint)")
        con.execute(
            "create table staging.rejects (dataset varchar, source_file varchar, row_number bigint, "
            "column_name varchar, value varchar, reason varchar, run_id varchar)"
        )
        for dataset, n in rows.items():  # two files per dataset: the budget counts all of them
            con.execute("insert into raw.raw_manifest values (?, ?), (?, ?)", [dataset, n // 2, dataset, n - n // 2])
        for dataset, found in rejected.items():
            for number, (column, reason) in enumerate(found, start=1):
                con.execute(
                    "insert into staging.rejects values (?, 'f.csv', ?, ?, 'x', ?, 'run')",
                    [dataset, number, column, reason],
                )
    return path


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    path = tmp_path / "staging.yml"
    path.write_text(DEFINITIONS, encoding="utf-8")
    return path


def test_budgets_come_from_the_definitions_with_a_dataset_of_its_own(definitions: Path) -> None:
    default, own = budgets(definitions)
    assert default == Budget(0.01, 5)
    assert own == {"media": Budget(0.5, 0)}


def test_the_project_default_is_one_percent_and_five_rows() -> None:
    assert budgets()[0] == Budget(0.01, 5)


@pytest.mark.parametrize(
    "rows, rejected, over",
    [
        (1000, 10, False),  # 1.0%: not more than 1%
        (1000, 11, True),  # 1.1% and 11 rows
        (100, 5, False),  # 5%, but not more than 5 rows
        (100, 6, True),
        (10000, 60, False),  # 60 rows, but only 0.6%
    ],
)
def test_over_budget_means_over_both_the_share_and_the_count(tmp_path, definitions, rows, rejected, over) -> None:
    build = _warehouse(tmp_path, {"communications": rows}, {"communications": [("Type", "unknown code")] * rejected})
    if over:
        with pytest.raises(RejectBudgetError):
            check_budget(build, definitions)
    else:
        assert [d.rejected for d in check_budget(build, definitions)] == [rejected]


def test_the_failure_names_the_dataset_the_count_and_the_top_reasons(tmp_path, definitions) -> None:
    found = [("Type", "unknown communication type 'XX'")] * 300 + [("Date", "not a date")] * 12 + [(None, "odd")] * 2
    build = _warehouse(tmp_path, {"communications": 1000, "replies": 500}, {"communications": found})
    with pytest.raises(RejectBudgetError) as err:
        check_budget(build, definitions)
    assert str(err.value) == (
        "reject budget exceeded: communications: 314 of 1000 rows rejected (31.4%; the budget is more than 1% "
        "and more than 5 rows); top reasons: Type: unknown communication type 'XX' (300); Date: not a date (12); odd (2)"
    )
    assert exit_code_for(err.value) == ExitCode.CHECK


def test_a_dataset_with_a_budget_of_its_own(tmp_path, definitions) -> None:
    build = _warehouse(tmp_path, {"media": 10}, {"media": [("id", "duplicate")] * 5})
    assert tally(build, definitions)[0].budget == Budget(0.5, 0)
    check_budget(build, definitions)  # 50%: not more than half
    build.unlink()
    build = _warehouse(tmp_path, {"media": 10}, {"media": [("id", "duplicate")] * 6})
    with pytest.raises(RejectBudgetError, match="media: 6 of 10 rows rejected"):
        check_budget(build, definitions)
