"""Names in an export -> codes of the source contract, only through reference CSVs.

Every lookup either finds the value in a CSV of flows/reference/ or records it as a problem with
the place it occurs (file, row, column). The importer collects every problem of every file and
then refuses the import once, listing them all, so that a person extends the CSV in one go;
nothing is written (docs/imports.md "Mapping, never guessing").
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flows.errors import PipelineError
from flows.settings import REFERENCE_DIR

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CONTRACT_DATE = re.compile(r"(\d{2}) ([A-Z][a-z]{2}) (\d{4})")
OTH = "OTH"


class ImportRefused(PipelineError):
    """The export cannot be imported as it is; the message lists every reason and place."""


@dataclass(frozen=True)
class Place:
    file: str
    row: int | str  # a sheet row number, or "record N"
    column: str

    def __str__(self) -> str:
        row = f"row {self.row}" if isinstance(self.row, int) else str(self.row)
        return f"{self.file} {row} column {self.column}"


@dataclass
class Problems:
    """Unmapped or unreadable values, grouped by (what, value), each with all its places."""

    found: dict[tuple[str, str], list[Place]] = field(default_factory=lambda: defaultdict(list))

    def add(self, what: str, value: object, place: Place) -> None:
        self.found[(what, str(value))].append(place)

    def __bool__(self) -> bool:
        return bool(self.found)

    def refuse(self) -> None:
        """Raise ImportRefused listing every problem, when there is one."""
        if not self.found:
            return
        lines = [f"import refused, nothing written: {len(self.found)} value(s) cannot be mapped or read"]
        for (what, value), places in sorted(self.found.items()):
            shown = "; ".join(str(p) for p in places[:20])
            more = f"; and {len(places) - 20} more" if len(places) > 20 else ""
            lines.append(f"  {what} {value!r}: {shown}{more}")
        raise ImportRefused("\n".join(lines))


def _read(name: str, reference_dir: Path) -> list[dict[str, str]]:
    with (reference_dir / name).open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Reference:
    """The lookup tables, read once from flows/reference/."""

    addressees: dict[str, str]  # English name -> ISO3, or OTH
    mandates: dict[str, str]  # title or UN corporate name -> short name ("" = not a mandate)
    communication_types: dict[str, str]
    document_types: dict[str, str]
    unknown_columns: dict[str, list[tuple[str, str]]]  # layout -> [(dataset, column)] it cannot give

    @classmethod
    def load(cls, reference_dir: Path = REFERENCE_DIR) -> Reference:
        addressees = {r["name_en"]: r["iso3"] for r in _read("countries.csv", reference_dir)}
        addressees.update({r["name"]: r["code"] for r in _read("addressee_names.csv", reference_dir)})
        unknown: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r in _read("import_columns.csv", reference_dir):
            if r["taken_from"] == "unknown":
                unknown[r["layout"]].append((r["dataset"], r["column"]))
        return cls(
            addressees=addressees,
            mandates={r["name"]: r["mandate"] for r in _read("mandate_names.csv", reference_dir)},
            communication_types={r["export_type"]: r["type"] for r in _read("communication_types.csv", reference_dir)},
            document_types={
                r["undl_type"]: r["document_type"] for r in _read("undl_document_types.csv", reference_dir)
            },
            unknown_columns=dict(unknown),
        )


def parse_contract_date(text: str) -> date | None:
    """A `DD Mon YYYY` date (the contract's and the export's form), else None."""
    found = _CONTRACT_DATE.fullmatch(text.strip())
    if not found or found.group(2) not in MONTHS:
        return None
    try:
        return date(int(found.group(3)), MONTHS.index(found.group(2)) + 1, int(found.group(1)))
    except ValueError:
        return None


def contract_date(day: date) -> str:
    """`DD Mon YYYY` with English month abbreviations, whatever the machine's locale."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"
