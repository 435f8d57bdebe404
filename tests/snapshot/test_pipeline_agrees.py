"""Acceptance: the pipeline's SQL and the independent oracle give the same value for every figure
of every year the marts compute, at cutoffs before 31 December (docs/figures.md#cutoff), on the
bundled snapshot and on a variant root (other counts, shuffled columns, other parts).

Each year other than the report year is read at its own 31 December, as the marts do.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.support.oracle import compute_figures
from tests.support.warehouse import figures

CUTOFFS = [date(2023, 6, 30), date(2023, 10, 15)]


def disagreements(root: Path, database: Path, report_year: int, cutoff: date) -> dict[tuple[int, str], tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        years = [y for (y,) in con.execute("select year from marts.mart_report_years order by year").fetchall()]
    assert report_year in years
    out = {}
    for year in years:
        expected = compute_figures(root, year, cutoff if year == report_year else None)
        got = figures(database, year)
        assert got.keys() == expected.keys(), year
        out.update({(year, f): (got[f], expected[f]) for f in expected if got[f] != expected[f]})
    return out


@pytest.mark.parametrize("cutoff", CUTOFFS, ids=str)
def test_snapshot_pipeline_and_oracle_agree_at_the_cutoff(snapshot_root: Path, warehouse_of, cutoff: date) -> None:
    database = warehouse_of(snapshot_root, 2023, cutoff)
    assert disagreements(snapshot_root, database, 2023, cutoff) == {}
    # the cutoff is felt: fewer communications than in the whole year
    whole = compute_figures(snapshot_root, 2023)
    assert int(figures(database, 2023)["communications.sent"]) < int(whole["communications.sent"])


@pytest.mark.parametrize("cutoff", CUTOFFS, ids=str)
def test_variant_pipeline_and_oracle_agree_at_the_cutoff(variant_root_2023: Path, warehouse_of, cutoff: date) -> None:
    database = warehouse_of(variant_root_2023, 2023, cutoff)
    assert disagreements(variant_root_2023, database, 2023, cutoff) == {}
    # a year before the report year that the communications cover, read at its 31 December
    assert figures(database, 2022)["communications.sent"] not in (None, "0")
