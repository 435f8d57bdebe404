"""Write tables as the files of a source root (docs/sources.md) and the manifest that lists them.

The layout decides where the untidiness of real exports goes: which dataset-year is split into
parts, which file has a byte-order mark, shuffled columns or an extra column, which XML part uses
a namespace prefix. Bytes are fully determined by the rows: fixed line ends, no timestamps.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MARC_NS = "http://www.loc.gov/MARC21/slim"

FOLDERS = {
    "communications": "communications/communications-{y}",
    "replies": "communications/replies-{y}",
    "followups": "communications/followups-{y}",
    "visit-events": "visits/visit-events-{y}",
    "standing-invitations": "visits/standing-invitations",
    "mandates": "mandates/mandates",
    "positions": "mandates/positions",
    "holders": "mandates/holders",
    "external-support": "mandates/external-support-{y}",
    "reports": "reports/reports-{y}",
    "media": "media/media-{y}",
    "wgeid-cases": "wgeid/cases-{y}",
    "wgeid-clarifications": "wgeid/clarifications-{y}",
    "wgad-opinions": "wgad/opinions-{y}",
    "wgad-releases": "wgad/releases-{y}",
    "events": "events/events-{y}",
}
EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "json": "json", "marcxml": "xml"}


@dataclass
class Table:
    dataset: str
    year: int | None
    format: str
    rows: list
    columns: list[str] = field(default_factory=list)  # CSV only


@dataclass
class Quirks:
    parts: int = 1
    bom: bool = False
    shuffle_columns: bool = False
    extra_column: tuple[str, list[str]] | None = None  # name, values cycled over the rows
    xml_prefixes: tuple[str, ...] = ("",)  # one per part; "" = default namespace


def chunks(rows: list, parts: int) -> list[list]:
    size, rest = divmod(len(rows), parts)
    out, at = [], 0
    for i in range(parts):
        n = size + (1 if i < rest else 0)
        out.append(rows[at : at + n])
        at += n
    return out


def csv_bytes(columns: list[str], rows: list[dict[str, str]], q: Quirks, rng: random.Random) -> bytes:
    columns = list(columns)
    if q.shuffle_columns:
        rng.shuffle(columns)
    if q.extra_column:
        columns.insert(rng.randint(0, len(columns)), q.extra_column[0])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for i, row in enumerate(rows):
        if q.extra_column:
            values = q.extra_column[1]
            row = {**row, q.extra_column[0]: values[i % len(values)]}
        writer.writerow([row[c] for c in columns])
    data = buf.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if q.bom else data


def marc_bytes(records: list[dict], prefix: str) -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{p}collection {xmlns}="{MARC_NS}">']
    for rec in records:
        lines.append(f"  <{p}record>")
        lines.append(f"    <{p}leader>00000nam a2200000 a 4500</{p}leader>")
        lines.append(f'    <{p}controlfield tag="001">{escape(rec["001"])}</{p}controlfield>')
        for tag, subfields in rec["fields"]:
            subs = "".join(f"<{p}subfield code={quoteattr(c)}>{escape(v)}</{p}subfield>" for c, v in subfields)
            lines.append(f'    <{p}datafield tag="{tag}" ind1=" " ind2=" ">{subs}</{p}datafield>')
        lines.append(f"  </{p}record>")
    lines.append(f"</{p}collection>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render(table: Table, q: Quirks, rng: random.Random) -> list[tuple[bytes, int]]:
    out = []
    for i, rows in enumerate(chunks(table.rows, q.parts)):
        if table.format == "csv":
            data = csv_bytes(table.columns, rows, q, rng)
        elif table.format == "jsonl":
            data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
        elif table.format == "json":
            data = (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        else:
            data = marc_bytes(rows, q.xml_prefixes[i % len(q.xml_prefixes)])
        out.append((data, len(rows)))
    return out


def file_path(table: Table, part: int, parts: int) -> str:
    stem = FOLDERS[table.dataset].format(y=table.year)
    if parts > 1:
        stem += f"-{part:03d}" if table.format == "csv" else f"-part{part}"
    elif table.dataset in ("communications", "replies"):
        stem += "-001"  # these exports are always numbered
    return f"{stem}.{EXTENSIONS[table.format]}"


def write_root(out_dir: Path, tables: list[Table], quirks: dict, manifest_head: dict, rng: random.Random) -> list[dict]:
    """Write every table; return the manifest entries (also written as manifest.json)."""
    entries = []
    for table in sorted(tables, key=lambda t: (t.dataset, t.year or 0)):
        q = quirks.get((table.dataset, table.year), Quirks())
        for part, (data, rows) in enumerate(render(table, q, rng), start=1):
            rel = file_path(table, part, q.parts)
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            entries.append(
                {
                    "dataset": table.dataset,
                    "year": table.year,
                    "part": part,
                    "path": rel,
                    "format": table.format,
                    "rows": rows,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    entries.sort(key=lambda e: e["path"])
    manifest = {**manifest_head, "files": entries}
    (out_dir / "manifest.json").write_bytes((json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return entries
