"""Reading a source root with plain Python, for the oracle (no pipeline code, no DuckDB).

Files are found through manifest.json only. CSV: UTF-8 with or without BOM, columns in any
order, extra columns ignored, cells trimmed, empty cell = None. Lists split on `;`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from defusedxml import ElementTree

MARC = "{http://www.loc.gov/MARC21/slim}"
REFERENCE = Path(__file__).resolve().parents[2] / "flows" / "reference"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_date(text: str | None) -> date | None:
    """`DD Mon YYYY` (CSV) or `YYYY-MM-DD` (JSON, MARC)."""
    if not text:
        return None
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        return date.fromisoformat(text)
    day, month, year = text.split()  # not strptime: %b depends on the locale
    return date(int(year), MONTHS.index(month) + 1, int(day))


def split_list(cell: str | None) -> list[str]:
    if not cell:
        return []
    return [item.strip() for item in cell.split(";") if item.strip()]


@dataclass(frozen=True)
class Entry:
    dataset: str
    year: int | None
    part: int
    path: str
    format: str


class Root:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        manifest = json.loads((self.root / "manifest.json").read_text(encoding="utf-8"))
        self.published = date.fromisoformat(manifest["published"])
        self.entries = [Entry(e["dataset"], e["year"], e["part"], e["path"], e["format"]) for e in manifest["files"]]

    def files(self, dataset: str, year: int | None = None, any_year: bool = True) -> list[Entry]:
        found = [e for e in self.entries if e.dataset == dataset and (any_year or e.year == year)]
        return sorted(found, key=lambda e: (e.year or 0, e.part))

    def rows(self, dataset: str, year: int | None = None, any_year: bool = True) -> list[dict]:
        out: list[dict] = []
        for e in self.files(dataset, year, any_year):
            data = (self.root / e.path).read_bytes()
            if e.format == "csv":
                out.extend(read_csv(data))
            elif e.format == "jsonl":
                text = data.decode("utf-8-sig")
                out.extend(json.loads(line) for line in text.splitlines() if line.strip())
            elif e.format == "json":
                out.extend(json.loads(data.decode("utf-8-sig")))
            else:
                out.extend(read_marc(data))
        return out


def read_csv(data: bytes) -> list[dict[str, str | None]]:
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    out = []
    for row in reader:
        out.append({k.strip(): (v.strip() or None) if v is not None else None for k, v in row.items()})
    return out


def read_marc(data: bytes) -> list[dict]:
    """Each record as {'001': str, tag: [ {code: [values]} , ...]} whatever the namespace prefix."""
    tree = ElementTree.fromstring(data)
    records = []
    for rec in tree.iter(f"{MARC}record"):
        out: dict = {"fields": []}
        for cf in rec.findall(f"{MARC}controlfield"):
            out[cf.get("tag")] = (cf.text or "").strip()
        for df in rec.findall(f"{MARC}datafield"):
            subs: dict[str, list[str]] = {}
            for sf in df.findall(f"{MARC}subfield"):
                subs.setdefault(sf.get("code"), []).append((sf.text or "").strip())
            out["fields"].append((df.get("tag"), subs))
        records.append(out)
    return records


def marc_values(record: dict, tag: str, code: str = "a") -> list[str]:
    return [v for t, subs in record["fields"] if t == tag for v in subs.get(code, [])]


def countries() -> dict[str, dict[str, str]]:
    with open(REFERENCE / "countries.csv", encoding="utf-8-sig", newline="") as handle:
        return {r["iso3"]: r for r in csv.DictReader(handle)}


def regional_groups() -> dict[str, str]:
    """regional group English name -> group_code."""
    with open(REFERENCE / "regional_groups.csv", encoding="utf-8-sig", newline="") as handle:
        return {r["regional_group"]: r["group_code"] for r in csv.DictReader(handle)}


def figure_kinds() -> dict[str, str]:
    """The figure ids and kinds of the 2023 annual report (its published figures file)."""
    with open(REFERENCE / "published" / "A-HRC-55-69.csv", encoding="utf-8-sig", newline="") as handle:
        return {r["id"]: r["kind"] for r in csv.DictReader(handle)}
