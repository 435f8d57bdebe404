"""mart_state_cooperation on a small world: one State's year read from every part it gathers."""

import pytest

from tests.support.marts_fixtures import country, d, insert, run_marts, staging_connection


def letter(gid, iso3, kind, day):
    return {
        "communication_id": gid,
        "ref_no": f"{iso3} {gid}/{day[:4]}",
        "addressee_code": iso3,
        "addressee_iso3": iso3,
        "is_non_state": False,
        "sent_date": d(day),
        "sent_year": int(day[:4]),
        "communication_type": kind,
        "is_joint": kind.startswith("J"),
        "victims_count": 0,
        "victims_women_count": 0,
        "is_reprisal": False,
        "tags": [],
        "non_state_actors": [],
        "mandates": ["SR a", "SR b"] if kind.startswith("J") else ["SR a"],
    }


def reply(rid, gid, day, substantive):
    return {
        "reply_id": rid,
        "communication_id": gid,
        "received_date": d(day),
        "received_year": int(day[:4]),
        "is_substantive": substantive,
    }


def _event(event_id, request_id, iso3, status, day, start=None):
    row = {
        "event_id": event_id,
        "request_id": request_id,
        "mandate": "SR a",
        "host": iso3,
        "host_iso3": iso3,
        "host_type": "State",
        "status": status,
        "event_date": d(day),
    }
    if start:
        row |= {"visit_start_date": d(start), "visit_end_date": d(day)}
    return row


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(con, "stg_countries", [country("AAA", "Alpha"), country("BBB", "Beta", "Asia-Pacific States")])
    insert(
        con,
        "stg_communications",
        [
            letter(1, "AAA", "AL", "2023-01-10"),
            letter(2, "AAA", "JAL", "2023-02-05"),
            letter(3, "AAA", "JUA", "2023-03-01"),
            letter(4, "AAA", "OL", "2023-04-01"),
            letter(5, "BBB", "UA", "2022-06-01"),
        ],
    )
    insert(con, "stg_replies", [reply(11, 1, "2023-02-01", True), reply(12, 3, "2023-03-05", False)])
    insert(
        con,
        "stg_followups",
        [
            {"followup_id": 21, "sent_date": d("2023-09-01"), "sent_year": 2023, "communication_id": 1},
            {"followup_id": 22, "sent_date": d("2023-10-01"), "sent_year": 2023, "communication_id": 5},
        ],
    )
    insert(
        con,
        "stg_visit_events",
        [
            _event(31, 1, "AAA", "Requested", "2019-03-01"),  # pending since 2019-03-01
            _event(32, 2, "AAA", "Requested", "2021-06-30"),  # pending, younger
            _event(33, 3, "AAA", "Requested", "2020-01-01"),
            _event(34, 3, "AAA", "Completed", "2023-05-10", start="2023-05-01"),
        ],
    )
    insert(
        con,
        "stg_visits",
        [
            {
                "visit_id": 34,
                "request_id": 3,
                "mandate": "SR a",
                "host": "AAA",
                "host_iso3": "AAA",
                "host_type": "State",
                "visit_start_date": d("2023-05-01"),
                "visit_end_date": d("2023-05-10"),
                "visit_year": 2023,
            }
        ],
    )
    insert(con, "stg_standing_invitations", [{"iso3": "AAA", "extended_date": d("2001-01-01")}])
    run_marts(con)
    return con


def _row(con, iso3, year):
    cur = con.execute("select * from marts.mart_state_cooperation where iso3 = ? and year = ?", [iso3, year])
    return dict(zip([c[0] for c in cur.description], cur.fetchone(), strict=True))


def test_a_states_year_gathers_invitation_visits_requests_letters_replies_and_followups(con):
    row = _row(con, "AAA", 2023)
    assert row["has_standing_invitation"] is True
    assert (row["visits_count"], row["visits_5y_count"]) == (1, 1)
    assert (row["requests_count"], row["pending_requests_count"]) == (3, 2)
    assert row["oldest_pending_request_date"] == d("2019-03-01")
    assert row["longest_pending_days"] == (d("2023-12-31") - d("2019-03-01")).days
    # a joint letter counts under its type: JAL is an allegation letter, JUA an urgent appeal
    assert (row["allegation_letters_count"], row["urgent_appeals_count"], row["other_letters_count"]) == (2, 1, 1)
    assert (row["communications_count"], row["joint_count"]) == (4, 2)
    assert (row["replies_count"], row["substantive_replies_count"], str(row["response_rate_pct"])) == (2, 1, "25.00")
    assert row["followups_count"] == 1


def test_a_state_with_nothing_in_the_year_has_zeros_and_no_rate(con):
    row = _row(con, "BBB", 2023)
    assert row["communications_count"] == 0 and row["response_rate_pct"] is None
    assert row["pending_requests_count"] == 0 and row["longest_pending_days"] is None
    assert row["followups_count"] == 1  # a follow-up in 2023 on a letter of 2022
    assert row["has_standing_invitation"] is False


def test_every_state_of_the_reference_has_a_row_for_every_year(con):
    years = con.execute("select count(*) from marts.mart_report_years").fetchone()[0]
    rows = con.execute("select count(*) from marts.mart_state_cooperation").fetchone()[0]
    assert rows == 2 * years
