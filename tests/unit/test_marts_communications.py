"""Paras 8-12, 47, 71: communications, replies by date and by the cutoff, follow-ups, reprisals."""

import pytest

from tests.support.marts_fixtures import country, d, figures, insert, run_marts, staging_connection


def letter(gid, iso3, kind, day, victims=0, women=0, actors=(), reprisal=False):
    return {
        "communication_id": gid,
        "ref_no": f"{iso3 or 'OTH'} {gid}/{day[:4]}",
        "addressee_code": iso3 or "OTH",
        "addressee_iso3": iso3,
        "is_non_state": iso3 is None,
        "sent_date": d(day),
        "sent_year": int(day[:4]),
        "communication_type": kind,
        "is_joint": kind.startswith("J"),
        "victims_count": victims,
        "victims_women_count": women,
        "is_reprisal": reprisal,
        "tags": ["reprisals"] if reprisal else [],
        "non_state_actors": list(actors),
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


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(con, "stg_countries", [country("AAA", "Alpha"), country("BBB", "Beta", "Asia-Pacific States")])
    insert(
        con,
        "stg_communications",
        [
            letter(1, "AAA", "AL", "2022-11-10"),
            letter(2, "AAA", "JAL", "2023-01-05", victims=3, women=1, reprisal=True),
            letter(3, "AAA", "UA", "2023-03-01", victims=2),
            letter(4, "BBB", "JOL", "2023-12-31"),
            letter(
                5, None, "JUA", "2023-05-05", victims=5, women=2, actors=["Company X", "Armed group Y"], reprisal=True
            ),
            letter(6, None, "AL", "2023-06-01", actors=["Company X"]),
            letter(7, "BBB", "AL", "2023-07-01", reprisal=True),
        ],
    )
    insert(
        con,
        "stg_communication_mandates",
        [
            {"communication_id": gid, "mandate": m}
            for gid, ms in [
                (1, ["SR a"]),
                (2, ["SR a", "SR b"]),
                (3, ["SR a"]),
                (4, ["SR a", "SR b"]),
                (5, ["SR a", "SR b"]),
                (6, ["SR a"]),
                (7, ["SR a"]),
            ]
            for m in ms
        ],
    )
    insert(
        con,
        "stg_replies",
        [
            reply(1, 1, "2023-01-20", True),  # in 2023 to a 2022 letter: received in 2023, not to_year
            reply(2, 2, "2023-02-01", True),
            reply(3, 2, "2023-03-01", False),  # acknowledgement
            reply(4, 3, "2024-01-02", True),  # after the cutoff: not counted for 2023
            reply(5, 4, "2023-12-31", True),  # on the cutoff day: counted
            reply(6, 1, "2022-12-01", False),
        ],
    )
    insert(
        con,
        "stg_followups",
        [
            {"followup_id": 1, "sent_date": d("2023-04-01"), "sent_year": 2023},
            {"followup_id": 2, "sent_date": d("2022-12-31"), "sent_year": 2022},
        ],
    )
    insert(
        con,
        "stg_reports",
        [
            {
                "report_id": "1",
                "symbol": "A/HRC/54/80",
                "issued_date": d("2023-08-20"),
                "issued_year": 2023,
                "body_code": "hrc",
                "document_type": "Communications report",
            },
            {
                "report_id": "2",
                "symbol": "A/HRC/54/10",
                "issued_date": d("2023-08-20"),
                "issued_year": 2023,
                "body_code": "hrc",
                "document_type": "Thematic report",
            },
        ],
    )
    run_marts(con)
    return con


def test_communications_of_the_year(con):
    f = figures(con)
    assert (f["communications.sent"], f["communications.states"], f["communications.non_state_actors"]) == (
        "6",
        "2",
        "2",
    )
    assert f["communications.joint"] == "3"
    assert (f["communications.individuals"], f["communications.individuals_women"]) == ("10", "3")


def test_replies_received_in_the_year_whatever_the_letter_year(con):
    f = figures(con)
    assert (f["replies.received"], f["replies.received_substantive"]) == ("4", "3")


def test_replies_to_the_year_letters_by_the_cutoff(con):
    f = figures(con)
    assert (f["replies.to_year_communications"], f["replies.to_year_communications_substantive"]) == ("3", "2")
    assert f["replies.response_rate_pct"] == "33.33"


def test_previous_year_is_computed_with_its_own_cutoff(con):
    f = figures(con, 2022)
    assert (f["communications.sent"], f["replies.received"], f["replies.to_year_communications"]) == ("1", "1", "1")
    assert f["replies.response_rate_pct"] == "0.00"
    # no report was issued in 2022: the reports dataset does not cover it, the figure is not computed
    assert f["communications.reports_published"] is None


def test_reports_followups_reprisals(con):
    f = figures(con)
    assert f["communications.reports_published"] == "1"
    assert f["followups.letters"] == "1"
    assert (f["reprisals.communications"], f["reprisals.states"], f["reprisals.non_state_actors"]) == ("3", "2", "2")


def test_marts_by_state_and_group_add_up(con):
    by_state = {
        r[0]: r[1:]
        for r in con.execute(
            "select iso3, communications_count, replies_count, substantive_replies_count, response_rate_pct "
            "from marts.mart_communications_by_state where year = 2023"
        ).fetchall()
    }
    assert {k: (v[0], v[1], v[2], str(v[3])) for k, v in by_state.items()} == {
        "AAA": (2, 2, 1, "50.00"),
        "BBB": (2, 1, 1, "50.00"),
    }
    groups = dict(
        con.execute(
            "select group_code, communications_count from marts.mart_communications_by_regional_group where year = 2023"
        ).fetchall()
    )
    assert groups == {"african": 2, "asia_pacific": 2, "non_state": 2}
    mandates = dict(
        con.execute(
            "select mandate, communications_count from marts.mart_communications_by_mandate where year = 2023"
        ).fetchall()
    )
    assert mandates == {"SR a": 6, "SR b": 3}


def test_response_rate_rounds_half_up_in_decimal():
    # 100 * 312 / 723 = 43.1535... -> 43.15; 100 * 1 / 8 = 12.5 -> "12.50"; 100 * 5 / 16 = 31.25;
    # 100 * 1 / 32 = 3.125 -> 3.13 (banker's rounding would give 3.12); 100 * 201 / 20000 = 1.005 -> 1.01
    # (as a DOUBLE 1.005 is 1.00499999..., and round(100.0 * 201 / 20000, 2) gives 1.0)
    cases = ((723, 312, "43.15"), (32, 1, "3.13"), (8, 1, "12.50"), (16, 5, "31.25"), (20000, 201, "1.01"))
    for letters, substantive, expected in cases:
        con = staging_connection()
        con.execute(
            "insert into staging.stg_communications (communication_id, sent_date, sent_year, "
            "communication_type, addressee_iso3) select i, date '2023-03-01', 2023, 'AL', 'AAA' "
            "from range(1, ? + 1) t(i)",
            [letters],
        )
        con.execute(
            "insert into staging.stg_replies (reply_id, communication_id, received_date, received_year, "
            "is_substantive) select i, i, date '2023-04-01', 2023, true from range(1, ? + 1) t(i)",
            [substantive],
        )
        run_marts(con)
        assert figures(con)["replies.response_rate_pct"] == expected
