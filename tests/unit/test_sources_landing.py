"""The raw landing zone: byte-for-byte copies named by sha256, provenance, no refetch."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.sources import (
    SIDECAR_SUFFIX,
    LandedFile,
    SourceFileError,
    SourceRoot,
    land,
    land_all,
    landed_paths,
    read_sidecar,
)
from tests.support.roots import tiny_files, write_root

CSV = "communications/communications-2023-001.csv"


def test_land_all_over_http_stores_exact_bytes_with_sidecars(tiny_root: Path, http_root, tmp_path: Path) -> None:
    server = http_root(tiny_root)
    raw = tmp_path / "raw"
    with SourceRoot.open(server.url) as root:
        landed = land_all(root, raw)
    assert [f.source_file for f in landed] == [f.path for f in tiny_files()]  # manifest order
    for f in landed:
        original = (tiny_root / f.source_file).read_bytes()
        sha = hashlib.sha256(original).hexdigest()
        ext = {"csv": "csv", "marcxml": "xml", "jsonl": "jsonl", "json": "json"}[f.entry.format]
        assert f.path == raw / f.dataset / f"{sha}.{ext}"
        assert f.path.read_bytes() == original
        assert f.reused is False
        assert f.source_url == server.url + f.source_file
    names = sorted(p.name for p in raw.rglob("*"))
    assert not [n for n in names if n.endswith(".tmp")]
    assert len([n for n in names if n.endswith(SIDECAR_SUFFIX)]) == 4


def test_sidecar_content(tiny_root: Path, tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    with SourceRoot.open(tiny_root) as root:
        entry = root.manifest().files[1]  # the MARCXML file
        landed = land(root, entry, tmp_path / "raw")
    sidecar = json.loads(landed.path.with_name(entry.sha256 + SIDECAR_SUFFIX).read_text())
    assert sidecar == read_sidecar(landed.path)
    assert sidecar["source_url"] == (tiny_root / "reports/reports-2023.xml").resolve().as_uri()
    assert sidecar["sha256"] == entry.sha256 == hashlib.sha256(landed.path.read_bytes()).hexdigest()
    assert sidecar["bytes"] == entry.bytes == landed.path.stat().st_size
    assert sidecar["snapshot"] == "test-root"
    assert sidecar["published"] == "2024-01-31"
    assert sidecar["manifest_url"] == (tiny_root / "manifest.json").resolve().as_uri()
    assert sidecar["manifest_entry"] == {
        "dataset": "reports",
        "year": 2023,
        "part": 1,
        "path": "reports/reports-2023.xml",
        "format": "marcxml",
        "rows": 2,
        "bytes": entry.bytes,
        "sha256": entry.sha256,
    }
    fetched = datetime.fromisoformat(sidecar["fetched_at"])
    assert fetched.utcoffset().total_seconds() == 0 and fetched >= before
    assert sidecar["fetched_at"] == landed.fetched_at
    assert landed.path.suffix == ".xml"


def test_landed_twice_is_reused_and_not_requested_again(tiny_root: Path, http_root, tmp_path: Path) -> None:
    server = http_root(tiny_root)
    raw = tmp_path / "raw"
    with SourceRoot.open(server.url) as root:
        first = land_all(root, raw)
    with SourceRoot.open(server.url) as root:
        second = land_all(root, raw)
    assert server.requests.count("manifest.json") == 2
    assert sorted(server.data_requests()) == sorted(f.path for f in tiny_files())  # once each
    assert [f.reused for f in second] == [True] * 4
    assert [(f.path, f.fetched_at, f.source_url) for f in second] == [
        (f.path, f.fetched_at, f.source_url) for f in first
    ]


def test_reuse_works_across_transports(tiny_root: Path, http_root, tmp_path: Path) -> None:
    server = http_root(tiny_root)
    raw = tmp_path / "raw"
    with SourceRoot.open(tiny_root) as root:
        by_folder = land_all(root, raw, datasets=["media"])
    with SourceRoot.open(server.url) as root:
        by_http = land_all(root, raw, datasets=["media"])
    assert server.data_requests() == []
    assert by_http == [
        LandedFile(by_folder[0].entry, by_folder[0].path, by_folder[0].source_url, by_folder[0].fetched_at, True)
    ]


def test_damaged_or_half_landed_copies_are_fetched_again(tiny_root: Path, http_root, tmp_path: Path) -> None:
    server = http_root(tiny_root)
    raw = tmp_path / "raw"
    with SourceRoot.open(server.url) as root:
        entries = root.manifest().files
        land(root, entries[0], raw)
        land(root, entries[2], raw)
        data0, _ = landed_paths(raw, entries[0])
        data0.write_bytes(data0.read_bytes()[:-1])  # damaged on disk
        _, sidecar2 = landed_paths(raw, entries[2])
        sidecar2.unlink()  # crash between data and sidecar
        again0, again2 = land(root, entries[0], raw), land(root, entries[2], raw)
    assert (again0.reused, again2.reused) == (False, False)
    assert server.count(entries[0].path) == 2 and server.count(entries[2].path) == 2
    assert data0.read_bytes() == (tiny_root / entries[0].path).read_bytes()
    assert sidecar2.exists()


def test_nothing_is_landed_when_verification_fails(tmp_path: Path) -> None:
    folder = tmp_path / "root"
    write_root(folder, tiny_files(), overrides={0: {"rows": 5}})
    raw = tmp_path / "raw"
    with SourceRoot.open(folder) as root:
        with pytest.raises(SourceFileError, match=CSV):
            land_all(root, raw)
    assert not raw.exists() or list(raw.rglob("*.*")) == []


def test_landed_copy_is_checked_against_this_manifest(tmp_path: Path) -> None:
    # Same bytes as before, but this manifest claims another row count: refused, not reused.
    raw = tmp_path / "raw"
    write_root(tmp_path / "a", tiny_files())
    write_root(tmp_path / "b", tiny_files(), overrides={2: {"rows": 9}})
    with SourceRoot.open(tmp_path / "a") as root:
        land_all(root, raw)
    with SourceRoot.open(tmp_path / "b") as root:
        with pytest.raises(SourceFileError, match="2 jsonl records, manifest says 9"):
            land(root, root.manifest().files[2], raw)


def test_land_all_filters_datasets(tiny_root: Path, tmp_path: Path) -> None:
    with SourceRoot.open(tiny_root) as root:
        landed = land_all(root, tmp_path / "raw", datasets=("events", "reports"))
        assert [f.dataset for f in landed] == ["reports", "events"]
        with pytest.raises(ValueError, match="unknown dataset"):
            land_all(root, tmp_path / "raw", datasets=["nope"])
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == ["events", "reports"]


def test_json_data_file_and_its_sidecar_do_not_collide(tiny_root: Path, tmp_path: Path) -> None:
    with SourceRoot.open(tiny_root) as root:
        events = land_all(root, tmp_path / "raw", datasets=["events"])[0]
    assert json.loads(events.path.read_bytes()) == [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}]
    assert read_sidecar(events.path)["manifest_entry"]["format"] == "json"


def test_land_with_a_manifest_read_earlier_does_not_read_it_again(tiny_root: Path, http_root, tmp_path: Path) -> None:
    server = http_root(tiny_root)
    with SourceRoot.open(server.url) as root:
        manifest = root.manifest()
    with SourceRoot.open(server.url) as fresh:  # e.g. one per Prefect task
        landed = land(fresh, manifest.files[3], tmp_path / "raw", manifest=manifest)
    assert server.requests == ["manifest.json", "events/events-2023.json"]
    assert read_sidecar(landed.path)["snapshot"] == "test-root"
