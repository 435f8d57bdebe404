"""mart_report_years: the years computed, their cutoffs and windows; an overridden cutoff."""

from datetime import date

from tests.support.marts_fixtures import d, figures, insert, run_marts, staging_connection


def world():
    con = staging_connection()
    insert(
        con,
        "stg_communications",
        [
            {"communication_id": 1, "sent_date": d("2021-06-01"), "sent_year": 2021, "communication_type": "AL"},
            {"communication_id": 2, "sent_date": d("2023-06-01"), "sent_year": 2023, "communication_type": "AL"},
        ],
    )
    insert(
        con,
        "stg_replies",
        [
            {
                "reply_id": 1,
                "communication_id": 2,
                "received_date": d("2023-07-01"),
                "received_year": 2023,
                "is_substantive": True,
            },
            {
                "reply_id": 2,
                "communication_id": 2,
                "received_date": d("2024-01-15"),
                "received_year": 2024,
                "is_substantive": True,
            },
        ],
    )
    return con


def test_years_are_those_of_the_communications_and_the_report_year():
    con = world()
    run_marts(con, year=2024)
    rows = con.execute(
        "select year, cutoff_date, window_start_date, is_report_year from marts.mart_report_years order by year"
    ).fetchall()
    assert rows == [
        (2021, date(2021, 12, 31), date(2017, 1, 1), False),
        (2023, date(2023, 12, 31), date(2019, 1, 1), False),
        (2024, date(2024, 12, 31), date(2020, 1, 1), True),
    ]
    # 2024 has no communication: the communications figures are not computed for it
    assert figures(con, 2024)["communications.sent"] is None
    assert figures(con, 2024)["replies.received"] == "1"


def test_overridden_cutoff_applies_to_the_report_year_only():
    con = world()
    run_marts(con, year=2023, cutoff=date(2024, 1, 31))
    assert con.execute("select cutoff_date from marts.mart_report_years where year = 2023").fetchone() == (
        date(2024, 1, 31),
    )
    f = figures(con)
    # the January reply is inside the later cutoff; replies.received still counts replies dated in 2023
    assert (f["replies.to_year_communications"], f["replies.received"]) == ("2", "1")
    assert con.execute("select cutoff_date from marts.mart_report_years where year = 2021").fetchone() == (
        date(2021, 12, 31),
    )
    # no reply is dated in 2021: the replies dataset does not cover it, so no reply figure for 2021
    assert (figures(con, 2021)["communications.sent"], figures(con, 2021)["replies.to_year_communications"]) == (
        "1",
        None,
    )
