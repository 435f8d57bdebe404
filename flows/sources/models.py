"""What a source root says about its files, and what extract hands to load.

These two records are the whole interface between extract (which never opens DuckDB)
and load (which never talks to a source root): load reads only landed files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The datasets of the source contract (docs/sources.md#3-datasets), in the order a run lands them.
DATASETS: tuple[str, ...] = (
    "mandates",
    "positions",
    "holders",
    "external-support",
    "communications",
    "replies",
    "followups",
    "visit-events",
    "standing-invitations",
    "reports",
    "media",
    "wgeid-cases",
    "wgeid-clarifications",
    "wgad-opinions",
    "wgad-releases",
    "events",
)
FORMATS: tuple[str, ...] = ("csv", "jsonl", "json", "marcxml")


@dataclass(frozen=True)
class ManifestEntry:
    """One entry of `manifest.json` `files`, as the root published it."""

    dataset: str
    year: int | None
    part: int
    path: str  # relative to the root, already checked to be safe
    format: str
    rows: int
    bytes: int
    sha256: str


@dataclass(frozen=True)
class LandedFile:
    """A file stored byte for byte under warehouse/raw/<dataset>/<sha256>.<ext>."""

    entry: ManifestEntry
    path: Path  # the landed copy
    source_url: str  # where it was fetched from (file:// URL for a folder root)
    fetched_at: str  # ISO 8601 UTC; for a reused copy, when it was first fetched
    reused: bool  # True when a file with this sha256 was already landed

    @property
    def dataset(self) -> str:
        return self.entry.dataset

    @property
    def source_file(self) -> str:
        """The manifest path: what lineage columns and error messages name."""
        return self.entry.path
