"""The manifest's optional provenance (docs/sources.md#1-manifestjson) and what a run shows of it."""

from __future__ import annotations

import json

import pytest

from flows.run_info import provenance_line
from flows.sources import ManifestError, parse_manifest

HEAD = {"contract": 1, "snapshot": "s", "published": "2024-01-31", "files": []}


def _parse(**extra) -> object:
    return parse_manifest(json.dumps({**HEAD, **extra}).encode(), "http://x/manifest.json")


def test_a_root_without_provenance_is_an_export():
    assert _parse().provenance.kind == "export"
    assert _parse().provenance.statement == ""


@pytest.mark.parametrize("kind", ["export", "reconstruction", "mixed"])
def test_each_kind_is_read_with_its_statement(kind):
    manifest = _parse(provenance={"kind": kind, "statement": "  Made up for tests.  "})
    assert (manifest.provenance.kind, manifest.provenance.statement) == (kind, "Made up for tests.")


@pytest.mark.parametrize(
    ("provenance", "needle"),
    [
        ("reconstruction", "provenance: must be an object"),
        ({"kind": "synthetic", "statement": "x"}, "provenance.kind: kind 'synthetic' is not one of"),
        ({"statement": "x"}, "provenance.kind: kind None"),
        ({"kind": "mixed", "statement": 3}, "provenance.statement: must be a string"),
        ({"kind": "reconstruction", "statement": " "}, "provenance.statement: must say what a reconstruction"),
        ({"kind": "reconstruction"}, "provenance.statement: must say what a reconstruction"),
    ],
)
def test_a_bad_provenance_refuses_the_manifest(provenance, needle):
    with pytest.raises(ManifestError) as err:
        _parse(provenance=provenance)
    assert needle in str(err.value)


def test_the_bundled_snapshot_says_it_is_a_reconstruction():
    from flows.settings import SNAPSHOT_DIR

    manifest = parse_manifest((SNAPSHOT_DIR / "manifest.json").read_bytes(), "snapshot")
    assert manifest.provenance.kind == "reconstruction"
    assert "not an export" in manifest.provenance.statement


def test_the_cli_line_shows_what_is_not_an_export():
    info = {"provenance_kind": "reconstruction", "source_snapshot": "r-2023", "provenance_statement": "Synthetic."}
    assert provenance_line(info) == "source: RECONSTRUCTION (r-2023): Synthetic."
    assert provenance_line({**info, "provenance_kind": "export"}) is None
    assert provenance_line(None) is None


def test_the_code_hash_changes_with_any_file_that_decides_a_figure(tmp_path):
    from flows.run_info import code_hash

    (tmp_path / "sql" / "marts").mkdir(parents=True)
    model = tmp_path / "sql" / "marts" / "m.sql"
    model.write_text("select 1")
    first = code_hash(tmp_path)
    assert code_hash(tmp_path) == first and len(first) == 16
    model.write_text("select 2")
    assert code_hash(tmp_path) != first
    (tmp_path / "notes.txt").write_text("not code")
    model.write_text("select 1")
    assert code_hash(tmp_path) == first
