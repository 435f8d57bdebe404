"""What the published build was built from, so that a run with nothing new does nothing (issue 10).

A build is decided by its manifest (entries and their sha256s), the run's settings (year, cutoff,
source, limits) and the code (`run_info.code_hash`: flows/, sql/, expectations/, reference data).
The run that publishes records them in `<warehouse>/spfacts.identity.json`, with the validators
(ETag, Last-Modified) of the manifest it read; the next run compares: when all are the same, it
reads only the manifest (a conditional GET over HTTP, answered 304) and publishes nothing new
(docs/architecture.md#no-op-rerun).

The record is removed before a build replaces the published file and written after, so a crash
between the two leaves no record (the next run is a full one), and it names the run whose file it
describes: a published file that is not that run's (copied in, restored from a backup) makes the
record void.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flows import run_info
from flows.settings import Settings
from flows.sources import Manifest

IDENTITY_NAME = "spfacts.identity.json"
# settings that change how a run fetches, waits or is scheduled, never what it builds
NOT_IDENTITY = frozenset(
    {
        "http_timeout",
        "http_retries",
        "http_retry_seconds",
        "http_unreachable_seconds",
        "lock_timeout",
        "schedule_cron",
        "warehouse_dir",
    }
)


@dataclass(frozen=True)
class Published:
    """The identity of one published build."""

    run_id: str
    settings: dict[str, Any]  # settings_identity(): the settings that decide a build, and the code hash
    manifest: str  # manifest_digest()
    validators: dict[str, str] = field(default_factory=dict)  # etag, last_modified of the manifest read


def settings_identity(settings: Settings, code_hash: str) -> dict[str, Any]:
    """The settings that decide what a run builds (any setting not known to be harmless), and the code."""
    values = settings.model_dump(mode="json", exclude=set(NOT_IDENTITY))
    values["cutoff_date"] = settings.cutoff_date.isoformat()
    values["code_hash"] = code_hash
    return values


def manifest_digest(manifest: Manifest) -> str:
    """sha256 of what the manifest says (entries, sha256s, snapshot, provenance), not where it was read."""
    document = dataclasses.asdict(manifest)
    document.pop("source", None)
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def identity_path(warehouse_dir: Path) -> Path:
    return Path(warehouse_dir) / IDENTITY_NAME


def read(warehouse_dir: Path, database_path: Path) -> Published | None:
    """The identity of the published build, or None (no record, a damaged one, or not this file's run)."""
    try:
        document = json.loads(identity_path(warehouse_dir).read_text(encoding="utf-8"))
        published = Published(**document)
    except (OSError, ValueError, TypeError):
        return None
    info = run_info.read(database_path)
    if not info or info.get("run_id") != published.run_id:
        return None
    return published


def forget(warehouse_dir: Path) -> None:
    """Remove the record: the published file is about to be replaced."""
    identity_path(warehouse_dir).unlink(missing_ok=True)


def record(warehouse_dir: Path, published: Published) -> Path:
    """Write the record beside the published file (temporary name, then one rename)."""
    path = identity_path(warehouse_dir)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(dataclasses.asdict(published), handle, indent=2, sort_keys=True)
            handle.write("\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
