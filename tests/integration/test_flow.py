"""The whole flow: bundled snapshot, loopback HTTP, a root it has never seen, and a failed run."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from flows.errors import PipelineError
from flows.pipeline import annual_report
from tests.support.repo import SNAPSHOT
from tests.support.warehouse import facts, statuses

pytestmark = pytest.mark.integration


@pytest.fixture
def folder_run(snapshot_run):
    return snapshot_run  # the session's run of the bundled snapshot (conftest), shared with the README test


def test_the_snapshot_reproduces_every_published_figure(folder_run):
    got = statuses(folder_run.database_path, 2023)
    published = (SNAPSHOT.parents[1] / "flows" / "reference" / "published" / "A-HRC-55-69.csv").read_text("utf-8")
    assert len(got) == len(published.splitlines()) - 1
    assert {f: s for f, s in got.items() if s != "match"} == {}
    assert folder_run.figures.headline() == f"{len(got)}/{len(got)} figures of A/HRC/55/69 reproduced"
    assert folder_run.rejects == 0
    assert folder_run.quality.failed == []


def test_http_source_gives_the_same_facts_as_the_folder(folder_run, http_root, tmp_path):
    server = http_root(SNAPSHOT)
    result = annual_report(year=2023, source=server.url, warehouse=str(tmp_path))
    assert facts(result.database_path) == facts(folder_run.database_path)
    assert len(server.data_requests()) == len(json.loads((SNAPSHOT / "manifest.json").read_text())["files"])


def test_a_root_never_seen_gives_what_figures_md_defines(tmp_path):
    """Another year, other counts, shuffled columns, other parts: SQL must agree with the oracle."""
    from snapshots.reconstruct import build_root
    from tests.support.oracle import compute_figures

    root = tmp_path / "variant"
    build_root(root, year=2021, seed=11, variant=True)
    result = annual_report(year=2021, source=str(root), warehouse=str(tmp_path / "wh"))
    computed = facts(result.database_path)
    years = sorted({y for y, _ in computed})
    assert 2021 in years
    for year in years:
        expected = compute_figures(root, year)
        got = {f: v for (y, f), v in computed.items() if y == year}
        # a figure whose dataset has no row in that year is null on both sides, never a made-up 0
        assert got == expected, f"year {year}"
        if year == 2021:
            assert None not in got.values()
    assert set(statuses(result.database_path, 2021).values()) == {"no reference"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failed_run_leaves_the_last_good_warehouse(snapshot_copy, tmp_path):
    warehouse = tmp_path / "wh"
    good = annual_report(year=2023, source=str(snapshot_copy), warehouse=str(warehouse))
    before = _digest(good.database_path)

    # duplicate one communication in its file and keep the manifest honest: a defect of the file
    manifest = json.loads((snapshot_copy / "manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest["files"] if e["dataset"] == "communications" and e["year"] == 2023)
    path = snapshot_copy / entry["path"]
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([*rows, rows[1]])
    data = out.getvalue().encode("utf-8")
    path.write_bytes(data)
    entry.update(rows=entry["rows"] + 1, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
    (snapshot_copy / "manifest.json").write_text(json.dumps(manifest), "utf-8")

    with pytest.raises(PipelineError, match=entry["path"]):
        annual_report(year=2023, source=str(snapshot_copy), warehouse=str(warehouse))
    assert _digest(good.database_path) == before
    assert (warehouse / "2023" / "spfacts.failed.duckdb").exists()  # the year's folder (flows/settings.py)
    assert not list(warehouse.glob("**/.build-*"))


def test_a_critical_quality_failure_publishes_nothing(snapshot_copy, tmp_path):
    """A root that cannot give every figure of the year (no media file) stops before publishing."""
    from flows.quality import QualityError

    warehouse = tmp_path / "wh"
    good = annual_report(year=2023, source=str(SNAPSHOT), warehouse=str(warehouse))
    before = _digest(good.database_path)
    manifest = json.loads((snapshot_copy / "manifest.json").read_text("utf-8"))
    manifest["files"] = [e for e in manifest["files"] if e["dataset"] != "media"]
    (snapshot_copy / "manifest.json").write_text(json.dumps(manifest), "utf-8")

    with pytest.raises(QualityError, match="facts_and_figures"):
        annual_report(year=2023, source=str(snapshot_copy), warehouse=str(warehouse))
    assert _digest(good.database_path) == before
    assert (warehouse / "2023" / "quality" / "index.html").exists()  # the failure is documented all the same
