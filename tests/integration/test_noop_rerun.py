"""A rerun on what the published build was built from reads only the manifest (issue 10).

Counted on the loopback server: the no-op rerun asks for manifest.json once, conditionally, and
is answered 304; a new cutoff or one file's new bytes (a new manifest) make a full run again.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from flows import identity, run_info
from flows.lock import history
from flows.pipeline import annual_report

pytestmark = pytest.mark.integration


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _crlf(root: Path) -> str:
    """Rewrite one CSV of the root with CRLF line ends (same rows, other bytes) and its manifest entry."""
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest["files"] if e["dataset"] == "communications" and e["year"] == 2023)
    path = root / entry["path"]
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert hashlib.sha256(data).hexdigest() != entry["sha256"]
    path.write_bytes(data)
    entry.update(bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (root / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return entry["path"]


def test_a_rerun_on_the_same_build_reads_only_the_manifest(snapshot_copy, http_root, tmp_path):
    server = http_root(snapshot_copy)
    warehouse = tmp_path / "wh"
    first = annual_report(year=2023, source=server.url, warehouse=str(warehouse))
    assert first.unchanged_since is None and first.quality is not None
    assert json.loads(identity.identity_path(first.database_path.parent).read_text())["run_id"] == first.run_id
    published = _digest(first.database_path)

    server.requests.clear()
    again = annual_report(year=2023, source=server.url, warehouse=str(warehouse))
    assert server.requests == ["manifest.json"] and server.not_modified == ["manifest.json"]
    assert again.unchanged_since == first.run_id and again.quality is None
    assert again.figures.matched == len(again.figures.checked) == 78  # read from the published build
    assert _digest(first.database_path) == published
    assert not list(warehouse.glob("**/.build-*"))
    locked = [h["run_id"] for h in history(warehouse) if h["event"] == "acquired"]
    assert locked == [first.run_id, again.run_id]  # the no-op run still took the writer lock

    # another cutoff: the manifest is asked for unconditionally and everything is built again
    server.requests.clear()
    cut = annual_report(year=2023, source=server.url, warehouse=str(warehouse), cutoff=date(2024, 1, 31))
    assert cut.unchanged_since is None and cut.quality is not None
    assert server.requests == ["manifest.json"] and server.not_modified == ["manifest.json"]  # no new 304
    assert run_info.read(cut.database_path)["run_id"] == cut.run_id

    # one file's new bytes (a new manifest): a full run that fetches that file alone
    changed = _crlf(snapshot_copy)
    server.requests.clear()
    new = annual_report(year=2023, source=server.url, warehouse=str(warehouse), cutoff=date(2024, 1, 31))
    assert new.unchanged_since is None and new.quality is not None
    assert server.requests == ["manifest.json", changed]
    assert run_info.read(new.database_path)["run_id"] == new.run_id

    # and nothing new again: unchanged since that run
    server.requests.clear()
    last = annual_report(year=2023, source=server.url, warehouse=str(warehouse), cutoff=date(2024, 1, 31))
    assert last.unchanged_since == new.run_id and server.requests == ["manifest.json"]


def test_a_published_file_that_is_not_the_recorded_run_voids_the_record(snapshot_run, tmp_path):
    """A warehouse file copied in (or restored) is not what the record describes: a full run follows."""
    warehouse = tmp_path / "wh"
    warehouse.mkdir()
    (warehouse / "spfacts.duckdb").write_bytes(snapshot_run.database_path.read_bytes())
    record = identity.Published("20000101T000000Z-000000", {}, "0" * 64)
    identity.record(warehouse, record)
    assert identity.read(warehouse, warehouse / "spfacts.duckdb") is None
    identity.record(warehouse, identity.Published(snapshot_run.run_id, {}, "0" * 64))
    assert identity.read(warehouse, warehouse / "spfacts.duckdb").run_id == snapshot_run.run_id
