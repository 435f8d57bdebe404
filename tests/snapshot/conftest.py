"""Fixtures of the snapshot tests: the committed snapshot, fresh builds, a variant root."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.repo import SNAPSHOT

VARIANT = {"year": 2021, "seed": 7, "variant": True}


@pytest.fixture(scope="session")
def snapshot_root() -> Path:
    return SNAPSHOT


@pytest.fixture(scope="session")
def fresh_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from snapshots.reconstruct import build_root

    base = tmp_path_factory.mktemp("fresh")
    build_root(base / "a")
    build_root(base / "b")
    return base / "a", base / "b"


@pytest.fixture(scope="session")
def variant_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from snapshots.reconstruct import build_root

    out = tmp_path_factory.mktemp("variant") / "root"
    build_root(out, **VARIANT)
    return out
