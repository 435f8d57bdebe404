"""Checks of a source root against docs/sources.md, shared by the snapshot and variant tests.

Each function returns a list of problems (empty when the root is valid), so that a failing
test says everything that is wrong at once.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from .oracle_sources import Root, countries, parse_date, read_csv, read_marc

DATASETS = {
    "communications",
    "replies",
    "followups",
    "visit-events",
    "standing-invitations",
    "mandates",
    "positions",
    "holders",
    "external-support",
    "reports",
    "media",
    "wgeid-cases",
    "wgeid-clarifications",
    "wgad-opinions",
    "wgad-releases",
    "events",
}
UNSPLIT = {"standing-invitations", "mandates", "positions", "holders"}
FORMATS = {"csv", "jsonl", "json", "marcxml"}
SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
CSV_DATE = re.compile(r"\b(\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def safe_path(path: str) -> bool:
    if not path or path.startswith("/") or "\\" in path or ":" in path:
        return False
    return all(SEGMENT.match(s) and s not in (".", "..") for s in path.split("/"))


def count_rows(data: bytes, fmt: str) -> int:
    if fmt == "csv":
        return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) - 1
    if fmt == "jsonl":
        return sum(1 for line in data.decode("utf-8").splitlines() if line.strip())
    if fmt == "json":
        return len(json.loads(data))
    return len(read_marc(data))


def manifest_problems(root: Path) -> list[str]:
    root = Path(root)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    if manifest.get("contract") != 1 or not manifest.get("snapshot") or not manifest.get("published"):
        problems.append("manifest head incomplete")
    paths = [e["path"] for e in manifest["files"]]
    if len(paths) != len(set(paths)):
        problems.append("a path is listed twice")
    on_disk = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.name not in ("manifest.json", "PROVENANCE.md")
    )
    if sorted(paths) != on_disk:
        problems.append(f"listed {sorted(set(paths) ^ set(on_disk))} differ from the files on disk")
    parts: dict[tuple, list[int]] = {}
    for e in manifest["files"]:
        where = e["path"]
        if not safe_path(where):
            problems.append(f"unsafe path {where!r}")
            continue
        if e["dataset"] not in DATASETS or e["format"] not in FORMATS:
            problems.append(f"{where}: unknown dataset or format")
        if (e["year"] is None) != (e["dataset"] in UNSPLIT):
            problems.append(f"{where}: year {e['year']} for dataset {e['dataset']}")
        parts.setdefault((e["dataset"], e["year"]), []).append(e["part"])
        data = (root / where).read_bytes()
        if len(data) != e["bytes"] or hashlib.sha256(data).hexdigest() != e["sha256"]:
            problems.append(f"{where}: bytes or sha256 differ from the manifest")
        if count_rows(data, e["format"]) != e["rows"]:
            problems.append(f"{where}: {count_rows(data, e['format'])} rows, manifest says {e['rows']}")
    for key, nums in parts.items():
        if sorted(nums) != list(range(1, len(nums) + 1)):
            problems.append(f"{key}: parts {sorted(nums)}")
    return problems


def dates_after(root: Path) -> list[str]:
    """Every date written anywhere in the data files that is later than `published`."""
    root = Path(root)
    src = Root(root)
    late = []
    for e in src.entries:
        text = (root / e.path).read_text(encoding="utf-8-sig")
        for m in CSV_DATE.finditer(text):
            d = parse_date(m.group(0))
            if d > src.published:
                late.append(f"{e.path}: {m.group(0)}")
        for m in ISO_DATE.finditer(text):
            if m.group(0) > src.published.isoformat():
                late.append(f"{e.path}: {m.group(0)}")
    return late


def rows_in_wrong_year(root: Path) -> list[str]:
    """A row dated in a year lies in a file of that year (docs/sources.md#2-common-rules-for-csv-files)."""
    date_column = {
        "communications": "Date",
        "replies": "Date",
        "followups": "Date",
        "visit-events": "Date",
        "wgeid-cases": "Transmitted",
        "wgeid-clarifications": "Clarified",
        "wgad-opinions": "Adopted",
        "wgad-releases": "Reported",
        "media": "date",
        "events": "start",
    }
    root = Path(root)
    src = Root(root)
    wrong = []
    for e in src.entries:
        column = date_column.get(e.dataset)
        if not column:
            continue
        data = (root / e.path).read_bytes()
        rows = (
            read_csv(data)
            if e.format == "csv"
            else (
                [json.loads(x) for x in data.decode().splitlines() if x.strip()]
                if e.format == "jsonl"
                else json.loads(data)
            )
        )
        wrong += [f"{e.path}: {r[column]}" for r in rows if parse_date(r[column]).year != e.year]
    return wrong


def country_codes() -> set[str]:
    return set(countries())
