"""The snapshot keeps every rule of docs/sources.md#integrity-rules and carries the untidiness it promises."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.integrity import integrity_problems
from tests.support.oracle_sources import Root


def test_snapshot_has_no_integrity_problem(snapshot_root: Path) -> None:
    assert integrity_problems(snapshot_root) == []


def entries(root: Path) -> list[dict]:
    return json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_snapshot_is_untidy_where_real_exports_are(snapshot_root: Path) -> None:
    files = entries(snapshot_root)
    csvs = [e for e in files if e["format"] == "csv"]
    heads = {e["path"]: (snapshot_root / e["path"]).read_bytes().split(b"\n", 1)[0] for e in csvs}
    assert sum(1 for h in heads.values() if h.startswith(b"\xef\xbb\xbf")) == 1  # one BOM
    assert any(b"Language" in h for h in heads.values())  # an unknown extra column
    replies = [h for p, h in heads.items() if "/replies-" in p]
    assert any(not h.startswith(b"Reply gId") for h in replies)  # columns in another order
    split = [(e["dataset"], e["year"]) for e in files if e["part"] == 2]
    assert ("communications", 2023) in split and ("reports", 2023) in split
    xml = [(snapshot_root / e["path"]).read_bytes() for e in files if e["format"] == "marcxml"]
    assert any(b"<marc:collection" in x for x in xml) and any(b"<collection" in x for x in xml)
    comms = Root(snapshot_root).rows("communications")
    assert any("\n" in (c["Summary"] or "") for c in comms)  # a quoted cell spanning lines
    raw = b"".join((snapshot_root / e["path"]).read_bytes() for e in csvs if e["dataset"] == "communications")
    assert b" ;" in raw or b";  " in raw  # stray spaces around list items


def test_january_events_exist_but_lie_after_the_cutoff(snapshot_root: Path) -> None:
    """Replies, visit steps and a visit end dated January 2024 test the cutoff rules."""
    src = Root(snapshot_root)
    assert any(r["Date"].endswith("2024") for r in src.rows("replies"))
    jan = [e for e in src.rows("visit-events") if e["Date"].endswith("2024")]
    assert {e["Status"] for e in jan} >= {"Requested", "Accepted", "Declined", "Reminder", "Completed"}
