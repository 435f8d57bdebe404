"""The suites catch what they are written for: one planted fault of each kind, on a tiny warehouse.

`tiny_warehouse` writes a DuckDB file whose tables follow the yml contracts and pass every suite
it holds data for (tests/integration/test_data_docs_browser.py builds its Data Docs from it too).
Each test copies it, plants one fault with one SQL statement, validates the one suite concerned
and checks that exactly the expectations named after the fault fail, with their severity.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from flows import quality
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
)
# the suites the tiny warehouse holds data for (all the others see empty tables and pass too)
CLEAN_SUITES = [
    "stg_countries",
    "stg_regional_groups",
    "stg_published_figures",
    "stg_theme_codes",
    "stg_document_types",
    "stg_visit_statuses",
    "stg_state_concerned",
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


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_warehouse(tmp_path_factory.mktemp("tiny") / "clean.duckdb")


def planted(clean: Path, tmp_path: Path, sql: str) -> Path:
    db = tmp_path / "faulty.duckdb"
    shutil.copyfile(clean, db)
    with duckdb.connect(str(db)) as con:
        con.execute(sql)
    return db


def check(
    db: Path, tmp_path: Path, stage: str, suite: str, suites_dir: Path = quality.SUITES_DIR
) -> quality.QualityResult:
    try:
        return quality.validate(
            db, stage, run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=[suite], suites_dir=suites_dir
        )
    except quality.QualityError as err:
        return err.result


def failures(result: quality.QualityResult) -> set[tuple[str, str, str]]:
    return {
        (f.expectation.removeprefix("expect_"), f.columns, f.severity)
        for s in result.suites.values()
        for f in s.findings
    }


def test_the_clean_tiny_warehouse_passes_every_suite_it_fills(clean_db: Path, tmp_path: Path) -> None:
    staged = quality.validate(
        clean_db, "staging", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=CLEAN_SUITES
    )
    marts = quality.validate(
        clean_db, "marts", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["facts_and_figures"]
    )
    result = staged.merged(marts)
    assert result.failed == [] and result.warnings == [] and result.critical == []
    assert len(result.passed) == len(CLEAN_SUITES) + 1
    assert result.suites["stg_communications"].expectations == 31
    assert result.docs_index == tmp_path / "docs" / "index.html" and result.docs_index.exists()
    n = len(CLEAN_SUITES) + 1
    assert f"{n}/{n} suites passed" in result.summary(rejects=1) and "1 rejected rows" in result.summary(rejects=1)


# (kind, suite, fault, {(expectation, columns, severity) that must fail, and nothing else})
FAULTS = [
    (
        "key unique",
        "stg_communications",
        "update staging.stg_communications set communication_id = 101 where ref_no = 'FRA 1/2023'",
        {("column_values_to_be_unique", "communication_id", "critical")},
    ),
    (
        "key not null",
        "stg_holders",
        "update staging.stg_holders set holder_id = null where holder_id = 2",
        {("column_values_to_not_be_null", "holder_id", "critical")},
    ),
    (
        "Type",
        "stg_communications",
        "update staging.stg_communications set communication_type = 'XL' where communication_id = 102",
        {("column_values_to_be_in_set", "communication_type", "critical")},
    ),
    (
        "Status",
        "stg_visit_events",
        "update staging.stg_visit_events set status = 'Done' where event_id = 301",
        {("column_values_to_be_in_set", "status", "critical")},
    ),
    (
        "Gender",
        "stg_holders",
        "update staging.stg_holders set gender = 'F' where holder_id = 1",
        {("column_values_to_be_in_set", "gender", "critical")},
    ),
    (
        "regional group",
        "stg_holders",
        "update staging.stg_holders set regional_group = 'Africa' where holder_id = 1",
        {("column_values_to_be_in_set", "regional_group", "critical")},
    ),
    (
        "document type",
        "stg_reports",
        "update staging.stg_reports set document_type = 'Report'",
        {("column_values_to_be_in_set", "document_type", "critical")},
    ),
    (
        "theme code",
        "stg_report_themes",
        "update staging.stg_report_themes set theme_code = 'gender'",
        {("column_values_to_be_in_set", "theme_code", "critical")},
    ),
    (
        "host type",
        "stg_visit_events",
        "update staging.stg_visit_events set host_type = 'Country' where event_id = 301",
        {("column_values_to_be_in_set", "host_type", "critical")},
    ),
    (
        "Ref. no. format",
        "stg_replies",
        "update staging.stg_replies set ref_no = 'IRN-1/2023' where reply_id = 201",
        {
            ("column_values_to_match_regex", "ref_no", "critical"),
            ("column_pair_values_to_be_equal", "ref_no, communication_ref_no", "critical"),
        },
    ),
    (
        "ISO code format",
        "stg_holders",
        "update staging.stg_holders set nationality_iso3 = 'Fr' where holder_id = 2",
        {
            ("column_values_to_match_regex", "nationality_iso3", "critical"),
            ("column_values_to_be_null", "nationality_iso3_unknown", "critical"),
        },
    ),
    (
        "document symbol format",
        "stg_reports",
        "update staging.stg_reports set symbol = 'A/HRC/55/53/Add-1'",
        {("column_values_to_match_regex", "symbol", "warning")},
    ),
    (
        "women <= victims",
        "stg_communications",
        "update staging.stg_communications set victims_women_count = 5 where communication_id = 101",
        {("column_pair_values_a_to_be_greater_than_b", "victims_count, victims_women_count", "critical")},
    ),
    (
        "J exactly when 2+ mandates",
        "stg_communications",
        "update staging.stg_communications set mandates = ['SR housing'] where communication_id = 101",
        {("column_pair_values_to_be_equal", "is_joint, has_two_or_more_mandates", "critical")},
    ),
    (
        "visit end >= start",
        "stg_visits",
        "update staging.stg_visits set visit_end_date = date '2023-02-01'",
        {("column_pair_values_a_to_be_greater_than_b", "visit_end_date, visit_start_date", "critical")},
    ),
    (
        "reply not before its communication",
        "stg_replies",
        "update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201",
        {("column_pair_values_a_to_be_greater_than_b", "received_date, communication_sent_date", "warning")},
    ),
    (
        "holder term end after start",
        "stg_holders",
        "update staging.stg_holders set term_end_date = date '2018-01-01' where holder_id = 2",
        {("column_pair_values_a_to_be_greater_than_b", "term_end_date, term_start_date", "critical")},
    ),
    (
        "mandate exists",
        "stg_communication_mandates",
        "update staging.stg_communication_mandates set mandate = 'SR unknown' where communication_id = 102",
        {("column_values_to_be_null", "mandate_unknown", "critical")},
    ),
    (
        "mandate exists, of a list",
        "stg_media",
        "insert into staging.stg_media values ('pr-2023-0001', date '2023-05-02', 'press release', 'Release', "
        "'https://www.ohchr.org/en/press-releases/2023/05/pr-2023-0001', ['SR housing', 'SR unknown', 'SR Iran'], "
        "'media/media-2023.jsonl', 1); insert into raw.raw_manifest (dataset, year, part, path, format, rows, run_id) "
        f"values ('media', 2023, 1, 'media/media-2023.jsonl', 'jsonl', 1, '{RUN}')",
        {("column_values_to_be_null", "mandates_unknown", "critical")},
    ),
    (
        "country exists",
        "stg_visits",
        "update staging.stg_visits set host_iso3 = 'ZZZ'",
        {("column_values_to_be_null", "host_iso3_unknown", "critical")},
    ),
    (
        "communication exists",
        "stg_communication_tags",
        "update staging.stg_communication_tags set communication_id = 999",
        {("column_values_to_be_null", "communication_id_unknown", "critical")},
    ),
    (
        "row count = manifest - rejects",
        "stg_communications",
        "update raw.raw_manifest set rows = rows + 1 where dataset = 'communications'",
        {("table_row_count_to_equal", "", "critical")},
    ),
    (
        "a lost reject",
        "stg_communications",
        "delete from staging.rejects",
        {("table_row_count_to_equal", "", "critical")},
    ),
]


@pytest.mark.parametrize(("kind", "suite", "fault", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_planted_fault_is_caught_by_the_expectation_named_after_it(
    clean_db: Path, tmp_path: Path, kind: str, suite: str, fault: str, expected: set
) -> None:
    result = check(planted(clean_db, tmp_path, fault), tmp_path, "staging", suite)
    assert failures(result) == expected
    assert result.failed == [suite]


def test_a_figure_id_missing_for_the_report_year_is_caught(clean_db: Path, tmp_path: Path) -> None:
    db = planted(clean_db, tmp_path, "delete from marts.facts_and_figures where figure_id = 'communications.sent'")
    with pytest.raises(quality.QualityError) as caught:
        quality.validate(
            db, "marts", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["facts_and_figures"]
        )
    (finding,) = caught.value.result.critical
    assert (finding.columns, finding.sample) == ("reference_figure_not_computed", ("communications.sent",))
    assert "communications.sent" in str(caught.value) and str(tmp_path / "docs" / "index.html") in str(caught.value)


def test_a_critical_failure_raises_after_the_docs_and_results_are_written(clean_db: Path, tmp_path: Path) -> None:
    db = planted(clean_db, tmp_path, "update staging.stg_holders set gender = 'F'")
    with pytest.raises(quality.QualityError) as caught:
        quality.validate(
            db, "staging", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["stg_holders"]
        )
    result = caught.value.result
    assert [f.unexpected_count for f in result.critical] == [2] and result.warnings == []
    assert sorted(result.critical[0].sample) == ["F", "F"]
    assert len(list((tmp_path / "docs" / "results" / "stg_holders" / RUN).rglob("*.json"))) == 1
    page = next((tmp_path / "docs" / "validations" / "stg_holders" / RUN).rglob("*.html"))
    assert "static/vendor/bootstrap@4.3.1/bootstrap.min.css" in page.read_text(encoding="utf-8")


def test_a_failure_is_detailed_in_the_results_and_docs_while_a_passed_suite_is_checked_once(
    clean_db: Path, tmp_path: Path
) -> None:
    """Two passes (flows/quality.py): success of every expectation first, detail for the failed suites."""
    db = planted(clean_db, tmp_path, "update staging.stg_holders set gender = 'F'")
    with pytest.raises(quality.QualityError):
        quality.validate(
            db,
            "staging",
            run_id=RUN,
            report_year=YEAR,
            docs_dir=tmp_path / "docs",
            suites=["stg_holders", "stg_visits"],
        )
    stored = {}
    for suite in ("stg_holders", "stg_visits"):
        (path,) = (tmp_path / "docs" / "results" / suite / RUN).rglob("*.json")  # one result per suite and run
        stored[suite] = json.loads(path.read_text(encoding="utf-8"))
    (gender,) = [r for r in stored["stg_holders"]["results"] if not r["success"]]
    assert gender["result"]["partial_unexpected_counts"] == [{"value": "F", "count": 2}]
    assert all(r["success"] for r in stored["stg_holders"]["results"] if r is not gender)
    assert stored["stg_visits"]["success"] and len(stored["stg_visits"]["results"]) == 12
    assert [r["result"] for r in stored["stg_visits"]["results"]] == [{}] * 12  # success only, no samples
    page = next((tmp_path / "docs" / "validations" / "stg_holders" / RUN).rglob("*.html"))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())
    assert "2 unexpected values found" in text and "Unexpected Value Count F 2" in text


def test_a_warning_is_reported_and_does_not_raise(clean_db: Path, tmp_path: Path) -> None:
    db = planted(
        clean_db, tmp_path, "update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201"
    )
    result = quality.validate(
        db, "staging", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["stg_replies"]
    )
    assert result.critical == [] and [w.columns for w in result.warnings] == ["received_date, communication_sent_date"]
    assert "0 critical, 1 warnings" in result.summary()


def accepting(tmp_path: Path, count: int) -> Path:
    """A copy of the suites in which the reply-date warning records an accepted exception."""
    suites = tmp_path / f"suites-{count}"
    shutil.copytree(quality.SUITES_DIR, suites)
    path = suites / "stg_replies.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    (exp,) = [e for e in suite["expectations"] if e["kwargs"].get("column_B") == "communication_sent_date"]
    exp["meta"]["accepted_exception"] = {"count": count, "date": "2024-01-31", "why": "test"}
    path.write_text(json.dumps(suite), encoding="utf-8")
    return suites


@pytest.mark.parametrize(("recorded", "accepted"), [(1, True), (2, False)])
def test_an_accepted_exception_holds_only_for_its_recorded_count(
    clean_db: Path, tmp_path: Path, recorded: int, accepted: bool
) -> None:
    db = planted(
        clean_db, tmp_path, "update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201"
    )
    result = check(db, tmp_path, "staging", "stg_replies", suites_dir=accepting(tmp_path, recorded))
    assert (len(result.accepted), len(result.warnings), result.passed == ["stg_replies"]) == (
        (1, 0, True) if accepted else (0, 1, False)
    )


def test_every_committed_suite_loads_into_gx() -> None:
    import great_expectations as gx

    for path in sorted(quality.SUITES_DIR.glob("*.json")):
        suite = gx.ExpectationSuite(**json.loads(path.read_text(encoding="utf-8")))
        assert suite.name == path.stem and suite.expectations
        assert all(e.meta["severity"] in ("critical", "warning") for e in suite.expectations)


def test_the_file_is_released_after_validation_even_when_it_fails(clean_db: Path, tmp_path: Path) -> None:
    """GX's DuckDB connection is closed: the same process can write the file next (the marts step)."""
    db = planted(clean_db, tmp_path, "update staging.stg_holders set gender = 'F'")
    with pytest.raises(quality.QualityError):
        quality.validate(
            db, "staging", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["stg_holders"]
        )
    with duckdb.connect(str(db)) as con:
        con.execute("create table marts.written_after (x integer)")


