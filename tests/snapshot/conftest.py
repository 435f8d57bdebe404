"""Fixtures of the snapshot tests: the committed snapshot, fresh builds, a variant root."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.repo import SNAPSHOT

VARIANT = {"year": 2021, "seed": 7, "variant": True}
# a variant of the report year 2023, for the cutoffs of that year
VARIANT_2023 = {"year": 2023, "seed": 11, "variant": True}


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


@pytest.fixture(scope="session")
def variant_root_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from snapshots.reconstruct import build_root

    out = tmp_path_factory.mktemp("variant-2023") / "root"
    build_root(out, **VARIANT_2023)
    return out


@pytest.fixture(scope="session")
def warehouse_of(tmp_path_factory: pytest.TempPathFactory):
    """warehouse_of(root, year, cutoff) -> database: one pipeline build per (root, year, cutoff)."""
    from tests.support.warehouse import build_warehouse

    built: dict[tuple, Path] = {}

    def get(root: Path, year: int, cutoff=None) -> Path:
        key = (Path(root), year, cutoff)
        if key not in built:
            built[key] = build_warehouse(Path(root), tmp_path_factory.mktemp("warehouse"), year=year, cutoff=cutoff)
        return built[key]

    return get
