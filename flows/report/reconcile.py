"""Which figures of the annual report the pipeline reproduced: `marts.reconciliation` of one year."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.settings import REFERENCE_DIR

CHECKED = ("match", "mismatch", "missing")
PROBLEMS = ("mismatch", "missing")


@dataclass(frozen=True)
class Reconciled:
    year: int
    symbol: str | None  # the annual report's symbol, when the year has one
    rows: list[dict]  # marts.reconciliation rows of the year, by paragraph

    @property
    def checked(self) -> list[dict]:
        return [r for r in self.rows if r["status"] in CHECKED]

    @property
    def matched(self) -> int:
        return sum(r["status"] == "match" for r in self.rows)

    @property
    def problems(self) -> list[dict]:
        return [r for r in self.rows if r["status"] in PROBLEMS]

    @property
    def has_published(self) -> bool:
        """The year has published figures to reconcile with (else every row is `no reference`)."""
        return bool(self.checked)

    def problems_first(self) -> list[dict]:
        """Every row, mismatches and missing figures first, each group in paragraph order."""
        return [r for r in self.rows if r["status"] in PROBLEMS] + [r for r in self.rows if r["status"] not in PROBLEMS]

    def headline(self) -> str:
        if not self.checked:
            return f"{len(self.rows)} figures computed for {self.year}; no published values to compare with"
        headline = f"{self.matched}/{len(self.checked)} figures of {self.symbol or self.year} reproduced"
        unknown = sum(r["status"] == "not computable" for r in self.rows)
        return headline + (f"; {unknown} not computable from this source (docs/imports.md)" if unknown else "")


def annual_report_symbol(year: int) -> str | None:
    with open(REFERENCE_DIR / "annual_reports.csv", encoding="utf-8", newline="") as f:
        return next((r["symbol"] for r in csv.DictReader(f) if int(r["year"]) == year), None)


def reconcile(database_path: Path, year: int) -> Reconciled:
    with duckdb.connect(str(database_path), read_only=True) as con:
        cur = con.execute(
            "select * from marts.reconciliation where year = ? order by paragraph nulls last, figure_id", [year]
        )
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, values, strict=False)) for values in cur.fetchall()]
    return Reconciled(year, annual_report_symbol(year), rows)