def test_a_frame_query_that_fails_stops_the_run_naming_the_suite(clean_db: Path, tmp_path: Path) -> None:
    db = planted(clean_db, tmp_path, "alter table staging.stg_report_themes rename column theme_code to theme")
    with pytest.raises(quality.SuiteError, match="suite stg_report_themes: its frame query fails.*theme_code"):
        quality.validate(
            db, "staging", run_id=RUN, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["stg_report_themes"]
        )


def test_an_expectation_that_cannot_be_evaluated_is_an_error_and_stops_the_run(clean_db: Path, tmp_path: Path) -> None:
    suites = tmp_path / "suites"
    shutil.copytree(quality.SUITES_DIR, suites)
    path = suites / "stg_report_themes.json"
    suite = json.loads(path.read_text(encoding="utf-8"))
    suite["expectations"].append(
        {
            **suite["expectations"][-1],
            "id": None,
            "meta": {"severity": "warning"},
            "severity": "warning",
            "kwargs": {"column": "no_such_column", "value_set": ["x"]},
        }
    )
    path.write_text(json.dumps(suite), encoding="utf-8")
    with pytest.raises(quality.QualityError) as caught:
        quality.validate(
            clean_db,
            "staging",
            run_id=RUN,
            report_year=YEAR,
            docs_dir=tmp_path / "docs",
            suites=["stg_report_themes"],
            suites_dir=suites,
        )
    (finding,) = caught.value.result.critical
    assert (finding.columns, finding.severity) == ("no_such_column", "error")  # even on a warning


def test_results_are_kept_per_run(clean_db: Path, tmp_path: Path) -> None:
    for run in ("20240101T000000Z-aaaaaa", "20240102T000000Z-bbbbbb"):
        quality.validate(
            clean_db, "staging", run_id=run, report_year=YEAR, docs_dir=tmp_path / "docs", suites=["stg_visits"]
        )
    runs = sorted(p.name for p in (tmp_path / "docs" / "results" / "stg_visits").iterdir())
    assert runs == ["20240101T000000Z-aaaaaa", "20240102T000000Z-bbbbbb"]
