"""The two imports end to end: read every input, refuse on any problem, then write the root."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from . import marcxml, xlsx
from .mapping import ImportRefused, Problems, Reference
from .root import ExportFile, NewFile, csv_bytes, write_mixed_root


def import_communications(
    exports: list[Path], base: str, out: Path, export_date: date | None = None, reference: Reference | None = None
) -> dict[str, Any]:
    """Communications and replies from communications database exports; the rest from `base`."""
    reference = reference or Reference.load()
    problems = Problems()
    read = [xlsx.read_export(Path(p), reference, problems) for p in exports]
    problems.refuse()
    communications: dict[int, list[dict[str, str]]] = {}
    replies: dict[int, list[dict[str, str]]] = {}
    for export in read:
        for year, rows in export.communications.items():
            communications.setdefault(year, []).extend(rows)
        for year, rows in export.replies.items():
            replies.setdefault(year, []).extend(rows)
    _refuse_repeats(communications)
    files = [
        NewFile("communications", y, f"communications/communications-{y}-001.csv", "csv",
                csv_bytes(xlsx.COMMUNICATION_COLUMNS, rows))
        for y, rows in sorted(communications.items())
    ] + [
        NewFile("replies", y, f"communications/replies-{y}-001.csv", "csv", csv_bytes(xlsx.REPLY_COLUMNS, rows))
        for y, rows in sorted(replies.items())
    ]  # fmt: skip
    sources = [_export_file(e.name, e.sha256, export_date or e.export_date) for e in read]
    return write_mixed_root(base, out, files, xlsx.LAYOUT, sources, reference.unknown_columns.get(xlsx.LAYOUT, []))


def import_reports(
    inputs: list[str], base: str, out: Path, export_date: date | None = None, reference: Reference | None = None
) -> dict[str, Any]:
    """Reports from UN Digital Library MARCXML (files or one search URL); the rest from `base`."""
    reference = reference or Reference.load()
    problems = Problems()
    responses = []
    for item in inputs:
        if item.startswith(("http://", "https://")):
            name, data, fetched = marcxml.fetch(item)
            responses.append(marcxml.read_response(name, data, export_date or fetched, reference, problems))
        else:
            if export_date is None:
                raise ImportRefused(f"{item}: a MARCXML file does not say when it was exported; give --export-date")
            responses.append(marcxml.read_file(Path(item), export_date, reference, problems))
    problems.refuse()
    by_year: dict[int, list[str]] = {}
    for response in responses:
        for year, records in response.records.items():
            by_year.setdefault(year, []).extend(records)
    if not by_year:
        raise ImportRefused(f"{', '.join(inputs)}: no MARC record to import")
    files = [
        NewFile("reports", y, f"reports/reports-{y}.xml", "marcxml", marcxml.collection(records))
        for y, records in sorted(by_year.items())
    ]
    sources = [_export_file(r.name, r.sha256, r.export_date) for r in responses]
    return write_mixed_root(
        base, out, files, marcxml.LAYOUT, sources, reference.unknown_columns.get(marcxml.LAYOUT, [])
    )


def _export_file(name: str, sha256: str, export_date: date | None) -> ExportFile:
    if export_date is None:
        raise ImportRefused(f"{name}: the workbook records no creation date; give --export-date")
    return ExportFile(name, sha256, export_date)


def _refuse_repeats(communications: dict[int, list[dict[str, str]]]) -> None:
    """Two exports that overlap would list a communication twice: a person must choose."""
    seen: set[str] = set()
    repeats = sorted({r["Ref. no."] for rows in communications.values() for r in rows if r["Ref. no."] in seen
                      or seen.add(r["Ref. no."])})  # fmt: skip
    if repeats:
        raise ImportRefused(
            f"import refused, nothing written: Ref. no. in more than one export: {', '.join(repeats[:20])}"
        )
