"""The oracle reads what docs/figures.md says: the cutoff matters, later events do not count."""

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
    # counts of the year stop at the cutoff too: nothing dated after it counts
    for fid in ("communications.sent", "media.products", "visits.count", "wgad.opinions", "events.count"):
        assert int(mid[fid]) < int(end[fid]), fid


def test_a_later_year_sees_the_january_events(snapshot_root: Path) -> None:
    """The replies of January 2024 exist: they count for 2024, never for 2023."""
    later = compute_figures(snapshot_root, 2024)
    assert int(later["replies.received"]) > 0
    # no communication is dated in 2024: the figure is not computed, rather than a made-up 0
    assert later["communications.sent"] is None
    assert later["replies.response_rate_pct"] is None
