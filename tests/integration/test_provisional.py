"""A year in progress publishes, provisional (flows/years.py).

A generated root whose `published` date falls inside its year, as a mid-year export is: the
records stop at that date and two datasets have no file for the year yet. The run publishes, with
the published date as its cutoff; the year's figures are marked provisional; the figures those
datasets give are missing, which the completeness expectation reports as a warning; no critical
failure. (The same gap in a complete year stops the run: test_flow.py, a critical quality failure.)
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from flows.pipeline import annual_report

pytestmark = pytest.mark.integration
PUBLISHED = "2021-07-01"
NOT_YET = ("external-support", "media")  # exported at the end of the year


def test_a_year_in_progress_publishes_provisional_figures(tmp_path):
    from snapshots.reconstruct import build_root

    root = tmp_path / "root"
    build_root(root, year=2021, seed=11, variant=True)
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    manifest["published"] = PUBLISHED
    manifest["files"] = [e for e in manifest["files"] if not (e["dataset"] in NOT_YET and e["year"] == 2021)]
    (root / "manifest.json").write_text(json.dumps(manifest), "utf-8")

    result = annual_report(year=2021, source=str(root), warehouse=str(tmp_path / "wh"))

    assert result.note == f"provisional, sources as at {PUBLISHED}"
    assert result.database_path == tmp_path / "wh" / "2021" / "spfacts.duckdb" and result.database_path.exists()
    assert result.quality.critical == []
    completeness = [f for f in result.quality.warnings if f.completeness]
    assert [(f.suite, f.columns) for f in completeness] == [("facts_and_figures", "report_year_value_missing")]
    missing = set(completeness[0].sample)
    assert missing and all(figure.split(".")[0] in {"external_support", "media"} for figure in missing)
    with duckdb.connect(str(result.database_path), read_only=True) as con:
        provisional = dict(
            con.execute("select year, bool_and(is_provisional) from marts.facts_and_figures group by year").fetchall()
        )
        cutoff = con.execute("select cutoff_date from marts.mart_report_years where is_report_year").fetchone()[0]
    assert provisional == {2020: False, 2021: True}
    page = (result.database_path.parent / "report" / "index.html").read_text("utf-8")
    assert f"provisional, sources as at {PUBLISHED}" in page  # the report page says it too
    assert cutoff == date.fromisoformat(PUBLISHED)
