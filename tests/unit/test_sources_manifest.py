"""manifest.json validation: everything is checked before any data file is requested."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from flows.sources import ManifestError, SourceRoot, parse_manifest, path_defect
from tests.support.roots import tiny_files, write_root


def _manifest(tmp_path: Path, **overrides_by_index) -> Path:
    folder = tmp_path / "root"
    write_root(folder, tiny_files(), overrides={int(k[1:]): v for k, v in overrides_by_index.items()})
    return folder


def test_valid_manifest_parses(tiny_root: Path) -> None:
    manifest = SourceRoot.open(tiny_root).manifest()
    assert manifest.contract == 1
    assert manifest.snapshot == "test-root"
    assert manifest.published == date(2024, 1, 31)
    assert [e.dataset for e in manifest.files] == ["communications", "reports", "media", "events"]
    assert manifest.files[1].format == "marcxml" and manifest.files[1].rows == 2
    assert manifest.select(["events"])[0].path == "events/events-2023.json"
    with pytest.raises(ValueError, match="unknown dataset"):
        manifest.select(["letters"])


@pytest.mark.parametrize(
    "path",
    [
        "../etc/passwd",
        "communications/../../x.csv",
        "./a.csv",
        "a/./b.csv",
        "/abs/a.csv",
        "http://evil.example/a.csv",
        "file:///etc/passwd",
        "a\\b.csv",
        "a%2e%2e/b.csv",
        "a.csv?x=1",
        "a.csv#frag",
        "a//b.csv",
        "a/",
        "",
        "caf\u00e9.csv",
        "a b.csv",
        "..",
    ],
)
def test_unsafe_paths_are_refused(path: str) -> None:
    assert path_defect(path) is not None


@pytest.mark.parametrize("path", ["a.csv", "communications/communications-2023-001.csv", "x/y_z/A-1.b.c", "a/.../b"])
def test_safe_paths_pass(path: str) -> None:
    assert path_defect(path) is None


@pytest.mark.parametrize(
    ("patch", "field", "needle"),
    [
        ({"path": "../secret.csv"}, "path", "'..'"),
        ({"path": "https://evil.example/x.csv"}, "path", "forbidden character"),
        ({"dataset": "letters"}, "dataset", "unknown dataset"),
        ({"format": "xlsx"}, "format", "unknown format"),
        ({"year": "2023"}, "year", "integer year or null"),
        ({"year": True}, "year", "integer year or null"),
        ({"part": 0}, "part", ">= 1"),
        ({"rows": -1}, "rows", ">= 0"),
        ({"bytes": 1.5}, "bytes", ">= 0"),
        ({"sha256": "abc"}, "sha256", "64 hexadecimal"),
        ({"sha256": "g" * 64}, "sha256", "64 hexadecimal"),
        ({"path": "media/media-2023.jsonl"}, "path", "duplicate path"),
        ({"dataset": "media", "path": "media/other.jsonl"}, "part", "duplicate (dataset, year, part)"),
        ({"part": 2, "dataset": "wgad-opinions"}, "part", "part(s) [1] missing"),
    ],
)
def test_bad_entry_names_manifest_index_and_field(tmp_path: Path, patch, field, needle) -> None:
    folder = _manifest(tmp_path, i3=patch)
    with pytest.raises(ManifestError) as err:
        SourceRoot.open(folder).manifest()
    assert err.value.index == 3
    assert err.value.field == field
    assert needle in str(err.value)
    assert str(err.value).startswith((folder / "manifest.json").as_uri())
    assert f"files[3].{field}" in str(err.value)


def test_missing_entry_key(tmp_path: Path) -> None:
    folder = tmp_path / "root"
    manifest = write_root(folder, tiny_files())
    del manifest["files"][0]["sha256"]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ManifestError, match=r"files\[0\]\.sha256: missing"):
        SourceRoot.open(folder).manifest()


@pytest.mark.parametrize(
    ("doc", "needle"),
    [
        (b"[]", "must be a JSON object"),
        (b"{not json", "not JSON"),
        (b'{"contract": 1}\xff', "not UTF-8"),
        (b'{"contract": 2, "snapshot": "s", "published": "2024-01-31", "files": []}', "contract 2 is not supported"),
        (b'{"contract": 1.0, "snapshot": "s", "published": "2024-01-31", "files": []}', "not supported"),
        (
            b'{"contract": 1, "snapshot": "", "published": "2024-01-31", "files": []}',
            "snapshot: must be a non-empty string",
        ),
        (b'{"contract": 1, "snapshot": "s", "published": "31 Jan 2024", "files": []}', "published: must be a date"),
        (b'{"contract": 1, "snapshot": "s", "published": "2024-02-30", "files": []}', "published: must be a date"),
        (b'{"contract": 1, "snapshot": "s", "published": "2024-01-31", "files": {}}', "files: must be a list"),
        (
            b'{"contract": 1, "snapshot": "s", "published": "2024-01-31", "files": [3]}',
            "files[0]: entry must be an object",
        ),
        (b'{"contract": 1, "snapshot": "s", "published": "2024-01-31"}', "files: missing"),
    ],
)
def test_bad_top_level(doc: bytes, needle: str) -> None:
    with pytest.raises(ManifestError) as err:
        parse_manifest(doc, "http://x/manifest.json")
    assert needle in str(err.value)


def test_missing_manifest(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ManifestError, match="no manifest at this root"):
        SourceRoot.open(tmp_path / "empty").manifest()


def test_bad_manifest_refused_before_any_data_request(tmp_path: Path, http_root) -> None:
    # The last entry is unsafe; the first three are fine and must still not be requested.
    folder = _manifest(tmp_path, i3={"path": "events/../../../etc/passwd"})
    server = http_root(folder)
    root = SourceRoot.open(server.url)
    with pytest.raises(ManifestError, match=r"files\[3\]\.path"):
        root.manifest()
    assert server.requests == ["manifest.json"]
    assert server.data_requests() == []


def test_http_missing_manifest_is_a_manifest_error(tmp_path: Path, http_root) -> None:
    (tmp_path / "empty").mkdir()
    server = http_root(tmp_path / "empty")
    with pytest.raises(ManifestError, match="HTTP 404"):
        SourceRoot.open(server.url).manifest()
