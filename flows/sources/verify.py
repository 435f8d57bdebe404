"""Check fetched bytes against their manifest entry: size, sha256, UTF-8, and row count.

Row counts follow docs/sources.md#1-manifestjson: CSV records after the header (quoted cells may span
lines), JSONL non-empty lines, JSON array elements, MARCXML `<record>` elements in the MARC 21
slim namespace whatever their prefix. Only file-level defects are checked here; a row whose
values do not parse is load's business (it is kept with its reason, not refused here).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from .errors import SourceFileError
from .models import ManifestEntry

MARC_NS = "http://www.loc.gov/MARC21/slim"
# The longest CSV cell read (Settings.max_cell_bytes, in characters). Python's csv module refuses
# cells over 128 KiB by default, which would call a valid long summary "broken CSV".
MAX_CELL = 16 << 20
_BOM = b"\xef\xbb\xbf"
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def verify(entry: ManifestEntry, data: bytes, *, url: str | None = None, max_cell: int = MAX_CELL) -> None:
    """Raise SourceFileError unless `data` is exactly the file `entry` describes."""
    if len(data) != entry.bytes:
        raise SourceFileError(entry.path, f"{len(data)} bytes, manifest says {entry.bytes}", url=url)
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.sha256:
        raise SourceFileError(entry.path, f"sha256 {digest}, manifest says {entry.sha256}", url=url)
    text = decode_utf8(entry.path, data, url=url)
    rows = count_rows(entry, data, text, url=url, max_cell=max_cell)
    if rows != entry.rows:
        raise SourceFileError(entry.path, f"{rows} {entry.format} records, manifest says {entry.rows}", url=url)


def decode_utf8(path: str, data: bytes, *, url: str | None = None) -> str:
    """The text of `data` (a leading BOM dropped); a non-UTF-8 file is a file defect."""
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = skip + exc.start
        line_start = data.rfind(b"\n", 0, at) + 1
        raise SourceFileError(
            path,
            f"not UTF-8: invalid byte 0x{data[at]:02x} at byte offset {at} ({exc.reason})",
            url=url,
            line=data.count(b"\n", 0, at) + 1,
            column=at - line_start + 1,
        ) from None


def count_rows(
    entry: ManifestEntry, data: bytes, text: str, *, url: str | None = None, max_cell: int = MAX_CELL
) -> int:
    """Number of data records in the file, by its format."""
    if entry.format == "csv":
        return _count_csv(entry.path, text, url, max_cell)
    if entry.format == "jsonl":
        # split on "\n" only: str.splitlines would also split on U+2028 and friends, which
        # may legally sit unescaped inside a JSON string.
        return sum(1 for line in text.split("\n") if line.strip())
    if entry.format == "json":
        return _count_json(entry.path, text, url)
    if entry.format == "marcxml":
        return _count_marc(entry.path, data, url)
    raise SourceFileError(entry.path, f"unknown format {entry.format!r}", url=url)


def _count_csv(path: str, text: str, url: str | None, max_cell: int = MAX_CELL) -> int:
    csv.field_size_limit(max_cell)  # process-wide; every reader here uses the same bound
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records = 0
    start_line = 1
    try:
        for record in reader:
            if record and header is None:
                header = record
            elif record:  # an empty list is a blank line, not a record
                records += 1
            start_line = reader.line_num + 1
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        line, field = _locate_csv_defect(text, start_line, max_cell if too_long else None)
        reason = f"broken CSV: {exc}"
        if too_long:
            reason = f"a cell longer than {max_cell} characters (SPFACTS_MAX_CELL_BYTES)"
        raise SourceFileError(
            path,
            reason,
            url=url,
            row=records + 1 if header is not None else None,
            line=line,
            column=field,
            column_name=header[field - 1] if header and field and field <= len(header) else None,
        ) from None
    if header is None:
        raise SourceFileError(path, "empty CSV: no header row", url=url)
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise SourceFileError(path, f"duplicate column name(s) {duplicates} in the header", url=url, line=1)
    return records


def _locate_csv_defect(text: str, start_line: int, max_cell: int | None = None) -> tuple[int, int | None]:
    """(line, field) of the first quoting defect (or, with `max_cell`, of the first cell longer
    than that) in the record starting at `start_line`.

    The csv module says what broke but not where; this rescans that one record with the
    RFC 4180 states to find the field (1-based) and the physical line.
    """
    lines = io.StringIO(text, newline="").readlines()
    record = "".join(lines[start_line - 1 :])
    field, line, state, opened = 1, start_line, "start", (start_line, 1)
    length = 0
    for ch in record:
        length = 0 if state == "start" else length + 1
        if max_cell is not None and length > max_cell:
            return opened if state in ("quoted", "quote") else (line, field)
        if state == "start":
            if ch == '"':
                state, opened = "quoted", (line, field)
            elif ch == ",":
                field += 1
            elif ch in "\r\n":
                break
            else:
                state = "plain"
        elif state == "plain":
            if ch == ",":
                field, state = field + 1, "start"
            elif ch in "\r\n":
                break
        elif state == "quoted":
            if ch == '"':
                state = "quote"
        else:  # just after a quote inside a quoted field
            if ch == '"':
                state = "quoted"
            elif ch == ",":
                field, state = field + 1, "start"
            elif ch in "\r\n":
                break
            else:
                return line, field
        if ch == "\n":
            line += 1
    if state == "quoted":  # end of data inside quotes: blame where the quote opened
        return opened
    return start_line, None


def _count_json(path: str, text: str, url: str | None) -> int:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFileError(path, f"not JSON: {exc.msg}", url=url, line=exc.lineno, column=exc.colno) from None
    if not isinstance(doc, list):
        raise SourceFileError(path, f"must be a JSON array, not {type(doc).__name__}", url=url)
    return len(doc)


def _count_marc(path: str, data: bytes, url: str | None) -> int:
    declared = _XML_DECL_ENCODING.match(data.removeprefix(_BOM))
    if declared and declared.group(1).decode().lower() not in ("utf-8", "utf8"):
        raise SourceFileError(
            path,
            f"XML declares encoding {declared.group(1).decode()!r}; must be UTF-8",
            url=url,
            line=1,
        )
    records = elsewhere = 0
    marc_record = f"{{{MARC_NS}}}record"
    try:
        # forbid_dtd: a DOCTYPE is refused outright, not just its entities.
        for _event, elem in safe_et.iterparse(
            io.BytesIO(data),
            events=("end",),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        ):
            if elem.tag == marc_record:
                records += 1
                elem.clear()
            elif elem.tag.rpartition("}")[2] == "record":
                elsewhere += 1
    except DefusedXmlException as exc:
        raise SourceFileError(path, f"unsafe XML refused: {exc}", url=url) from None
    except ParseError as exc:
        line, column = exc.position
        raise SourceFileError(
            # ParseError's text ends with its own 0-based ": line L, column C"; say it once.
            path,
            f"malformed XML: {str(exc).split(': line ')[0]}",
            url=url,
            line=line,
            column=column + 1,
        ) from None
    if elsewhere and not records:
        raise SourceFileError(path, f"{elsewhere} <record> elements, none in namespace {MARC_NS}", url=url)
    return records
