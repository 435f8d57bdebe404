"""A scaled root (snapshots/reconstruct/scale.py, N = 3) keeps every rule of the source contract."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.support.checks import dates_after, manifest_problems, rows_in_wrong_year
from tests.support.integrity import integrity_problems
from tests.support.oracle_sources import Root

N = 3
UNSCALED = {"mandates", "positions", "standing-invitations", "holders", "external-support"}


@pytest.fixture(scope="module")
def scaled_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from snapshots.reconstruct.scale import build_scaled_root

    out = tmp_path_factory.mktemp("scaled") / "x3"
    build_scaled_root(out, N)
    return out


def rows_by_dataset(root: Path) -> Counter:
    files = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    counts: Counter = Counter()
    for e in files:
        counts[e["dataset"]] += e["rows"]
    return counts


def test_scaled_root_is_contract_valid(scaled_root: Path) -> None:
    assert manifest_problems(scaled_root) == []
    assert dates_after(scaled_root) == []
    assert rows_in_wrong_year(scaled_root) == []
    assert integrity_problems(scaled_root) == []


def test_year_split_datasets_are_n_times_the_snapshot_and_reference_ones_the_same(
    scaled_root: Path, snapshot_root: Path
) -> None:
    base, scaled = rows_by_dataset(snapshot_root), rows_by_dataset(scaled_root)
    assert base.keys() == scaled.keys()
    forums = sum(1 for e in Root(snapshot_root).rows("events") if e["series"])
    assert forums > 0
    for dataset, rows in base.items():
        if dataset == "events":  # a forum of a series meets once a year: not copied
            assert scaled[dataset] == N * (rows - forums) + forums
        else:
            assert scaled[dataset] == (rows if dataset in UNSCALED else N * rows), dataset


def test_ref_no_numbering_restarts_at_one_per_code_and_year(scaled_root: Path) -> None:
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in Root(scaled_root).rows("communications"):
        code, rest = c["Ref. no."].split(" ")
        n, year = rest.split("/")
        numbers[(code, year)].append(int(n))
    assert numbers
    for key, ns in numbers.items():
        assert sorted(ns) == list(range(1, len(ns) + 1)), key


def test_copies_keep_the_distributions(scaled_root: Path, snapshot_root: Path) -> None:
    """Same values in N times the rows: e.g. the communications' types and the media kinds."""
    for dataset, column in (("communications", "Type"), ("visit-events", "Status"), ("media", "type")):
        base = Counter(r[column] for r in Root(snapshot_root).rows(dataset))
        scaled = Counter(r[column] for r in Root(scaled_root).rows(dataset))
        assert scaled == Counter({k: N * v for k, v in base.items()}), dataset


def test_releases_name_opinions_of_their_own_copy(scaled_root: Path) -> None:
    src = Root(scaled_root)
    opinions = {o["Opinion"] for o in src.rows("wgad-opinions")}
    releases = src.rows("wgad-releases")
    assert releases and all(r["Opinion"] in opinions for r in releases)
    assert len({r["Opinion"] for r in releases}) > len(releases) // (2 * N)  # not all pointing at copy 0
