"""A tiny warehouse: every staging table and mart of the yml contracts, clean for every suite.

`tiny_warehouse(path)` writes a DuckDB file whose tables follow sql/staging/_staging.yml and
sql/marts/_marts.yml and pass every suite it holds data for (`CLEAN_SUITES`; the others see
empty tables and pass too). tests/unit/test_quality_faults.py plants one fault at a time in a
copy of it; tests/integration/test_data_docs_browser.py builds its Data Docs from it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

from flows.load import MANIFEST_COLUMNS
from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, SQL_DIR

RUN = "20240101T000000Z-tiny01"
YEAR = 2023
REFERENCE_MODELS = (
    "stg_regional_groups",
    "stg_countries",
    "stg_published_figures",
    "stg_theme_codes",
    "stg_document_types",
    "stg_visit_statuses",
    "stg_state_concerned",
    "stg_theme_codes",
    "stg_document_types",
    "stg_visit_statuses",
    "stg_state_concerned",
)
# the suites the tiny warehouse holds data for (all the others see empty tables and pass too)
CLEAN_SUITES = [
    "stg_countries",
    "stg_regional_groups",
    "stg_published_figures",
    "stg_mandates",
    "stg_holders",
    "stg_communications",
    "stg_communication_mandates",
    "stg_communication_addressees",
    "stg_communication_tags",
    "stg_replies",
    "stg_visit_events",
    "stg_visit_requests",
    "stg_visits",
    "stg_reports",
    "stg_report_authors",
    "stg_report_themes",
    "rejects",
]

ROWS = {
    "stg_mandates": [
        "'SR housing', 'Special Rapporteur on adequate housing', 'Thematic', 'Special Rapporteur', null, "
        "date '2000-04-17', '2000/9', null, 'mandates/mandates.csv', 1",
        "'SR Iran', 'Special Rapporteur on Iran', 'Country', 'Special Rapporteur', 'IRN', "
        "date '2011-03-24', '16/9', null, 'mandates/mandates.csv', 2",
    ],
    "stg_holders": [
        "1, 'A', 'SR housing', 'Special Rapporteur', 'Female', 'KEN', 'African States', date '2020-10-01', "
        "date '2020-11-01', null, 'mandates/holders.csv', 1",
        "2, 'B', 'SR Iran', 'Special Rapporteur', 'Male', 'FRA', 'Western European and other States', "
        "date '2018-07-01', date '2018-08-01', date '2024-07-31', 'mandates/holders.csv', 2",
    ],
    "stg_communications": [
        "101, 'IRN 1/2023', 'IRN', 'IRN', false, date '2023-01-10', 2023, 'JAL', true, 'Iran (Islamic Republic of)', "
        "'Asia-Pacific States', 'Middle East and North Africa', 3, 1, true, 'summary', ['SR housing', 'SR Iran'], "
        "[]::varchar[], ['reprisals'], 'communications/communications-2023-001.csv', 1",
        "102, 'FRA 1/2023', 'FRA', 'FRA', false, date '2023-02-01', 2023, 'AL', false, 'France', "
        "'Western European and other States', 'Europe and Central Asia', 1, 0, false, 'summary', ['SR housing'], "
        "[]::varchar[], []::varchar[], 'communications/communications-2023-001.csv', 2",
        "103, 'OTH 1/2023', 'OTH', null, true, date '2023-03-01', 2023, 'OL', false, 'Other', null, null, 0, 0, "
        "false, 'summary', ['SR housing'], ['Company X'], []::varchar[], 'communications/communications-2023-001.csv', 3",
    ],
    "stg_communication_mandates": ["101, 'SR housing'", "101, 'SR Iran'", "102, 'SR housing'", "103, 'SR housing'"],
    "stg_communication_addressees": [
        "101, 'State', 'Iran (Islamic Republic of)', 'IRN'",
        "102, 'State', 'France', 'FRA'",
        "103, 'Non-State actor', 'Company X', null",
    ],
    "stg_communication_tags": ["101, 'reprisals'"],
    "stg_replies": [
        "201, 'IRN 1/2023', 101, date '2023-02-10', 2023, 'Iran (Islamic Republic of)', true, 'communications/replies-2023-001.csv', 1",
        "202, 'FRA 1/2023', 102, date '2023-03-01', 2023, 'France', false, 'communications/replies-2023-001.csv', 2",
    ],
    "stg_visit_events": [
        "301, 31, 'SR housing', 'France', 'FRA', 'State', 'Requested', date '2022-05-02', null, null, null, 'visits/visit-events-2022.csv', 1",
        "302, 31, 'SR housing', 'France', 'FRA', 'State', 'Accepted', date '2022-09-01', null, null, null, 'visits/visit-events-2022.csv', 2",
        "303, 31, 'SR housing', 'France', 'FRA', 'State', 'Completed', date '2023-03-10', date '2023-03-01', "
        "date '2023-03-10', 'A/HRC/55/53/Add.1', 'visits/visit-events-2023.csv', 1",
    ],
    "stg_visit_requests": ["31, 'SR housing', 'France', 'FRA', 'State', date '2022-05-02', date '2023-03-10', 3"],
    "stg_visits": [
        "303, 31, 'SR housing', 'France', 'FRA', 'State', date '2023-03-01', date '2023-03-10', 2023, 'A/HRC/55/53/Add.1'"
    ],
    "stg_reports": [
        "'r1', 'A/HRC/55/53/Add.1', 'Visit to France', date '2023-12-20', 2023, 'hrc', 'Country visit report', "
        "'FRA', ['SR housing'], ['women_gender'], 'reports/reports-2023.xml', 1"
    ],
    "stg_report_authors": ["'r1', 'SR housing'"],
    "stg_report_themes": ["'r1', 'women_gender'"],
}
# manifest rows per dataset: staging rows + the one rejected communication
MANIFEST = [
    ("mandates", None, "mandates/mandates.csv", 2),
    ("holders", None, "mandates/holders.csv", 2),
    ("communications", 2023, "communications/communications-2023-001.csv", 4),
    ("replies", 2023, "communications/replies-2023-001.csv", 2),
    ("visit-events", 2022, "visits/visit-events-2022.csv", 2),
    ("visit-events", 2023, "visits/visit-events-2023.csv", 1),
    ("reports", 2023, "reports/reports-2023.xml", 1),
]


def tiny_warehouse(path: Path, run_id: str = RUN) -> Path:
    """A DuckDB file with every staging table and mart of the contracts; clean for every suite."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema staging; create schema marts")
        for layer in ("staging", "marts"):
            tables = yaml.safe_load((SQL_DIR / layer / f"_{layer}.yml").read_text(encoding="utf-8"))["tables"]
            for name, spec in tables.items():
                columns = ", ".join(f'"{c}" {col["type"]}' for c, col in spec["columns"].items())
                con.execute(f"create table {layer}.{name} ({columns})")
        con.execute(f"set variable reference_dir = '{REFERENCE_DIR}'")
        con.execute(f"set variable published_dir = '{PUBLISHED_DIR}'")
        for name in REFERENCE_MODELS:  # the reference tables, by their own SQL
            con.execute(
                f"insert into staging.{name} {(SQL_DIR / 'staging' / f'{name}.sql').read_text(encoding='utf-8')}"
            )
        for table, rows in ROWS.items():
            for row in rows:
                con.execute(f"insert into staging.{table} values ({row})")
        con.execute(f"create table raw.raw_manifest ({MANIFEST_COLUMNS})")
        for dataset, year, file, rows in MANIFEST:
            con.execute(
                "insert into raw.raw_manifest (dataset, year, part, path, format, rows, run_id) "
                "values (?, ?, 1, ?, 'csv', ?, ?)",
                [dataset, year, file, rows, run_id],
            )
        con.execute(
            "insert into staging.rejects values ('communications', 'communications/communications-2023-001.csv', "
            "4, 'Type', 'XX', 'Type is not AL, UA, OL, JAL, JUA or JOL', ?)",
            [run_id],
        )
        con.execute(
            "insert into marts.facts_and_figures (year, figure_id, kind, value, value_number, part_count) "
            "select distinct ?, figure_id, kind, '1', 1, 1 from staging.stg_published_figures",
            [YEAR],
        )
    return path
