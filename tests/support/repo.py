"""Paths of the repository that tests share: the bundled snapshot and the published figures."""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "snapshots" / "ohchr-2023"
PUBLISHED = REPO / "flows" / "reference" / "published" / "A-HRC-55-69.csv"


def published() -> list[dict[str, str]]:
    """The rows of the published 2023 figures (id, paragraph, kind, published, labels)."""
    with open(PUBLISHED, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
