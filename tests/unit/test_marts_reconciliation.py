"""Reconciliation statuses, and the shape of facts_and_figures against the figure reference."""

import csv
import re

import pytest
import yaml

from flows.settings import PUBLISHED_DIR, SQL_DIR
from tests.support.marts_fixtures import country, d, insert, run_marts, staging_connection

REFERENCE = list(csv.DictReader((PUBLISHED_DIR / "A-HRC-55-69.csv").open(encoding="utf-8")))


def published(figure_id, kind, value, year=2023, paragraph=1):
    return {
        "year": year,
        "figure_id": figure_id,
        "paragraph": paragraph,
        "kind": kind,
        "published": value,
        "label_en": f"label of {figure_id}",
        "label_zh": "标签",
    }


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(con, "stg_countries", [country("AAA", "Alpha")])
    insert(
        con,
        "stg_communications",
        [
            {"communication_id": 1, "sent_date": d("2022-03-01"), "sent_year": 2022, "communication_type": "AL"},
            {
                "communication_id": 2,
                "sent_date": d("2023-03-01"),
                "sent_year": 2023,
                "communication_type": "AL",
                "addressee_iso3": "AAA",
            },
            {
                "communication_id": 3,
                "sent_date": d("2023-04-01"),
                "sent_year": 2023,
                "communication_type": "JAL",
                "addressee_iso3": "AAA",
            },
        ],
    )
    insert(
        con,
        "stg_replies",
        [
            {
                "reply_id": 1,
                "communication_id": 2,
                "received_date": d("2023-05-01"),
                "received_year": 2023,
                "is_substantive": True,
            }
        ],
    )
    insert(
        con,
        "stg_events",
        [{"event_id": f"e{i}", "start_date": d("2023-06-01")} for i in range(3)]
        + [
            {
                "event_id": "f",
                "series": "Forum on Minority Issues",
                "start_date": d("2023-11-30"),
                "participants_in_person_count": 500,
                "participants_online_count": 60,
            }
        ],
    )
    insert(
        con,
        "stg_reports",
        [
            {
                "report_id": "1",
                "symbol": "A/78/1",
                "issued_date": d("2023-07-01"),
                "issued_year": 2023,
                "body_code": "ga",
                "document_type": "Thematic report",
            }
        ],
    )
    insert(con, "stg_report_authors", [{"report_id": "1", "mandate": m} for m in ("SR food", "SR education")])
    insert(con, "stg_report_themes", [{"report_id": "1", "theme_code": "sdgs"}])
    insert(
        con,
        "stg_published_figures",
        [
            published("communications.sent", "count", "2", paragraph=8),  # match
            published("communications.joint", "count", "2"),  # mismatch (1)
            published("replies.response_rate_pct", "percent_2dp", "50"),  # match: 50.00 as a number
            published("communications.states", "percent_2dp", "1.0"),  # match as numbers
            published("events.count", "at_least", "2"),  # match: 4 >= 2
            published("events.minority_forum.participants", "at_least", "600"),  # mismatch: 560 < 600
            published("themes.sdgs.mandates", "list", "SR food;SR education"),  # match: same set
            published("themes.climate.mandates", "list", "SR food"),  # mismatch: computed empty
            published("media.products", "count", "5"),  # missing: no media data
            published("unknown.figure", "count", "7"),  # missing: not computed at all
        ],
    )
    run_marts(con)
    return con


def status(con, year=2023):
    return dict(con.execute("select figure_id, status from marts.reconciliation where year = ?", [year]).fetchall())


def test_match_mismatch_missing_statuses(con):
    s = status(con)
    assert s["communications.sent"] == "match"
    assert s["communications.joint"] == "mismatch"
    assert s["replies.response_rate_pct"] == "match"
    assert s["communications.states"] == "match"
    assert s["events.count"] == "match"
    assert s["events.minority_forum.participants"] == "mismatch"
    assert s["themes.sdgs.mandates"] == "match"
    assert s["themes.climate.mandates"] == "mismatch"
    assert s["media.products"] == "missing"
    assert s["unknown.figure"] == "missing"


def test_year_without_published_values_has_no_reference(con):
    s = status(con, 2022)
    assert len(s) == len(REFERENCE) and set(s.values()) == {"no reference"}
    row = con.execute(
        "select paragraph, label_en, published, computed from marts.reconciliation "
        "where year = 2022 and figure_id = 'communications.sent'"
    ).fetchone()
    assert row == (8, "label of communications.sent", None, "1")


def test_every_reference_figure_is_computed_each_year_with_its_kind(con):
    kinds = {r["id"]: r["kind"] for r in REFERENCE}
    for year in (2022, 2023):
        computed = dict(
            con.execute("select figure_id, kind from marts.facts_and_figures where year = ?", [year]).fetchall()
        )
        assert computed == kinds


def test_list_values_carry_no_number(con):
    assert con.execute(
        "select count(*) from marts.facts_and_figures where kind = 'list' and value_number is not null"
    ).fetchone() == (0,)


def test_column_types_and_comments_follow_marts_yml(con):
    spec = yaml.safe_load((SQL_DIR / "marts" / "_marts.yml").read_text(encoding="utf-8"))["tables"]
    for table, table_spec in spec.items():
        actual = {name: typ for name, typ, *_ in con.execute(f"describe marts.{table}").fetchall()}
        assert actual == {c: v["type"] for c, v in table_spec["columns"].items()}, table
    assert (
        con.execute("select comment from duckdb_tables() where schema_name = 'marts' and table_name = 'reconciliation'")
        .fetchone()[0]
        .startswith("Computed figures")
    )


def test_no_published_value_is_typed_in_sql_marts():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (SQL_DIR / "marts").iterdir())
    tokens = set(re.findall(r"\d+(?:\.\d+)?", text))
    for row in REFERENCE:
        value = row["published"]
        if row["kind"] == "list":
            for item in value.split("; "):
                assert item.split(":")[0] not in text or item in ("",), item
        elif len(value) >= 3:  # short numbers (1, 5, 14, ...) also occur as rule constants or paragraphs
            assert value not in tokens, (row["id"], value)
