"""The suites: one per table of the contracts, generated from the definitions, never loosened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from flows import quality
from flows.quality import suites as quality_suites
from flows.settings import SQL_DIR


def layer_tables(layer: str) -> dict:
    return yaml.safe_load((SQL_DIR / layer / f"_{layer}.yml").read_text(encoding="utf-8"))["tables"]


@pytest.mark.parametrize("layer", quality_suites.LAYERS)
def test_the_committed_json_is_what_the_definitions_give(layer: str) -> None:
    for suite in quality_suites.build_suites(layer):
        path = quality_suites.SUITES_DIR / f"{suite['name']}.json"
        assert path.read_text(encoding="utf-8") == quality_suites.render(suite), (
            f"{path} is stale: run python -m flows.quality.suites"
        )


@pytest.mark.parametrize("layer", quality_suites.LAYERS)
def test_every_table_of_the_contract_has_a_suite_named_after_it(layer: str) -> None:
    names = [s["name"] for s in quality.load_suites(layer)]
    assert sorted(names) == sorted(layer_tables(layer))
    assert {p.stem for p in quality_suites.SUITES_DIR.glob("*.json")} == {
        t for lay in quality_suites.LAYERS for t in layer_tables(lay)
    }


@pytest.mark.parametrize("layer", quality_suites.LAYERS)
def test_keys_are_unique_and_not_null_and_every_expectation_has_a_severity(layer: str) -> None:
    for name, spec in layer_tables(layer).items():
        suite = json.loads((quality_suites.SUITES_DIR / f"{name}.json").read_text(encoding="utf-8"))
        kinds = [(e["type"], e["kwargs"]) for e in suite["expectations"]]
        for column in spec.get("key") or []:
            assert ("expect_column_values_to_not_be_null", {"column": column}) in kinds
        if len(spec.get("key") or []) > 1:
            assert ("expect_compound_columns_to_be_unique", {"column_list": spec["key"]}) in kinds
        for exp in suite["expectations"]:
            assert exp["meta"]["severity"] == exp["severity"] in ("critical", "warning")
            assert "mostly" not in exp["kwargs"]


def test_tables_read_from_a_dataset_prove_nothing_was_lost() -> None:
    """raw rows = staging rows + rejected rows, for every dataset of the source contract."""
    datasets = {}
    for suite in quality.load_suites("staging"):
        sql = suite["meta"]["spfacts"]["rows_expected"] or ""
        if "raw.raw_manifest" in sql:
            datasets[sql.split("dataset = '")[1].split("'")[0]] = suite["name"]
            (exp,) = [e for e in suite["expectations"] if e["type"] == "expect_table_row_count_to_equal"]
            assert exp["kwargs"] == {"value": {"$PARAMETER": f"rows_expected_{suite['name']}"}}
            assert exp["severity"] == "critical"
    from flows.sources.models import DATASETS

    assert sorted(datasets) == sorted(DATASETS)


def write_definitions(tmp_path: Path, suites: dict) -> Path:
    folder = tmp_path / "definitions"
    folder.mkdir()
    (folder / "staging.yml").write_text(yaml.safe_dump({"suites": suites}), encoding="utf-8")
    return folder


def all_staging(extra: dict) -> dict:
    return {name: (extra if name == "stg_regional_groups" else {}) for name in layer_tables("staging")}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"column_values_to_be_in_set": {"column": "group_code", "value_set": ["x"], "mostly": 0.9}}, "loosens"),
        (
            {"column_values_to_be_in_set": {"column": "group_code", "value_set": ["x"]}, "accepted": {"count": 1}},
            "count, date and why",
        ),
        ({"column_values_to_be_null": {"column": "not_a_column"}}, "not a column"),
        ({"column_values_to_be_in_set": {"column": "group_code", "value_set": ["x"]}, "kind": "bogus"}, "has no kind"),
    ],
)
def test_a_definition_that_loosens_or_drifts_is_refused(tmp_path: Path, entry: dict, message: str) -> None:
    folder = write_definitions(tmp_path, all_staging({"warning": [entry]}))
    with pytest.raises(quality_suites.DefinitionError, match=message):
        quality_suites.build_suites("staging", folder)


def test_a_table_without_a_suite_is_refused(tmp_path: Path) -> None:
    suites = all_staging({})
    del suites["stg_media"]
    with pytest.raises(quality_suites.DefinitionError, match="stg_media"):
        quality_suites.build_suites("staging", write_definitions(tmp_path, suites))


def test_an_accepted_exception_is_written_beside_its_expectation(tmp_path: Path) -> None:
    entry = {
        "column_values_to_be_in_set": {"column": "group_code", "value_set": ["african"]},
        "accepted": {"count": 4, "date": "2024-02-01", "why": "four groups renamed in 2024"},
    }
    suites = quality_suites.build_suites("staging", write_definitions(tmp_path, all_staging({"warning": [entry]})))
    (suite,) = [s for s in suites if s["name"] == "stg_regional_groups"]
    exp = suite["expectations"][-1]
    assert exp["kwargs"]["value_set"] == ["african"]  # the expectation is not loosened
    assert exp["meta"]["accepted_exception"] == {"count": 4, "date": "2024-02-01", "why": "four groups renamed in 2024"}


def test_reference_value_sets_come_from_the_reference_csv() -> None:
    suite = json.loads((quality_suites.SUITES_DIR / "stg_holders.json").read_text(encoding="utf-8"))
    (regions,) = [
        e["kwargs"]["value_set"]
        for e in suite["expectations"]
        if e["kwargs"].get("column") == "regional_group" and e["type"] == "expect_column_values_to_be_in_set"
    ]
    assert len(regions) == 5 and "Western European and other States" in regions


def test_the_result_summary_and_docs_index() -> None:
    finding = quality.Finding("stg_x", "expect_column_values_to_be_in_set", "gender", "warning", 2, ("F", "M "), "note")
    outcome = quality.SuiteOutcome("stg_x", "staging", 3, (finding,))
    result = quality.QualityResult("run", ("staging",), {"stg_x": outcome}, Path("/w/quality/index.html"))
    assert result.summary(rejects=7) == (
        "quality: 0/1 suites passed, 1 failed, 0 critical, 1 warnings, "
        "7 rejected rows; Data Docs: /w/quality/index.html"
    )
    assert (
        finding.describe() == "stg_x: expect_column_values_to_be_in_set on gender: 2 unexpected, e.g. 'F', 'M ' (note)"
    )
    assert quality.docs_index(Path("/w"), 2021) == Path("/w/2021/quality/index.html")  # years side by side
