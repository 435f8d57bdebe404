"""At 3 times the snapshot's volume the pipeline still computes what docs/figures.md defines (the oracle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.pipeline import annual_report
from tests.support.warehouse import facts

pytestmark = pytest.mark.integration
N = 3


@pytest.fixture(scope="module")
def scaled_run(tmp_path_factory: pytest.TempPathFactory):
    from snapshots.reconstruct.scale import build_scaled_root

    base = tmp_path_factory.mktemp("scaled-run")
    root = base / "x3"
    build_scaled_root(root, N)
    result = annual_report(year=2023, source=str(root), warehouse=str(base / "wh"))
    return root, result


def test_every_figure_agrees_with_the_oracle_at_scale_3(scaled_run) -> None:
    from tests.support.oracle import compute_figures

    root, result = scaled_run
    expected = compute_figures(root, 2023)
    got = {f: v for (y, f), v in facts(result.database_path).items() if y == 2023}
    assert len(expected) == 78
    assert got == expected


def test_the_scaled_figures_are_not_the_published_ones(scaled_run) -> None:
    """The comparison above is not vacuous: counts of the year are N times the snapshot's."""
    from tests.support.oracle import compute_figures

    root, result = scaled_run
    snapshot = compute_figures(Path(__file__).resolve().parents[2] / "snapshots" / "ohchr-2023", 2023)
    got = {f: v for (y, f), v in facts(result.database_path).items() if y == 2023}
    for fid in ("communications.sent", "media.products", "wgeid.cases_transmitted", "reports.total"):
        assert int(got[fid]) == N * int(snapshot[fid]), fid
    assert got["mandates.total"] == snapshot["mandates.total"]  # reference-like data is not scaled
