"""The communications database's search export (Excel) -> contract communications and replies.

Layout (docs/imports.md#communications-database-export): one sheet whose header row holds
`Date | Country | Type | Ref. no. | Mandates | Summary | UN Region | OHCHR Region |
Nb. of alleged victims | Nb. of replies | Replies | Replies2 | ...`, one row per communication;
rows above the header (a title) are skipped. Dates `DD Mon YYYY` (text or an Excel date),
addressees by English name, mandates by title (separated by `;` or line breaks), the date of
each reply in the reply columns. Read with openpyxl in read-only mode.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .mapping import ImportRefused, Place, Problems, Reference, contract_date, parse_contract_date

LAYOUT = "communications-xlsx"
REQUIRED = ("Date", "Country", "Type", "Ref. no.", "Mandates", "Nb. of alleged victims", "Nb. of replies")
PASSED = ("Summary", "UN Region", "OHCHR Region")  # copied as they are; empty when the export lacks them
REPLY_COLUMN = re.compile(r"Replies\d*")
COMMUNICATION_COLUMNS = (
    "gId", "Date", "Type", "Ref. no.", "Country", "Non-State actors", "Mandates", "Summary", "UN Region",
    "OHCHR Region", "Nb. of alleged victims", "Nb. of alleged victims (women)", "Tags",
)  # fmt: skip
REPLY_COLUMNS = ("Reply gId", "Ref. no.", "Date", "From", "Substantive")
_REF = re.compile(r"(?:(?P<type>[A-Z]{2,3}) )?(?P<ref>(?P<code>[A-Z]{3}) \d+/\d{4})")
_HEADER_SCAN = 20  # rows searched for the header row


@dataclass
class Export:
    """One export file read into contract rows, by dataset and year."""

    name: str
    sha256: str
    export_date: date | None
    communications: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    replies: dict[int, list[dict[str, str]]] = field(default_factory=dict)


def derived_id(text: str) -> str:
    """A stable integer id from a key: the first 12 hex digits of its sha256 (docs/imports.md)."""
    return str(int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:12], 16))


def cell_text(value: Any) -> str:
    """A cell as the contract's text: dates `DD Mon YYYY`, whole numbers without `.0`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return contract_date(value.date())
    if isinstance(value, date):
        return contract_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_export(path: Path, reference: Reference, problems: Problems) -> Export:
    """Rows of one export as contract rows; unmapped values go to `problems`."""
    data = path.read_bytes()
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zipfile, KeyError, ValueError... for a non-xlsx file
        raise ImportRefused(f"{path.name}: not an Excel workbook that can be read ({err})") from err
    try:
        # the export date is when the workbook was created (saving again moves `modified`, not `created`)
        created = book.properties.created or book.properties.modified
        export = Export(path.name, hashlib.sha256(data).hexdigest(), created.date() if created else None)
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header, header_row = _header(path.name, rows)
        _convert(path.name, header, header_row, rows, export, reference, problems)
    finally:
        book.close()
    return export


def _header(name: str, rows: Any) -> tuple[list[str], int]:
    for number, values in enumerate(rows, start=1):
        cells = [cell_text(v) for v in values]
        if "Ref. no." in cells and "Date" in cells:
            missing = [c for c in REQUIRED if c not in cells]
            if missing:
                raise ImportRefused(f"{name}: row {number}: the header lacks column(s) {', '.join(missing)}")
            return cells, number
        if number >= _HEADER_SCAN:
            break
    raise ImportRefused(f"{name}: no header row with 'Date' and 'Ref. no.' in the first {_HEADER_SCAN} rows")


def _convert(
    name: str, header: list[str], header_row: int, rows: Any, export: Export, ref: Reference, problems: Problems
) -> None:
    reply_columns = [c for c in header if REPLY_COLUMN.fullmatch(c)]
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=header_row + 1):
        # a row may stop before the header does (trailing empty cells): those cells are empty
        row = dict.fromkeys((h for h in header if h), "") | {
            h: cell_text(v) for h, v in zip(header, values, strict=False) if h
        }
        if not any(row.values()):
            continue  # a blank line at the end of a sheet is not a communication

        def at(column: str, number: int = number) -> Place:
            letter = get_column_letter(header.index(column) + 1)
            return Place(name, number, f"{column} ({letter})")

        sent = parse_contract_date(row["Date"])
        if sent is None:
            problems.add("date (DD Mon YYYY)", row["Date"], at("Date"))
        kind = ref.communication_types.get(row["Type"])
        if kind is None:
            problems.add("communication type (flows/reference/communication_types.csv)", row["Type"], at("Type"))
        code = ref.addressees.get(row["Country"])
        if code is None:
            problems.add(
                "country name (flows/reference/countries.csv, addressee_names.csv)", row["Country"], at("Country")
            )
        found = _REF.fullmatch(row["Ref. no."])
        if not found or (found.group("type") and found.group("type") not in (kind, row["Type"])):
            problems.add("Ref. no. (CODE n/YYYY)", row["Ref. no."], at("Ref. no."))
            ref_no = row["Ref. no."]
        else:
            ref_no = found.group("ref")
            if code is not None and found.group("code") != code:
                problems.add(f"Ref. no. whose code is not the Country's ({code})", row["Ref. no."], at("Ref. no."))
        if ref_no in seen:
            problems.add(f"Ref. no. already on row {seen[ref_no]}", ref_no, at("Ref. no."))
        seen.setdefault(ref_no, number)
        mandates = []
        for title in (t.strip() for t in re.split(r"[;\n]", row["Mandates"]) if t.strip()):
            short = ref.mandates.get(title)
            if short is None:
                problems.add("mandate title (flows/reference/mandate_names.csv)", title, at("Mandates"))
            elif short:
                mandates.append(short)
        dates = [(c, parse_contract_date(row[c])) for c in reply_columns if row.get(c)]
        for column, received in dates:
            if received is None:
                problems.add("reply date (DD Mon YYYY)", row[column], at(column))
        if row["Nb. of replies"] not in ("", str(len(dates))):
            problems.add(
                f"Nb. of replies, the reply columns hold {len(dates)}", row["Nb. of replies"], at("Nb. of replies")
            )
        if problems or sent is None:
            continue  # nothing will be written: only collect the problems of every row
        export.communications.setdefault(sent.year, []).append(
            {
                "gId": derived_id(ref_no),
                "Date": contract_date(sent),
                "Type": kind or "",
                "Ref. no.": ref_no,
                "Country": row["Country"],
                "Non-State actors": "",  # unknown: the export does not name them
                "Mandates": "; ".join(mandates),
                **{c: row.get(c, "") for c in PASSED},
                "Nb. of alleged victims": row["Nb. of alleged victims"],
                "Nb. of alleged victims (women)": "",  # unknown
                "Tags": "",  # unknown
            }
        )
        for column, received in dates:
            assert received is not None  # a bad date was a problem above
            export.replies.setdefault(received.year, []).append(
                {
                    "Reply gId": derived_id(f"{ref_no}|{column}"),
                    "Ref. no.": ref_no,
                    "Date": contract_date(received),
                    "From": "",  # unknown: the export gives the date only
                    "Substantive": "",  # unknown
                }
            )
    if not export.communications and not problems:
        raise ImportRefused(f"{name}: no communication rows under the header (row {header_row})")
