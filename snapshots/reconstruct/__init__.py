"""Deterministic reconstruction of the special procedures' sources for 2019-2023.

from snapshots.reconstruct import build_root
build_root("snapshots/ohchr-2023")                       # the bundled snapshot
build_root(tmp_path / "v", year=2021, seed=7, variant=True)  # a different valid root
"""

from .build import SEED, build_root

__all__ = ["SEED", "build_root"]
