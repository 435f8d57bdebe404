"""Paras 6-7, 51-52, 55: visits, never-visited reasons, five-year window, pending requests,
country mandate access and standing invitations, on one small world (report year 2023)."""

from itertools import count

import pytest

from tests.support.marts_fixtures import country, d, figures, insert, run_marts, staging_connection

EVENT_IDS = count(1)

MEMBERS = {
    "AAA": "Alpha",
    "BBB": "Beta",
    "CCC": "Gamma",
    "DDD": "Delta",
    "EEE": "Epsilon",
    "FFF": "Zeta",
    "GGG": "Eta",
    "HHH": "Theta",
    "III": "Iota",
    "ISR": "Israel",
    "JJJ": "Jota",
}


def events(con, request_id, mandate, iso3, *steps, host_type="State", host=None):
    """Events of one request: steps are (status, date) or ('Completed', start, end)."""
    rows, visits = [], []
    for status, day, *end in steps:
        event_id = next(EVENT_IDS)
        row = {
            "event_id": event_id,
            "request_id": request_id,
            "mandate": mandate,
            "host": host or MEMBERS.get(iso3, iso3),
            "host_iso3": iso3,
            "host_type": host_type,
            "status": status,
            "event_date": d(end[0] if end else day),
        }
        if status == "Completed":
            row |= {"visit_start_date": d(day), "visit_end_date": d(end[0])}
            visits.append(
                {
                    "visit_id": event_id,
                    "request_id": request_id,
                    "mandate": mandate,
                    "host": row["host"],
                    "host_iso3": iso3,
                    "host_type": host_type,
                    "visit_start_date": d(day),
                    "visit_end_date": d(end[0]),
                    "visit_year": d(day).year,
                }
            )
        rows.append(row)
    insert(con, "stg_visit_events", rows)
    insert(con, "stg_visits", visits)


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(
        con,
        "stg_countries",
        [country(iso3, name) for iso3, name in MEMBERS.items()]
        + [
            country("PSE", "State of Palestine", "Asia-Pacific States", "Non-member observer State"),
            country("TTT", "Tau", None, "Territory"),
        ],
    )
    insert(con, "stg_communications", [{"communication_id": 1, "sent_date": d("2023-05-01"), "sent_year": 2023}])
    insert(
        con,
        "stg_mandates",
        [
            {"mandate": m, "mandate_type": "Country", "country_iso3": iso3, "established_date": d("2010-01-01")}
            for m, iso3 in [
                ("SR Gamma", "CCC"),
                ("SR Delta", "DDD"),
                ("SR Epsilon", "EEE"),
                ("SR Beta", "BBB"),
                ("SR Iota", "III"),
                ("SR occupied Palestinian territories", "PSE"),
            ]
        ]
        + [
            {
                "mandate": "SR Old",
                "mandate_type": "Country",
                "country_iso3": "EEE",
                "established_date": d("2005-01-01"),
                "ended_date": d("2022-06-30"),
            },
            {"mandate": "SR housing", "mandate_type": "Thematic", "established_date": d("2000-01-01")},
        ],
    )
    # Alpha: a visit starting on 31 December and ending in the next year counts for 2023
    events(
        con,
        1,
        "SR housing",
        "AAA",
        ("Requested", "2023-03-01"),
        ("Accepted", "2023-06-01"),
        ("Completed", "2023-12-31", "2024-01-04"),
    )
    # Beta: five visits in the window (the first on its first day) and one the day before it
    for request_id, start in zip(
        range(2, 8), ["2019-01-01", "2020-05-01", "2021-05-01", "2022-05-01", "2023-05-01", "2018-12-31"], strict=False
    ):
        mandate = "SR Beta" if request_id == 2 else "SR housing"
        events(con, request_id, mandate, "BBB", ("Completed", start, start[:8] + "20"))
    events(con, 36, "SR Beta", "BBB", ("Requested", "2022-01-01"))  # pending, but SR Beta visited in 2019
    # Gamma: four visits in the window (one by its country mandate in 2023) and one before it
    for request_id, start in zip(
        range(8, 13), ["2019-06-01", "2020-06-01", "2021-06-01", "2023-06-01", "2018-12-31"], strict=False
    ):
        mandate = "SR Gamma" if request_id == 11 else "SR housing"
        events(con, request_id, mandate, "CCC", ("Completed", start, start[:8] + "25"))
    # Delta: never visited, request accepted (in 2023, by its country mandate)
    events(con, 13, "SR Delta", "DDD", ("Requested", "2022-01-10"), ("Accepted", "2023-05-01"))
    # Epsilon: never visited, every request declined (one on the cutoff day)
    events(con, 14, "SR Epsilon", "EEE", ("Requested", "2021-03-01"), ("Declined", "2022-03-01"))
    events(con, 15, "SR Epsilon", "EEE", ("Requested", "2023-02-01"), ("Declined", "2023-12-31"))
    # Zeta: nothing at all. Eta: visited in 2015 only, five requests pending at the cutoff
    events(con, 22, "SR housing", "GGG", ("Completed", "2015-03-01", "2015-03-10"))
    events(con, 16, "SR housing", "GGG", ("Requested", "2020-01-01"))
    events(con, 17, "SR housing", "GGG", ("Requested", "2016-01-01"), ("Reminder", "2022-01-01"))
    events(con, 18, "SR housing", "GGG", ("Requested", "2016-02-01"), ("Acknowledged", "2016-03-01"))
    events(con, 19, "SR housing", "GGG", ("Requested", "2016-04-01"), ("Postponed", "2020-04-01"))
    # accepted after the cutoff: still pending at it
    events(
        con,
        20,
        "SR housing",
        "GGG",
        ("Requested", "2016-05-01"),
        ("Reminder", "2023-11-01"),
        ("Accepted", "2024-01-10"),
    )
    # requested and withdrawn the same day: the later event (higher id) decides, not pending
    events(con, 21, "SR housing", "GGG", ("Requested", "2023-06-01"), ("Withdrawn", "2023-06-01"))
    # Theta: visited in 2016; four pending requests, requested before the window (one the day before)
    events(con, 27, "SR housing", "HHH", ("Completed", "2016-05-01", "2016-05-09"))
    events(con, 23, "SR housing", "HHH", ("Requested", "2018-12-31"), ("Reminder", "2020-01-01"))
    for request_id in (24, 25, 26):
        events(con, request_id, "SR housing", "HHH", ("Requested", f"2017-0{request_id - 20}-01"))
    # Iota: never visited, requested on the window's first day then declined; its mandate asked nothing
    events(con, 28, "SR housing", "III", ("Requested", "2019-01-01"), ("Declined", "2019-02-01"))
    # Israel: the State concerned by the oPt mandate, request pending
    events(
        con, 29, "SR occupied Palestinian territories", "ISR", ("Requested", "2020-01-01"), ("Reminder", "2023-01-01")
    )
    # Jota: first request after the cutoff: no request as of the cutoff
    events(con, 30, "SR housing", "JJJ", ("Requested", "2024-02-01"))
    # a territory, and one institution visited twice
    events(con, 31, "SR housing", "TTT", ("Completed", "2023-04-01", "2023-04-05"), host_type="Territory")
    for request_id, start in ((32, "2023-02-01"), (33, "2023-09-01")):
        events(
            con,
            request_id,
            "SR housing",
            None,
            ("Completed", start, start[:8] + "03"),
            host_type="Institution",
            host="European Union",
        )
    insert(
        con,
        "stg_standing_invitations",
        [
            {"iso3": "AAA", "un_status": "Member State", "extended_date": d("2010-01-01")},
            {"iso3": "BBB", "un_status": "Member State", "extended_date": d("2023-12-31")},
            {
                "iso3": "CCC",
                "un_status": "Member State",
                "extended_date": d("2010-01-01"),
                "withdrawn_date": d("2023-12-31"),
            },
            {
                "iso3": "DDD",
                "un_status": "Member State",
                "extended_date": d("2010-01-01"),
                "withdrawn_date": d("2024-02-01"),
            },
            {"iso3": "EEE", "un_status": "Member State", "extended_date": d("2024-01-01")},
            {"iso3": "PSE", "un_status": "Non-member observer State", "extended_date": d("2012-01-01")},
        ],
    )
    run_marts(con)
    return con


