"""The raw landing zone: verified files stored byte for byte, named by their sha256.

    raw_dir/<dataset>/<sha256>.<ext>     the file exactly as fetched (ext: csv, jsonl, json, xml)
    raw_dir/<dataset>/<sha256>.provenance.json
                                         provenance: source_url, fetched_at, sha256, bytes,
                                         snapshot, published, manifest_url, manifest_entry

The sidecar is not `<sha256>.json` because a JSON data file (format json) already has that
name. Readers of the landing zone take paths from LandedFile, never from a glob of `*.json`.

Naming by content makes landing idempotent: a file whose sha256 is already landed (sidecar
present, bytes hashing right) is not fetched again. Both files are written to a temporary
name, fsynced and moved into place with os.replace, data first and sidecar last, so a crash
leaves at worst a data file without a sidecar, which the next run treats as not landed, or a
`.<name>.*.tmp` file, which the next run removes under the warehouse lock (flows/lock.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from flows.testhooks import pause_at

from .errors import SourceFileError
from .manifest import Manifest
from .models import LandedFile, ManifestEntry
from .reader import SourceRoot
from .verify import count_rows, decode_utf8

SIDECAR_SUFFIX = ".provenance.json"


def extension(fmt: str) -> str:
    """File extension of a contract format (MARCXML lands as .xml)."""
    return "xml" if fmt == "marcxml" else fmt


def landed_paths(raw_dir: Path, entry: ManifestEntry) -> tuple[Path, Path]:
    """(data file, provenance sidecar) for an entry under `raw_dir`."""
    folder = Path(raw_dir) / entry.dataset
    return (
        folder / f"{entry.sha256}.{extension(entry.format)}",
        folder / f"{entry.sha256}{SIDECAR_SUFFIX}",
    )


def land(root: SourceRoot, entry: ManifestEntry, raw_dir: Path, *, manifest: Manifest | None = None) -> LandedFile:
    """Land one manifest entry (fetch + verify + store), or reuse an identical landed copy.

    `manifest` is the root's manifest when the caller already holds it (say, read once and
    handed to several tasks); otherwise it is read from `root`. It only feeds the sidecar.
    """
    manifest = manifest if manifest is not None else root.manifest()
    data_path, sidecar_path = landed_paths(raw_dir, entry)
    reused = _reuse(entry, data_path, sidecar_path, root.max_cell_bytes)
    if reused is not None:
        return reused
    data = root.fetch(entry)
    url = root.url(entry.path)
    fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
    sidecar = {
        "source_url": url,
        "fetched_at": fetched_at,
        "sha256": entry.sha256,
        "bytes": len(data),
        "snapshot": manifest.snapshot,
        "published": manifest.published.isoformat(),
        "manifest_url": manifest.source,
        "manifest_entry": asdict(entry),
    }
    data_path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(data_path, data)
    _write_atomic(sidecar_path, (json.dumps(sidecar, indent=2) + "\n").encode("utf-8"))
    return LandedFile(entry=entry, path=data_path, source_url=url, fetched_at=fetched_at, reused=False)


def land_all(root: SourceRoot, raw_dir: Path, datasets: tuple[str, ...] | list[str] | None = None) -> list[LandedFile]:
    """Land every entry of the given datasets (all when None), in manifest order."""
    return [land(root, entry, raw_dir) for entry in root.manifest().select(datasets)]


def read_sidecar(path: Path) -> dict:
    """The provenance sidecar of a landed data file (or of the sidecar path itself)."""
    path = Path(path)
    sidecar = path.parent / (path.name.split(".")[0] + SIDECAR_SUFFIX)
    return json.loads(sidecar.read_text(encoding="utf-8"))


def _reuse(entry: ManifestEntry, data_path: Path, sidecar_path: Path, max_cell: int) -> LandedFile | None:
    """The landed copy of `entry` if one is complete and intact, else None (fetch again)."""
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (FileNotFoundError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(sidecar, dict) or sidecar.get("sha256") != entry.sha256:
        return None
    if len(data) != entry.bytes or hashlib.sha256(data).hexdigest() != entry.sha256:
        return None  # damaged on disk: the source still has the good bytes
    source_url, fetched_at = sidecar.get("source_url"), sidecar.get("fetched_at")
    if not isinstance(source_url, str) or not isinstance(fetched_at, str):
        return None
    # Same bytes, but this manifest's row count must hold too: a root that lists a known
    # file with another row count is lying about it, landed copy or not.
    url = data_path.as_uri() if data_path.is_absolute() else str(data_path)
    rows = count_rows(entry, data, decode_utf8(entry.path, data, url=url), url=url, max_cell=max_cell)
    if rows != entry.rows:
        raise SourceFileError(entry.path, f"{rows} {entry.format} records, manifest says {entry.rows}", url=url)
    return LandedFile(entry=entry, path=data_path, source_url=source_url, fetched_at=fetched_at, reused=True)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # the rename must never expose unwritten blocks
        pause_at("fetch")  # tests kill a run here: a temporary file, nothing under the final name
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)
