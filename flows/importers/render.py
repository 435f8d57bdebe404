"""The reverse of the importers: a root's records rendered in the real layouts.

The round-trip proof (tests/integration/test_import_roundtrip.py) renders the bundled snapshot's
communications, replies and reports as the communications database's Excel export and the UN
Digital Library's MARCXML, limited to the columns and fields those layouts have, imports them
back and checks that the pipeline gives the same figures. Names go the other way through the
same reference CSVs: mandate short names to titles (communications) or UN corporate names
(reports), contract document types to the UNDL terms. `Nb. of alleged victims (women)`, `Tags`,
`Non-State actors`, reply ids, `From`, `Substantive`, 651 and the sp-theme 650 fields are not
rendered: the real layouts do not have them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from openpyxl import Workbook

from flows.sources import SourceRoot

from .mapping import parse_contract_date
from .marcxml import MARC_NS, _datafield
from .xlsx import LAYOUT as XLSX_LAYOUT

EXPORT_COLUMNS = (
    "Date", "Country", "Type", "Ref. no.", "Mandates", "Summary", "UN Region", "OHCHR Region",
    "Nb. of alleged victims", "Nb. of replies",
)  # fmt: skip


def _csv_rows(root: SourceRoot, dataset: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for entry in root.manifest().select([dataset]):
        text = root.fetch(entry).decode("utf-8-sig")
        rows.extend(csv.DictReader(io.StringIO(text, newline="")))
    return rows


def _names(form: str, reference_dir: Path) -> dict[str, str]:
    """Mandate short name -> its name of the given form (title, undl_corporate_name)."""
    with (reference_dir / "mandate_names.csv").open(encoding="utf-8", newline="") as handle:
        return {r["mandate"]: r["name"] for r in csv.DictReader(handle) if r["form"] == form and r["mandate"]}


def render_communications_xlsx(source: str, out: Path, reference_dir: Path) -> Path:
    """Communications and their replies as one export workbook (text cells, like the export)."""
    titles = _names("title", reference_dir)
    with SourceRoot.open(source) as root:
        communications = _csv_rows(root, "communications")
        replies = _csv_rows(root, "replies")
    dates: dict[str, list[str]] = {}
    for reply in replies:
        dates.setdefault(reply["Ref. no."].strip(), []).append(reply["Date"].strip())
    width = max((len(v) for v in dates.values()), default=1)
    reply_columns = ["Replies", *(f"Replies{n}" for n in range(2, width + 1))]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Communications")
    sheet.append([*EXPORT_COLUMNS, *reply_columns])
    for c in sorted(communications, key=lambda r: (parse_contract_date(r["Date"].strip()), r["Ref. no."])):
        ref = c["Ref. no."].strip()
        got = sorted(dates.get(ref, []), key=parse_contract_date)
        mandates = [titles[m.strip()] for m in c["Mandates"].split(";") if m.strip()]
        sheet.append(
            [
                c["Date"].strip(), c["Country"].strip(), c["Type"].strip(), ref, "; ".join(mandates),
                c["Summary"], c["UN Region"].strip(), c["OHCHR Region"].strip(),
                c["Nb. of alleged victims"].strip(), str(len(got)), *got,
            ]
        )  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def render_reports_marcxml(source: str, out: Path, reference_dir: Path, *, prefix: str = "") -> Path:
    """Reports as a UNDL MARCXML response; `prefix` "marc" writes `marc:record` elements."""
    corporate = _names("undl_corporate_name", reference_dir)
    with (reference_dir / "undl_document_types.csv").open(encoding="utf-8", newline="") as handle:
        undl_types = {r["document_type"]: r["undl_type"] for r in csv.DictReader(handle)}
    records: list[str] = []
    with SourceRoot.open(source) as root:
        for entry in root.manifest().select(["reports"]):
            tree = SafeET.fromstring(root.fetch(entry), forbid_dtd=True)
            records += [_record(r, corporate, undl_types) for r in tree.iter(f"{{{MARC_NS}}}record")]
    body = "\n".join(records)
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC_NS}">\n{body}\n</collection>\n'
    if prefix:
        text = _prefixed(text, prefix)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


def _record(record: Element, corporate: dict[str, str], undl_types: dict[str, str]) -> str:
    ns = f"{{{MARC_NS}}}"
    lines = ["  <record>"]
    for field in record:
        tag = field.get("tag")
        subs = [(s.get("code") or "", s.text or "") for s in field if s.tag == ns + "subfield"]
        if field.tag == ns + "controlfield" and tag == "001":
            lines.append(f'    <controlfield tag="001">{field.text}</controlfield>')
        elif tag in ("191", "245", "269"):
            lines.append(_datafield(tag, [s for s in subs if s[0] == "a"]))
        elif tag == "710":
            lines.append(_datafield("710", [("a", corporate[v.strip()]) for c, v in subs if c == "a"]))
        elif tag == "650" and ("2", "sp-theme") not in subs:  # library subjects only
            lines.append(_datafield("650", subs))
        elif tag == "989":
            # the UNDL terms of the type, as subfields $a $b (docs/imports.md, assumed)
            terms = undl_types[subs[0][1].strip()].split(" > ")
            lines.append(_datafield("989", list(zip("abc", terms, strict=False))))
    lines.append("  </record>")
    return "\n".join(lines)


def _prefixed(text: str, prefix: str) -> str:
    """The same document with every MARC element written `prefix:name` (namespace unchanged)."""
    text = text.replace(f'<collection xmlns="{MARC_NS}">', f'<{prefix}:collection xmlns:{prefix}="{MARC_NS}">')
    for name in ("collection", "record", "controlfield", "datafield", "subfield", "leader"):
        text = text.replace(f"<{name}", f"<{prefix}:{name}").replace(f"</{name}>", f"</{prefix}:{name}>")
    return text.replace(f"<{prefix}:{prefix}:", f"<{prefix}:")


__all__ = ["XLSX_LAYOUT", "render_communications_xlsx", "render_reports_marcxml"]