def test_visits_of_the_year_by_first_day(con):
    f = figures(con)
    assert (f["visits.count"], f["visits.countries_territories"], f["visits.institutions"]) == ("6", "4", "1")


def test_visited_ever_and_never_visited_split(con):
    f = figures(con)
    assert f["countries.visited_ever"] == "5"
    assert f["countries.never_visited"] == "6"
    assert (
        f["countries.never_visited.accepted_not_conducted"],
        f["countries.never_visited.request_not_accepted"],
        f["countries.never_visited.no_request"],
    ) == ("1", "3", "2")


def test_each_never_visited_state_has_exactly_one_reason(con):
    rows = dict(
        con.execute(
            "select iso3, never_visited_reason from marts.mart_visits_by_country "
            "where year = 2023 and is_member_state and not has_visit_ever"
        ).fetchall()
    )
    assert rows == {
        "DDD": "accepted_not_conducted",
        "EEE": "request_not_accepted",
        "III": "request_not_accepted",
        "ISR": "request_not_accepted",
        "FFF": "no_request",
        "JJJ": "no_request",
    }
    assert con.execute(
        "select count(*) from marts.mart_visits_by_country where year = 2023 "
        "and (has_visit_ever or not is_member_state) and never_visited_reason is not null"
    ).fetchone() == (0,)


