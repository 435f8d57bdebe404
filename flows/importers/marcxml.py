"""UN Digital Library MARCXML (search results with `of=xm`) -> contract reports records.

Layout (docs/imports.md#un-digital-library-marcxml): a `<collection>` of MARC 21 slim `<record>`s,
prefixed (`marc:record`) or in the default namespace; `001` record id, `191 $a` symbol, `245 $a`
title, `269 $a` date, `710 $a` corporate author (the mandate by its UN name), `650` library
subjects, `989` document type, `991` agenda item. Parsed with defusedxml (a DOCTYPE, entities
and external references are refused) and matched by namespace, never by prefix.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from flows.sources.transport import HttpTransport, Missing

from .mapping import ImportRefused, Place, Problems, Reference

LAYOUT = "undl-marcxml"
MARC_NS = "http://www.loc.gov/MARC21/slim"
RESPONSE_LIMIT = 256 << 20  # a search response larger than this is not one
KEPT_AS_IS = ("650", "991")  # library subjects and agenda items: kept in raw, no figure reads them
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass
class Response:
    """One MARCXML response, its records rewritten for the contract, by year of issue."""

    name: str
    sha256: str
    export_date: date | None
    records: dict[int, list[str]] = field(default_factory=dict)  # year -> <record> elements as text


def fetch(location: str, *, timeout: float = 30, retries: int = 3) -> tuple[str, bytes, date]:
    """A UNDL search URL read through the project's HTTP transport (retries, timeouts)."""
    parts = urlsplit(location)
    transport = HttpTransport(f"{parts.scheme}://{parts.netloc}/", timeout=timeout, retries=retries, backoff=0.5)
    path = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    try:
        data = transport.get(path, limit=RESPONSE_LIMIT)
    except Missing as err:
        raise ImportRefused(f"{location}: {err}") from err
    finally:
        transport.close()
    if len(data) > RESPONSE_LIMIT:
        raise ImportRefused(f"{location}: response larger than {RESPONSE_LIMIT} bytes")
    return location, data, datetime.now(UTC).date()  # fetched now: the export date is today


def _q(name: str) -> str:
    return f"{{{MARC_NS}}}{name}"


def read_response(name: str, data: bytes, export_date: date | None, ref: Reference, problems: Problems) -> Response:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise ImportRefused(f"{name}: unsafe XML refused ({err!r})") from err
    except ParseError as err:
        line, column = err.position
        raise ImportRefused(f"{name}: line {line} column {column + 1}: not well-formed XML") from err
    records = [root] if root.tag == _q("record") else list(root.iter(_q("record")))
    if not records and any(e.tag.rpartition("}")[2] == "record" for e in root.iter()):
        raise ImportRefused(f"{name}: <record> elements found, none in the MARC 21 slim namespace {MARC_NS}")
    response = Response(name, hashlib.sha256(data).hexdigest(), export_date)
    for number, record in enumerate(records, start=1):
        converted = _record(name, number, record, ref, problems)
        if converted:
            response.records.setdefault(converted[0], []).append(converted[1])
    return response


def _fields(record: Element, tag: str) -> list[Element]:
    return [f for f in record if f.tag == _q("datafield") and f.get("tag") == tag]


def _subfields(field: Element, code: str | None = None) -> list[str]:
    return [(s.text or "").strip() for s in field if s.tag == _q("subfield") and code in (None, s.get("code"))]


def _record(name: str, number: int, record: Element, ref: Reference, problems: Problems) -> tuple[int, str] | None:
    def at(column: str) -> Place:
        return Place(name, f"record {number}", column)

    control = {f.get("tag"): (f.text or "").strip() for f in record if f.tag == _q("controlfield")}
    firsts = {
        tag: next(iter(v for f in _fields(record, tag) for v in _subfields(f, "a")), "")
        for tag in ("191", "245", "269")
    }
    issued = _DATE.fullmatch(firsts["269"])
    if not issued:
        problems.add("269 $a date (YYYY-MM-DD or YYYYMMDD)", firsts["269"], at("269 $a"))
    authors: list[str] = []
    for author in (v for f in _fields(record, "710") for v in _subfields(f, "a")):
        short = ref.mandates.get(author)
        if short is None:
            problems.add("UN corporate name (flows/reference/mandate_names.csv)", author, at("710 $a"))
        elif short and short not in authors:
            authors.append(short)
    types = {" > ".join(_subfields(f)) for f in _fields(record, "989")}
    mapped = {ref.document_types.get(t) for t in types}
    if not types:
        problems.add("document type", "(no 989 field)", at("989"))
    for undl_type in sorted(t for t in types if ref.document_types.get(t) is None):
        problems.add("document type (flows/reference/undl_document_types.csv)", undl_type, at("989"))
    if len({m for m in mapped if m}) > 1:
        problems.add("document types that map to more than one contract type", " | ".join(sorted(types)), at("989"))
    if problems or not issued:
        return None  # nothing will be written: only collect the problems of every record
    kept = [f for tag in KEPT_AS_IS for f in _fields(record, tag)]
    lines = [
        "  <record>",
        f'    <controlfield tag="001">{escape(control.get("001", ""))}</controlfield>',
        _datafield("191", [("a", firsts["191"])]),
        _datafield("245", [("a", firsts["245"])]),
        _datafield("269", [("a", "-".join(issued.groups()))]),
        *(_datafield("710", [("a", a)]) for a in authors),
        *(_copy(f) for f in kept),
        *(_datafield("989", [("a", t)]) for t in sorted(m for m in mapped if m)),
        "  </record>",
    ]
    return int(issued.group(1)), "\n".join(lines)


def _datafield(tag: str, subfields: list[tuple[str, str]], ind1: str = " ", ind2: str = " ") -> str:
    subs = "".join(f"<subfield code={quoteattr(c)}>{escape(v)}</subfield>" for c, v in subfields)
    return f"    <datafield tag={quoteattr(tag)} ind1={quoteattr(ind1)} ind2={quoteattr(ind2)}>{subs}</datafield>"


def _copy(field: Element) -> str:
    subs = [(s.get("code") or "", (s.text or "").strip()) for s in field if s.tag == _q("subfield")]
    return _datafield(field.get("tag") or "", subs, field.get("ind1") or " ", field.get("ind2") or " ")


def collection(records: list[str]) -> bytes:
    """A MARCXML file of the contract (default namespace) holding `records`."""
    body = "\n".join(records)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC_NS}">\n{body}\n</collection>\n'.encode()


def read_file(path: Path, export_date: date | None, ref: Reference, problems: Problems) -> Response:
    return read_response(path.name, path.read_bytes(), export_date, ref, problems)
