"""The oracle reads what docs/figures.md#cutoff says: the cutoff matters, later events do not count."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.support.oracle import compute_figures, render


def test_rounding_is_half_up() -> None:
    assert render("percent_2dp", (1, 8)) == "12.50"
    assert render("percent_0dp", (1, 8)) == "13"  # 12.5 rounds up, not to even
    assert render("percent_2dp", (5, 32)) == "15.63"  # 15.625
    assert render("list", ["b", "B", "a"]) == "B; a; b"


def test_an_earlier_cutoff_changes_the_figures_read_at_the_cutoff(snapshot_root: Path) -> None:
    end = compute_figures(snapshot_root, 2023)
    mid = compute_figures(snapshot_root, 2023, cutoff=date(2023, 6, 30))
    for fid in ("holders.serving", "replies.to_year_communications", "mandates.total"):
        assert mid[fid] != end[fid], fid
    assert mid["communications.sent"] == end["communications.sent"]  # a count of the year


def test_a_later_year_sees_the_january_events(snapshot_root: Path) -> None:
    """The replies of January 2024 exist: they count for 2024, never for 2023."""
    later = compute_figures(snapshot_root, 2024)
    assert int(later["replies.received"]) > 0
    assert later["communications.sent"] == "0"