def test_five_or_more_visits_in_the_window(con):
    assert figures(con)["visits.countries_5plus_in_5y"] == "Beta"
    counts = dict(
        con.execute(
            "select iso3, visits_5y_count from marts.mart_visits_by_country "
            "where year = 2023 and iso3 in ('BBB', 'CCC')"
        ).fetchall()
    )
    assert counts == {"BBB": 5, "CCC": 4}


def test_no_visit_in_the_window_with_requests_and_pending(con):
    f = figures(con)
    assert f["countries.no_visit_5y"] == "8"
    assert f["countries.no_visit_5y.with_request"] == "5"  # Delta, Epsilon, Eta, Iota, Israel
    assert f["countries.no_visit_5y.5plus_pending"] == "1"  # Eta


def test_pending_requests_at_the_cutoff(con):
    pending = dict(
        con.execute(
            "select iso3, pending_requests_count from marts.mart_visits_by_country "
            "where year = 2023 and pending_requests_count > 0"
        ).fetchall()
    )
    assert pending == {"BBB": 1, "GGG": 5, "HHH": 4, "ISR": 1}
    status = dict(
        con.execute(
            "select request_id, status_at_cutoff from marts.mart_visit_requests_at_cutoff "
            "where year = 2023 and request_id in (20, 21, 15)"
        ).fetchall()
    )
    assert status == {20: "Reminder", 21: "Withdrawn", 15: "Declined"}


def test_country_mandate_access(con):
    f = figures(con)
    assert f["country_mandates.access_granted"] == "Delta; Gamma"
    assert f["country_mandates.access_denied"] == "Epsilon; Israel"
    access = dict(
        con.execute("select mandate, access from marts.mart_country_mandate_access where year = 2023").fetchall()
    )
    assert access == {
        "SR Gamma": "granted",
        "SR Delta": "granted",
        "SR Epsilon": "denied",
        "SR occupied Palestinian territories": "denied",
        "SR Beta": None,
        "SR Iota": None,
    }


def test_standing_invitations_at_the_cutoff(con):
    f = figures(con)
    assert (f["invitations.member_states"], f["invitations.observer_states"]) == ("3", "1")
    assert f["invitations.member_states_pct"] == "27.27"  # 3 of the 11 Member States of this world
