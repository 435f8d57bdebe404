"""Acceptance 1 and 4: the manifest is exact, paths are safe, nothing is dated too late, size."""

from __future__ import annotations

from pathlib import Path

from tests.support.checks import dates_after, manifest_problems, rows_in_wrong_year, safe_path


def test_manifest_lists_every_file_with_exact_bytes_hash_and_rows(snapshot_root: Path) -> None:
    assert manifest_problems(snapshot_root) == []


def test_nothing_dated_after_published(snapshot_root: Path) -> None:
    assert dates_after(snapshot_root) == []


def test_rows_lie_in_the_file_of_their_year(snapshot_root: Path) -> None:
    assert rows_in_wrong_year(snapshot_root) == []


def test_path_rule_refuses_escapes() -> None:
    good = ["communications/communications-2023-001.csv", "a/b_c.d-e"]
    bad = ["../x.csv", "/etc/passwd", "a/../b", "a\\b", "http://x/y", "a/./b", "a%2e", "a?b", "a#b", ""]
    assert all(safe_path(p) for p in good)
    assert not any(safe_path(p) for p in bad)


def test_committed_snapshot_is_under_5_mb(snapshot_root: Path) -> None:
    total = sum(p.stat().st_size for p in snapshot_root.rglob("*") if p.is_file())
    assert total < 5 * 1024 * 1024, total
