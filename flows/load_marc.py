"""MARCXML reader for the load step: one long raw table, one row per field or subfield.

Reports come as MARC 21 slim XML from the UN Digital Library (docs/sources.md#reports). MARC is
not tabular (fields repeat, subfields pair up: 650 $a goes with the $2 of the same field), so
raw keeps it long: record number, field position, tag, indicators, subfield code and value.
Staging pivots it. The file is untrusted input: defusedxml refuses entities, external
references and DTDs. Elements are matched by namespace URI, never by prefix, so `marc:record`
and a default-namespace `record` load the same.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree as SafeET

# the namespace is the source contract's, checked when the file is verified on extract
from flows.sources.verify import MARC_NS

# Datasets the source contract publishes as MARCXML.
MARC_DATASETS: tuple[str, ...] = ("reports",)
# Columns of a MARC raw table after the lineage's _source_file and _row (= record number).
MARC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("field_seq", "INTEGER"),  # 1-based position of the field in its record, leader included
    ("tag", "VARCHAR"),  # LDR for the leader, 001.. for control fields, 100.. for data fields
    ("ind1", "VARCHAR"),
    ("ind2", "VARCHAR"),
    ("code", "VARCHAR"),  # subfield code; null for the leader and control fields
    ("value", "VARCHAR"),
)

MarcRow = tuple[int, int, str | None, str | None, str | None, str | None, str | None]


class MarcError(ValueError):
    """The file is not MARCXML that can be read safely; the message says where."""


def _q(name: str) -> str:
    return f"{{{MARC_NS}}}{name}"


def read_marc(path: Path) -> tuple[int, list[MarcRow]]:
    """(number of records, rows of (record, field_seq, tag, ind1, ind2, code, value))."""
    try:
        tree = SafeET.parse(path, forbid_dtd=True)
    except ParseError as err:
        line, column = getattr(err, "position", (None, None))
        raise MarcError(f"line {line} column {column}: not well-formed XML ({err})") from err
    except defusedxml.DefusedXmlException as err:
        raise MarcError(f"unsafe XML refused: {err!r}") from err
    root = tree.getroot()
    records = [root] if root.tag == _q("record") else list(root.iter(_q("record")))
    rows: list[MarcRow] = []
    for number, record in enumerate(records, start=1):
        rows.extend(_record_rows(number, record))
    return len(records), rows


def _record_rows(number: int, record: Element) -> list[MarcRow]:
    rows: list[MarcRow] = []
    fields = [f for f in record if f.tag in (_q("leader"), _q("controlfield"), _q("datafield"))]
    for seq, field in enumerate(fields, start=1):
        if field.tag == _q("leader"):
            rows.append((number, seq, "LDR", None, None, None, field.text))
        elif field.tag == _q("controlfield"):
            rows.append((number, seq, field.get("tag"), None, None, None, field.text))
        else:
            tag, ind1, ind2 = field.get("tag"), field.get("ind1"), field.get("ind2")
            subfields = [s for s in field if s.tag == _q("subfield")]
            # A data field without subfields is kept as one row, so raw loses nothing.
            for sub in subfields or [None]:
                code = sub.get("code") if sub is not None else None
                value = sub.text if sub is not None else None
                rows.append((number, seq, tag, ind1, ind2, code, value))
    # A record without fields still gets a row, so that staging sees (and rejects) it.
    return rows or [(number, 0, None, None, None, None, None)]
