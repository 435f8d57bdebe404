"""Fixtures of the snapshot tests: the committed snapshot, fresh builds, a variant root."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # `snapshots` is a folder of the repository, not an installed package
    sys.path.insert(0, str(REPO))

SNAPSHOT = REPO / "snapshots" / "ohchr-2023"
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
