"""The suites catch what they are written for: one planted fault of each kind, on a tiny warehouse.

`tiny_warehouse` (tests/support/tiny_warehouse.py) writes a DuckDB file whose tables follow the yml
contracts and pass every suite it holds data for. Each test copies it, plants one fault with one SQL
statement, validates the one suite concerned and checks that exactly the expectations named after the fault fail, with their severity.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from flows import quality
from tests.support.tiny_warehouse import CLEAN_SUITES, RUN, YEAR, tiny_warehouse


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
    assert result.suites["stg_communications"].expectations == 25
    assert result.docs_index == tmp_path / "docs" / "index.html" and result.docs_index.exists()
    n = len(CLEAN_SUITES) + 1
    assert f"{n}/{n} suites passed" in result.summary(rejects=1) and "1 rejected rows" in result.summary(rejects=1)


# (fault, kind, suite, fault SQL, {(expectation, columns, severity) that must fail, and nothing else});
# every kind of expectation the suites hold has at least one (test_every_kind_of_expectation_has_a_planted_fault)
FAULTS = [
    (
        "key unique",
        "key",
        "stg_communications",
        "update staging.stg_communications set communication_id = 101 where ref_no = 'FRA 1/2023'",
        {("column_values_to_be_unique", "communication_id", "critical")},
    ),
    (
        "key not null",
        "key",
        "stg_holders",
        "update staging.stg_holders set holder_id = null where holder_id = 2",
        {("column_values_to_not_be_null", "holder_id", "critical")},
    ),
    (
        "Type",
        "value-set",
        "stg_communications",
        "update staging.stg_communications set communication_type = 'XL' where communication_id = 102",
        {("column_values_to_be_in_set", "communication_type", "critical")},
    ),
    (
        "Status",
        "value-set",
        "stg_visit_events",
        "update staging.stg_visit_events set status = 'Done' where event_id = 301",
        {("column_values_to_be_in_set", "status", "critical")},
    ),
    (
        "Gender",
        "value-set",
        "stg_holders",
        "update staging.stg_holders set gender = 'F' where holder_id = 1",
        {("column_values_to_be_in_set", "gender", "critical")},
    ),
    (
        "regional group",
        "value-set",
        "stg_holders",
        "update staging.stg_holders set regional_group = 'Africa' where holder_id = 1",
        {("column_values_to_be_in_set", "regional_group", "critical")},
    ),
    (
        "document type",
        "value-set",
        "stg_reports",
        "update staging.stg_reports set document_type = 'Report'",
        {("column_values_to_be_in_set", "document_type", "critical")},
    ),
    (
        "theme code",
        "value-set",
        "stg_report_themes",
        "update staging.stg_report_themes set theme_code = 'gender'",
        {("column_values_to_be_in_set", "theme_code", "critical")},
    ),
    (
        "host type",
        "value-set",
        "stg_visit_events",
        "update staging.stg_visit_events set host_type = 'Country' where event_id = 301",
        {("column_values_to_be_in_set", "host_type", "critical")},
    ),
    (
        "Ref. no. format",
        "format",
        "stg_replies",
        "update staging.stg_replies set ref_no = 'IRN-1/2023' where reply_id = 201",
        {
            ("column_values_to_match_regex", "ref_no", "critical"),
            ("column_pair_values_to_be_equal", "ref_no, communication_ref_no", "critical"),
        },
    ),
    (
        "ISO code format",
        "format",
        "stg_holders",
        "update staging.stg_holders set nationality_iso3 = 'Fr' where holder_id = 2",
        {
            ("column_values_to_match_regex", "nationality_iso3", "critical"),
            ("column_values_to_be_null", "nationality_iso3_unknown", "critical"),
        },
    ),
    (
        "document symbol format",
        "format",
        "stg_reports",
        "update staging.stg_reports set symbol = 'A/HRC/55/53/Add-1'",
        {("column_values_to_match_regex", "symbol", "warning")},
    ),
    (
        "women <= victims",
        "rule",
        "stg_communications",
        "update staging.stg_communications set victims_women_count = 5 where communication_id = 101",
        {("column_pair_values_a_to_be_greater_than_b", "victims_count, victims_women_count", "critical")},
    ),
    (
        "J exactly when 2+ mandates",
        "rule",
        "stg_communications",
        "update staging.stg_communications set mandates = ['SR housing'] where communication_id = 101",
        {("column_pair_values_to_be_equal", "is_joint, has_two_or_more_mandates", "critical")},
    ),
    (
        "visit end >= start",
        "rule",
        "stg_visits",
        "update staging.stg_visits set visit_end_date = date '2023-02-01'",
        {("column_pair_values_a_to_be_greater_than_b", "visit_end_date, visit_start_date", "critical")},
    ),
    (
        "reply not before its communication",
        "cross-table",
        "stg_replies",
        "update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201",
        {("column_pair_values_a_to_be_greater_than_b", "received_date, communication_sent_date", "warning")},
    ),
    (
        "holder term end after start",
        "rule",
        "stg_holders",
        "update staging.stg_holders set term_end_date = date '2018-01-01' where holder_id = 2",
        {("column_pair_values_a_to_be_greater_than_b", "term_end_date, term_start_date", "critical")},
    ),
    (
        "mandate exists",
        "cross-table",
        "stg_communication_mandates",
        "update staging.stg_communication_mandates set mandate = 'SR unknown' where communication_id = 102",
        {("column_values_to_be_null", "mandate_unknown", "critical")},
    ),
    (
        "mandate exists, of a list",
        "cross-table",
        "stg_media",
        "insert into staging.stg_media values ('pr-2023-0001', date '2023-05-02', 'press release', 'Release', "
        "'https://www.ohchr.org/en/press-releases/2023/05/pr-2023-0001', ['SR housing', 'SR unknown', 'SR Iran'], "
        "'media/media-2023.jsonl', 1); insert into raw.raw_manifest (dataset, year, part, path, format, rows, run_id) "
        f"values ('media', 2023, 1, 'media/media-2023.jsonl', 'jsonl', 1, '{RUN}')",
        {("column_values_to_be_null", "mandates_unknown", "critical")},
    ),
    (
        "country exists",
        "cross-table",
        "stg_visits",
        "update staging.stg_visits set host_iso3 = 'ZZZ'",
        {("column_values_to_be_null", "host_iso3_unknown", "critical")},
    ),
    (
        "communication exists",
        "cross-table",
        "stg_communication_tags",
        "update staging.stg_communication_tags set communication_id = 999",
        {("column_values_to_be_null", "communication_id_unknown", "critical")},
    ),
    (
        "row count = manifest - rejects",
        "nothing-lost",
        "stg_communications",
        "update raw.raw_manifest set rows = rows + 1 where dataset = 'communications'",
        {("table_row_count_to_equal", "", "critical")},
    ),
    (
        "a lost reject",
        "nothing-lost",
        "stg_communications",
        "delete from staging.rejects",
        {("table_row_count_to_equal", "", "critical")},
    ),
    (
        "a reference file's row not loaded",
        "nothing-lost",
        "stg_regional_groups",
        "delete from staging.stg_regional_groups where group_code = 'african'",
        {("table_row_count_to_equal", "", "critical")},
    ),
    (
        "a list item unnested twice",
        "fan-out",
        "stg_communication_mandates",
        "insert into staging.stg_communication_mandates values (102, 'SR Iran')",
        {("table_row_count_to_equal", "", "critical")},
    ),
    (
        "a value a figure needs is missing",
        "required",
        "stg_communications",
        "update staging.stg_communications set victims_count = null where communication_id = 102",
        {("column_values_to_not_be_null", "victims_count", "critical")},
    ),
    (
        "a count below zero",
        "range",
        "stg_communications",
        "update staging.stg_communications set victims_women_count = -1 where communication_id = 102",
        {("column_values_to_be_between", "victims_women_count", "critical")},
    ),
    (
        "a Ref. no. that is not its communication's",
        "cross-table",
        "stg_replies",
        "update staging.stg_replies set ref_no = 'FRA 2/2023' where reply_id = 202",
        {("column_pair_values_to_be_equal", "ref_no, communication_ref_no", "critical")},
    ),
]


@pytest.mark.parametrize(("name", "kind", "suite", "fault", "expected"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_planted_fault_is_caught_by_the_expectation_named_after_it(
    clean_db: Path, tmp_path: Path, name: str, kind: str, suite: str, fault: str, expected: set
) -> None:
    result = check(planted(clean_db, tmp_path, fault), tmp_path, "staging", suite)
    assert failures(result) == expected
    assert result.failed == [suite]
    assert kind in {f.kind for s in result.suites.values() for f in s.findings}


def test_every_kind_of_expectation_has_a_planted_fault() -> None:
    from flows.quality.suites import KINDS

    kinds = {
        e["meta"]["kind"]
        for path in quality.SUITES_DIR.glob("*.json")
        for e in json.loads(path.read_text(encoding="utf-8"))["expectations"]
    }
    assert kinds <= set(KINDS)
    assert kinds == {f[1] for f in FAULTS}


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
    """Two passes (flows/quality/validate.py): success of every expectation first, detail for the failed suites."""
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
    assert stored["stg_visits"]["success"] and len(stored["stg_visits"]["results"]) == 10
    assert [r["result"] for r in stored["stg_visits"]["results"]] == [{}] * 10  # success only, no samples
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
