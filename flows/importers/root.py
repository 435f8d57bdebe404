"""Write a new source root: imported datasets from an export, every other one from a base root.

All or nothing: the files are written into a temporary folder beside `--out`, the new manifest
is checked with the project's own parser and every file is read back through the project's
reader (bytes, sha256 and rows verified, flows/sources/), and only then is the folder renamed to
`--out`. A refused import leaves nothing behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flows.sources import ManifestEntry, SourceRoot, count_rows, parse_manifest
from flows.sources.verify import decode_utf8

from .mapping import ImportRefused

STATEMENT = (
    "Mixed root written by `spfacts import`: the datasets listed with an export come from real exports "
    "of the OHCHR systems, mapped to the source contract through the reference CSVs of flows/reference/; "
    "every other dataset is copied from the base root. Columns the exports do not have are listed in "
    "unknown_columns: they are empty, and the figures that need them are not computed (docs/imports.md)."
)


@dataclass(frozen=True)
class NewFile:
    """A contract file made from an export."""

    dataset: str
    year: int
    path: str
    format: str
    content: bytes


@dataclass(frozen=True)
class ExportFile:
    """Where an imported dataset came from: recorded in the manifest's provenance."""

    name: str
    sha256: str
    export_date: date | None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "sha256": self.sha256,
            "export_date": self.export_date.isoformat() if self.export_date else None,
        }


def csv_bytes(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_mixed_root(
    base: str,
    out: Path,
    files: list[NewFile],
    layout: str,
    exports: list[ExportFile],
    unknown: list[tuple[str, str]],
) -> dict[str, Any]:
    """Write the new root at `out` (which must not exist); return its manifest."""
    out = Path(out)
    if out.exists():
        raise ImportRefused(f"{out}: already exists; --out must name a new folder")
    datasets = sorted({f.dataset for f in files})
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        with SourceRoot.open(base) as root:
            manifest = root.manifest()
            entries = []
            for entry in manifest.files:
                if entry.dataset in datasets:
                    continue
                _write(temp, entry.path, root.fetch(entry))  # verified by the project's reader
                entries.append(_entry_json(entry))
        for new in files:
            _write(temp, new.path, new.content)
            entries.append(_entry_json(_describe(new)))
        document = _manifest(manifest, entries, datasets, layout, exports, unknown, base)
        data = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
        (temp / "manifest.json").write_bytes(data)
        _check(temp, data)
        temp.rename(out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return document


def _write(folder: Path, path: str, content: bytes) -> None:
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


def _describe(new: NewFile) -> ManifestEntry:
    draft = ManifestEntry(new.dataset, new.year, 1, new.path, new.format, 0, len(new.content), "")
    rows = count_rows(draft, new.content, decode_utf8(new.path, new.content))
    return ManifestEntry(
        new.dataset, new.year, 1, new.path, new.format, rows, len(new.content), hashlib.sha256(new.content).hexdigest()
    )


def _entry_json(e: ManifestEntry) -> dict[str, Any]:
    return {
        "dataset": e.dataset, "year": e.year, "part": e.part, "path": e.path,
        "format": e.format, "rows": e.rows, "bytes": e.bytes, "sha256": e.sha256,
    }  # fmt: skip


def _manifest(
    base: Any,
    entries: list[dict[str, Any]],
    datasets: list[str],
    layout: str,
    exports: list[ExportFile],
    unknown: list[tuple[str, str]],
    location: str,
) -> dict[str, Any]:
    before = base.provenance.document
    # datasets the base itself took from an export stay recorded as such (imports chain)
    real = [d for d in before.get("datasets", []) if d.get("dataset") not in datasets]
    real += [{"dataset": d, "layout": layout, "exports": [e.as_json() for e in exports]} for d in datasets]
    unknown_all = [u for u in before.get("unknown_columns", []) if u.get("dataset") not in datasets]
    unknown_all += [{"dataset": d, "column": c} for d, c in unknown]
    dates = [base.published, *(e.export_date for e in exports if e.export_date)]
    return {
        "contract": 1,
        "snapshot": f"{base.snapshot}+{layout}",
        "published": max(dates).isoformat(),
        "provenance": {
            "kind": "mixed",
            "statement": STATEMENT,
            "base": {"snapshot": base.snapshot, "location": location, "kind": before.get("kind", "export")},
            "datasets": sorted(real, key=lambda d: d["dataset"]),
            "unknown_columns": unknown_all,
        },
        "files": entries,
    }


def _check(folder: Path, data: bytes) -> None:
    """The new root passes the project's own manifest parser and reader, file by file."""
    manifest = parse_manifest(data, str(folder / "manifest.json"))
    with SourceRoot.open(folder) as root:
        for entry in manifest.files:
            root.fetch(entry)
