"""Acceptance 5: a variant root is valid and the oracle computes other values from it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.checks import dates_after, manifest_problems, rows_in_wrong_year
from tests.support.integrity import integrity_problems
from tests.support.oracle import compute_figures
from tests.support.repo import published


def test_variant_root_is_contract_valid(variant_root: Path) -> None:
    assert manifest_problems(variant_root) == []
    assert dates_after(variant_root) == []
    assert rows_in_wrong_year(variant_root) == []
    assert integrity_problems(variant_root) == []


def test_variant_is_another_year_with_other_layout(variant_root: Path) -> None:
    manifest = json.loads((variant_root / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["published"] == "2022-01-31"
    assert max(e["year"] or 0 for e in manifest["files"]) == 2022
    assert any(e["part"] > 1 and e["dataset"] != "communications" for e in manifest["files"])
    first = (variant_root / next(e["path"] for e in manifest["files"] if e["dataset"] == "holders")).read_text(
        "utf-8-sig"
    )
    assert not first.startswith("Holder id,Name,Mandate,")  # columns shuffled


def test_oracle_runs_on_the_variant_and_values_differ(variant_root: Path) -> None:
    got = compute_figures(variant_root, 2021)
    assert len(got) == 78
    differing = [r["id"] for r in published() if got[r["id"]] != r["published"]]
    assert len(differing) >= 20, differing
    assert got["mandates.established_in_year"] == "1"  # WG rights of peasants, moved to 2021
    assert compute_figures(variant_root, 2020)["communications.sent"] != got["communications.sent"]
