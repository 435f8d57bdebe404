"""Build small source roots (docs/sources.md#1-manifestjson) in a temporary folder.

    write_root(tmp_path / "root", [RootFile("media/m.jsonl", b'{"id": 1}\n', "media", "jsonl", 1)])

`bytes` and `sha256` are computed from the content; `rows` is given by the test (so that a
test never trusts the reader's own counting to build its expectation). `overrides` patches
manifest entries by index after they are computed, to make a root lie on purpose.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RootFile:
    path: str
    content: bytes
    dataset: str
    format: str
    rows: int
    year: int | None = None
    part: int = 1


def write_root(
    folder: Path,
    files: list[RootFile],
    *,
    snapshot: str = "test-root",
    published: str = "2024-01-31",
    overrides: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Write the files and their manifest.json under `folder`; return the manifest."""
    entries = []
    for f in files:
        target = folder / f.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.content)
        entries.append(
            {
                "dataset": f.dataset,
                "year": f.year,
                "part": f.part,
                "path": f.path,
                "format": f.format,
                "rows": f.rows,
                "bytes": len(f.content),
                "sha256": hashlib.sha256(f.content).hexdigest(),
            }
        )
    for index, patch in (overrides or {}).items():
        entries[index].update(patch)
    manifest = {"contract": 1, "snapshot": snapshot, "published": published, "files": entries}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


# A CSV with a BOM, CRLF line ends and a quoted cell spanning two lines: 2 records.
COMMUNICATIONS_CSV = (
    "\ufeffgId,Date,Type,Ref. no.,Summary\r\n"
    '101,05 Jan 2023,AL,ABC 1/2023,"First line\r\nsecond line, with a comma"\r\n'
    '102,06 Jan 2023,UA,DEF 1/2023,"He said ""no"""\r\n'
).encode("utf-8")

# MARCXML with the MARC namespace on a "marc:" prefix (not the default): 2 records.
REPORTS_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">
  <marc:record><marc:controlfield tag="001">1</marc:controlfield>
    <marc:datafield tag="191" ind1=" " ind2=" "><marc:subfield code="a">A/HRC/53/27</marc:subfield></marc:datafield>
  </marc:record>
  <marc:record><marc:controlfield tag="001">2</marc:controlfield>
    <marc:datafield tag="245" ind1=" " ind2=" "><marc:subfield code="a">Caf\xc3\xa9 \xe5\xa0\xb1\xe5\x91\x8a</marc:subfield></marc:datafield>
  </marc:record>
</marc:collection>
"""

# JSON Lines with a blank line (not a record) and a U+2028 inside a string (not a line end).
MEDIA_JSONL = ('{"id": "pr-2023-0001", "title": "one\u2028two"}\n\n{"id": "pr-2023-0002", "title": "three"}\n').encode(
    "utf-8"
)

EVENTS_JSON = b'[{"id": "e1"}, {"id": "e2"}, {"id": "e3"}]\n'


def tiny_files() -> list[RootFile]:
    """Four small files, one per format, with their true row counts."""
    return [
        RootFile("communications/communications-2023-001.csv", COMMUNICATIONS_CSV, "communications", "csv", 2, 2023),
        RootFile("reports/reports-2023.xml", REPORTS_XML, "reports", "marcxml", 2, 2023),
        RootFile("media/media-2023.jsonl", MEDIA_JSONL, "media", "jsonl", 2, 2023),
        RootFile("events/events-2023.json", EVENTS_JSON, "events", "json", 3, 2023),
    ]
