"""Acceptance 3: two runs of the generator write byte-identical trees, equal to the commit."""

from __future__ import annotations

from pathlib import Path


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_runs_are_byte_identical(fresh_builds: tuple[Path, Path]) -> None:
    a, b = fresh_builds
    assert tree(a) == tree(b)


def test_committed_snapshot_is_what_the_generator_writes(fresh_builds: tuple[Path, Path], snapshot_root: Path) -> None:
    built, committed = tree(fresh_builds[0]), tree(snapshot_root)
    assert sorted(built) == sorted(committed)
    assert [p for p in built if built[p] != committed[p]] == []


def test_other_hash_seed_writes_the_same_bytes(tmp_path: Path, snapshot_root: Path) -> None:
    """No set or hash order leaks into the files: a fresh interpreter with another
    PYTHONHASHSEED writes the committed snapshot again."""
    import os
    import subprocess
    import sys

    from tests.support.repo import REPO

    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run(
        [sys.executable, "-m", "snapshots.reconstruct", "--out", str(tmp_path / "s")],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    assert tree(tmp_path / "s") == tree(snapshot_root)
