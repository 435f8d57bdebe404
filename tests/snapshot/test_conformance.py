"""Acceptance 2: the oracle finds every published 2023 figure in the snapshot."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from .conftest import REPO
from .oracle import compute_figures

PUBLISHED = REPO / "flows" / "reference" / "published" / "A-HRC-55-69.csv"


def published() -> list[dict[str, str]]:
    with open(PUBLISHED, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def computed(snapshot_root: Path) -> dict[str, str]:
    return compute_figures(snapshot_root, 2023)


def matches(kind: str, got: str, want: str) -> bool:
    if kind == "list":
        return {x.strip() for x in got.split(";")} == {x.strip() for x in want.split(";")}
    if kind == "at_least":
        return int(got) >= int(want)
    return got == want


def test_every_figure_is_computed(computed: dict[str, str]) -> None:
    assert sorted(computed) == sorted(r["id"] for r in published())
    assert len(computed) == 78


@pytest.mark.parametrize("row", published(), ids=lambda r: r["id"])
def test_figure_matches_published(row: dict[str, str], computed: dict[str, str]) -> None:
    assert matches(row["kind"], computed[row["id"]], row["published"]), (computed[row["id"]], row["published"])
