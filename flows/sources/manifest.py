"""Parse and validate `manifest.json` (docs/sources.md#1-manifestjson) before any data file is fetched.

Validation is all-or-nothing: one bad entry refuses the whole manifest, because a root that
lies about one file cannot be trusted about the others, and refusing early means no data
request is ever made from a path the contract forbids.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import ManifestError
from .models import DATASETS, FORMATS, ManifestEntry

CONTRACT_VERSION = 1
MANIFEST_NAME = "manifest.json"

# docs/sources.md#paths: segments of A-Z a-z 0-9 . _ - joined by "/". The character class alone already
# excludes schemes (":"), backslashes, "%", "?", "#", and the anchors exclude "/" at either
# end and empty segments; "." and ".." segments are refused separately.
_PATH_RE = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")
_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENTRY_KEYS = ("dataset", "year", "part", "path", "format", "rows", "bytes", "sha256")
PROVENANCE_KINDS = ("export", "reconstruction", "mixed")


@dataclass(frozen=True)
class Provenance:
    """What the root says it is (docs/sources.md#1-manifestjson); a root without it is an export."""

    kind: str = "export"
    statement: str = ""
    # the object as published, with what an importer adds (datasets, unknown_columns: docs/imports.md)
    document: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """A validated manifest: every entry's path is safe and every field has its type."""

    contract: int
    snapshot: str
    published: date
    files: tuple[ManifestEntry, ...]
    source: str = ""  # URL the manifest was read from
    provenance: Provenance = field(default_factory=Provenance)
    # (dataset, column) pairs provenance.unknown_columns declares unknown (docs/imports.md)
    unknown_columns: tuple[tuple[str, str], ...] = ()

    def select(self, datasets: tuple[str, ...] | list[str] | None = None) -> list[ManifestEntry]:
        """Entries of the given datasets (all when None), in manifest order."""
        if datasets is None:
            return list(self.files)
        unknown = sorted(set(datasets) - set(DATASETS))
        if unknown:
            raise ValueError(f"unknown dataset(s) {unknown}; known: {', '.join(DATASETS)}")
        wanted = set(datasets)
        return [e for e in self.files if e.dataset in wanted]


def path_defect(path: object) -> str | None:
    """Why `path` breaks the path rule (docs/sources.md#paths), or None when it is safe."""
    if not isinstance(path, str):
        return f"must be a string, not {type(path).__name__}"
    if not _PATH_RE.fullmatch(path):
        bad = sorted({c for c in path if not (c.isascii() and (c.isalnum() or c in "._-/"))})
        if bad:
            return f"{path!r} contains forbidden character(s) {''.join(bad)!r}"
        return f"{path!r} must be relative segments joined by '/' (no leading, trailing or double '/')"
    if any(seg in (".", "..") for seg in path.split("/")):
        return f"{path!r} contains a '.' or '..' segment"
    return None


def _int(value: Any, *, minimum: int) -> int | None:
    # bool is an int subclass in Python but true/false is not a count in JSON.
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return value
    return None


def _entry(raw: Any, index: int, source: str) -> ManifestEntry:
    def fail(field: str | None, reason: str) -> ManifestError:
        return ManifestError(source, reason, index=index, field=field)

    if not isinstance(raw, dict):
        raise fail(None, f"entry must be an object, not {type(raw).__name__}")
    for key in _ENTRY_KEYS:
        if key not in raw:
            raise fail(key, "missing")
    if raw["dataset"] not in DATASETS:
        raise fail("dataset", f"unknown dataset {raw['dataset']!r}")
    if raw["format"] not in FORMATS:
        raise fail("format", f"unknown format {raw['format']!r}; known: {', '.join(FORMATS)}")
    year = raw["year"]
    if year is not None and _int(year, minimum=0) is None:
        raise fail("year", f"must be an integer year or null, not {year!r}")
    if _int(raw["part"], minimum=1) is None:
        raise fail("part", f"must be an integer >= 1, not {raw['part']!r}")
    for key in ("rows", "bytes"):
        if _int(raw[key], minimum=0) is None:
            raise fail(key, f"must be an integer >= 0, not {raw[key]!r}")
    sha = raw["sha256"]
    if not isinstance(sha, str) or not _SHA256_RE.fullmatch(sha):
        raise fail("sha256", f"must be 64 hexadecimal digits, not {sha!r}")
    defect = path_defect(raw["path"])
    if defect:
        raise fail("path", defect)
    return ManifestEntry(
        dataset=raw["dataset"],
        year=year,
        part=raw["part"],
        path=raw["path"],
        format=raw["format"],
        rows=raw["rows"],
        bytes=raw["bytes"],
        sha256=sha.lower(),  # landed files are named by it: one spelling only
    )


def _check_set(entries: list[ManifestEntry], source: str) -> None:
    """Refuse duplicates and gaps: every file listed once, parts 1..n of each dataset-year."""
    seen_paths: dict[str, int] = {}
    seen_keys: dict[tuple[str, int | None, int], int] = {}
    for i, e in enumerate(entries):
        if e.path in seen_paths:
            raise ManifestError(
                source,
                f"duplicate path {e.path!r} (also files[{seen_paths[e.path]}])",
                index=i,
                field="path",
            )
        seen_paths[e.path] = i
        key = (e.dataset, e.year, e.part)
        if key in seen_keys:
            raise ManifestError(
                source,
                f"duplicate (dataset, year, part) {key} (also files[{seen_keys[key]}])",
                index=i,
                field="part",
            )
        seen_keys[key] = i
    parts: dict[tuple[str, int | None], list[int]] = {}
    for dataset, year, part in seen_keys:
        parts.setdefault((dataset, year), []).append(part)
    for (dataset, year), found in parts.items():
        if sorted(found) != list(range(1, len(found) + 1)):
            missing = sorted(set(range(1, max(found) + 1)) - set(found))
            i = seen_keys[(dataset, year, max(found))]
            raise ManifestError(
                source,
                f"{dataset} {year}: part(s) {missing} missing; parts must be 1..n",
                index=i,
                field="part",
            )


def _provenance(raw: Any, source: str) -> Provenance:
    if raw is None:
        return Provenance()
    if not isinstance(raw, dict):
        raise ManifestError(source, f"must be an object, not {type(raw).__name__}", field="provenance")
    kind = raw.get("kind")
    if kind not in PROVENANCE_KINDS:
        raise ManifestError(
            source, f"kind {kind!r} is not one of {', '.join(PROVENANCE_KINDS)}", field="provenance.kind"
        )
    statement = raw.get("statement", "")
    if not isinstance(statement, str):
        raise ManifestError(source, "must be a string", field="provenance.statement")
    if kind != "export" and not statement.strip():
        # a reader must be able to tell whoever reads the results what the root is
        raise ManifestError(source, f"must say what a {kind} root is", field="provenance.statement")
    return Provenance(kind=kind, statement=statement.strip(), document=raw)


def parse_manifest(data: bytes, source: str) -> Manifest:
    """Validate the bytes of a manifest read from `source` (a URL, for messages)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ManifestError(source, f"not UTF-8 (byte offset {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ManifestError(source, f"not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if not isinstance(doc, dict):
        raise ManifestError(source, f"must be a JSON object, not {type(doc).__name__}")
    for key in ("contract", "snapshot", "published", "files"):
        if key not in doc:
            raise ManifestError(source, "missing", field=key)
    if type(doc["contract"]) is not int or doc["contract"] != CONTRACT_VERSION:
        raise ManifestError(
            source,
            f"contract {doc['contract']!r} is not supported (this reader knows 1)",
            field="contract",
        )
    if not isinstance(doc["snapshot"], str) or not doc["snapshot"].strip():
        raise ManifestError(source, "must be a non-empty string", field="snapshot")
    published = doc["published"]
    try:
        if not isinstance(published, str) or not _DATE_RE.fullmatch(published):
            raise ValueError
        published_date = date.fromisoformat(published)
    except ValueError:
        raise ManifestError(source, f"must be a date YYYY-MM-DD, not {published!r}", field="published") from None
    if not isinstance(doc["files"], list):
        raise ManifestError(source, "must be a list", field="files")
    entries = [_entry(raw, i, source) for i, raw in enumerate(doc["files"])]
    _check_set(entries, source)
    provenance = _provenance(doc.get("provenance"), source)
    return Manifest(
        contract=CONTRACT_VERSION,
        snapshot=doc["snapshot"],
        published=published_date,
        files=tuple(entries),
        source=source,
        provenance=provenance,
        unknown_columns=_unknown_columns(provenance.document, source),
    )


def _unknown_columns(provenance: dict[str, Any], source: str) -> tuple[tuple[str, str], ...]:
    """provenance.unknown_columns: [{"dataset": ..., "column": ...}] (docs/imports.md)."""
    listed = provenance.get("unknown_columns") or []
    if not isinstance(listed, list):
        raise ManifestError(source, "unknown_columns must be a list", field="provenance")
    found: list[tuple[str, str]] = []
    for item in listed:
        if not isinstance(item, dict) or item.get("dataset") not in DATASETS or not isinstance(item.get("column"), str):
            raise ManifestError(
                source,
                f"unknown_columns item {item!r} must be {{dataset, column}} of a known dataset",
                field="provenance",
            )
        found.append((item["dataset"], item["column"]))
    return tuple(found)
