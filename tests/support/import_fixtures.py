"""Writes the importer fixtures of tests/fixtures/imports/: small files in the real layouts,
with INVENTED content (no real communication, report or person).

    .venv/bin/python -m support.import_fixtures tests/fixtures/imports   (from tests/)

Each workbook's first sheet is the export; a second sheet "About" says the content is invented.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

EXPORTED = datetime(2024, 1, 15, 9, 0)
INVENTED = "Invented content for the spfacts tests, in the layout of the real export; not real data."
# The columns exactly as the public description of the search export shows them (docs/imports.md).
PUBLIC_HEADER = [
    "Date", "Country", "Type", "Ref. no.", "Mandates", "Summary", "UN Region", "OHCHR Region",
    "Nb. of alleged victims", "Nb. of replies", "Replies", "Replies2",
]  # fmt: skip
HOUSING = "Special Rapporteur on adequate housing as a component of the right to an adequate standard of living, and on the right to non-discrimination in this context"
FOOD = "Special Rapporteur on the right to food"
WEOG = "Western European and other States"
PUBLIC_ROWS = [
    ["12 Jan 2023", "France", "AL", "AL FRA 1/2023", HOUSING, "Invented: eviction of a family.", WEOG,
     "Europe and Central Asia", 4, 1, "20 Mar 2023", None],
    ["03 Feb 2023", "France", "JAL", "FRA 2/2023", f"{HOUSING}; {FOOD}", "Invented: access to food.", WEOG,
     "Europe and Central Asia", 12, 2, "01 Apr 2023", "15 Jan 2024"],
    ["20 Nov 2023", "Other", "AL", "OTH 1/2023", FOOD, "Invented: a company's land use.", None, None, 0, 0, None,
     None],
]  # fmt: skip


def _book(header: list[str], rows: list[list[object]]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Search results"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    about = book.create_sheet("About")
    about.append([INVENTED])
    book.properties.title = "Invented communications export (spfacts tests)"
    book.properties.created = EXPORTED  # the importer takes the export date from here
    return book


def write_fixtures(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _book(PUBLIC_HEADER, PUBLIC_ROWS).save(folder / "communications-public-layout.xlsx")
    # two values no reference CSV knows: an invented mandate title and an invented country name
    unmapped = [list(r) for r in PUBLIC_ROWS]
    unmapped[1][4] = f"{HOUSING}; Special Rapporteur on the rights of imaginary beings"
    unmapped[2][1] = "Atlantis"
    _book(PUBLIC_HEADER, unmapped).save(folder / "communications-unmapped.xlsx")


if __name__ == "__main__":
    write_fixtures(Path(sys.argv[1]))
