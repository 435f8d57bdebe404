"""The staging layer as a whole: tables and types follow _staging.yml, reference tables load.

The helpers that write tiny source files and stage them are in tests/support/staging.py.
"""

from __future__ import annotations

import re

import yaml

from flows.settings import SQL_DIR
from flows.sources.models import DATASETS
from tests.support.staging import rows, stage

# --- tests of the layer as a whole -------------------------------------------------------------


def test_every_table_matches_the_yml_contract_even_with_no_source_rows():
    con = stage([])
    spec = yaml.safe_load((SQL_DIR / "staging" / "_staging.yml").read_text(encoding="utf-8"))["tables"]
    for table, table_spec in spec.items():
        actual = {name: kind for name, kind, *_ in rows(con, f"describe staging.{table}")}
        expected = {name: col["type"] for name, col in table_spec["columns"].items()}
        assert actual == expected, table
    sql_files = {p.stem for p in (SQL_DIR / "staging").glob("*.sql")}
    assert sql_files == set(spec) - {"rejects"}


def test_every_model_that_reads_raw_names_its_dataset():
    spec = yaml.safe_load((SQL_DIR / "staging" / "_staging.yml").read_text(encoding="utf-8"))["tables"]
    for path in (SQL_DIR / "staging").glob("*.sql"):
        text = path.read_text(encoding="utf-8")
        # raw.raw_unknown_columns is the manifest's provenance, not a dataset (docs/imports.md)
        if re.search(r"raw\.raw_(?!unknown_columns\b)", text):
            assert spec[path.stem].get("dataset") in DATASETS, path.name


def test_reference_tables_come_from_the_reference_folder():
    con = stage([])
    assert rows(con, "select count(*) from staging.stg_regional_groups")[0][0] == 5
    fra = rows(
        con, "select name_en, is_member_state, regional_group, group_code from staging.stg_countries where iso3 = 'FRA'"
    )
    assert fra == [("France", True, "Western European and other States", "western_european_other")]
    # territories have no group; observers are not Member States
    assert (
        rows(
            con,
            "select count(*) from staging.stg_countries where un_status = 'Territory' and regional_group is not null",
        )[0][0]
        == 0
    )
    assert rows(con, "select is_member_state from staging.stg_countries where iso3 = 'PSE'") == [(False,)]
    years = rows(con, "select distinct year from staging.stg_published_figures")
    assert years == [(2023,)]
    assert (
        rows(con, "select count(*) from staging.stg_published_figures where figure_id is null or paragraph is null")[0][
            0
        ]
        == 0
    )
