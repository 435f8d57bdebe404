"""Staging of visit events, visit requests, visits and standing invitations."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.staging import assert_balanced, csv_text, landed, mandates_file, rejects, rows, stage

HEADER = [
    "Event id",
    "Request id",
    "Mandate",
    "Host",
    "Host ISO3",
    "Host type",
    "Status",
    "Date",
    "Visit start",
    "Visit end",
    "Report symbol",
]


def event(
    eid,
    rid,
    status,
    when,
    start="",
    end="",
    symbol="",
    mandate="SR housing",
    host="Chile",
    iso3="CHL",
    host_type="State",
):
    return [eid, rid, mandate, host, iso3, host_type, status, when, start, end, symbol]


EVENTS_2022 = [
    event("1", "50", "Requested", "10 Feb 2022"),
    event("2", "60", "Requested", "01 Mar 2022", mandate="SR Iran", host="Iran (Islamic Republic of)", iso3="IRN"),
]
# A visit from 31 December to 4 January: its Completed event (dated on the last day) is in the
# next year's file, and the visit counts for the year of its first day.
EVENTS_2024 = [event("4", "50", "Completed", "04 Jan 2024", start="31 Dec 2023", end="04 Jan 2024")]
EVENTS_2023 = [
    event("3", "50", "Accepted", "01 Jun 2023"),
    event(
        "5",
        "70",
        "Completed",
        "12 May 2023",
        start="08 May 2023",
        end="12 May 2023",
        symbol="A/HRC/56/1/Add.1",
        mandate="WG arbitrary detention",
        host="Kosovo",
        iso3="XKX",
        host_type="Territory",
    ),
    event(
        "6",
        "80",
        "Completed",
        "03 Mar 2023",
        start="01 Mar 2023",
        end="03 Mar 2023",
        host="World Bank",
        iso3="",
        host_type="Institution",
    ),
    event("e7", "90", "Requested", "01 Jan 2023"),  # 4
    event("8", "", "Requested", "01 Jan 2023"),  # 5
    event("9", "91", "Requested", "01 Jan 2023", mandate="SR nobody"),  # 6
    event("10", "92", "Requested", "01 Jan 2023", host=""),  # 7
    event("11", "93", "Requested", "01 Jan 2023", host_type="Country"),  # 8
    event("12", "94", "Requested", "01 Jan 2023", iso3="ZZZ"),  # 9
    event("13", "95", "Requested", "01 Jan 2023", host="UNHCR", host_type="Institution"),  # 10: ISO3 CHL
    event("14", "96", "Pending", "01 Jan 2023"),  # 11
    event("15", "97", "Requested", "2023-01-01"),  # 12
    event("16", "98", "Requested", "01 Jan 2022"),  # 13
    event("17", "99", "Completed", "03 Mar 2023", start="1st March", end="03 Mar 2023"),  # 14
    event("18", "100", "Completed", "03 Mar 2023", end="03 Mar 2023"),  # 15
    event("19", "101", "Completed", "02 Mar 2023", start="01 Mar 2023", end="03 Mar 2023"),  # 16
    event("20", "102", "Completed", "03 Mar 2023", start="05 Mar 2023", end="03 Mar 2023"),  # 17
    event("21", "103", "Declined", "03 Mar 2023", start="01 Mar 2023"),  # 18
    event("22", "60", "Reminder", "01 Feb 2023", mandate="SR Iran", host="Iran", iso3="IRN"),  # 19: host differs
]
INVITATIONS = csv_text(
    ["Country", "ISO3", "Status", "Extended", "Withdrawn"],
    [
        ["Chile", "CHL", "Member State", "01 Jan 2009", ""],
        ["State of Palestine", "PSE", "Non-member observer State", "01 Jan 2015", ""],
        ["Nowhere", "ZZZ", "Member State", "01 Jan 2009", ""],  # 3
        ["France", "FRA", "Observer", "01 Jan 2009", ""],  # 4
        ["Holy See", "VAT", "Member State", "01 Jan 2009", ""],  # 5
        ["Peru", "PER", "Member State", "", ""],  # 6
        ["Spain", "ESP", "Member State", "01 Jan 2009", "later"],  # 7
    ],
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("visits")
    return stage(
        [
            mandates_file(folder),
            landed(folder, "visit-events", "visit-events-2022.csv", csv_text(HEADER, EVENTS_2022), year=2022),
            landed(folder, "visit-events", "visit-events-2023.csv", csv_text(HEADER, EVENTS_2023)),
            landed(folder, "visit-events", "visit-events-2024.csv", csv_text(HEADER, EVENTS_2024), year=2024),
            landed(folder, "standing-invitations", "standing-invitations.csv", INVITATIONS, year=None),
        ]
    )


def test_visit_events_typed(con):
    got = rows(
        con,
        "select event_id, request_id, host_iso3, status, event_date, visit_start_date, visit_end_date "
        "from staging.stg_visit_events where request_id = 50 order by event_id",
    )
    assert got == [
        (1, 50, "CHL", "Requested", date(2022, 2, 10), None, None),
        (3, 50, "CHL", "Accepted", date(2023, 6, 1), None, None),
        (4, 50, "CHL", "Completed", date(2024, 1, 4), date(2023, 12, 31), date(2024, 1, 4)),
    ]
    assert_balanced(con, "raw_visit_events", "stg_visit_events", "visit-events")


def test_visit_event_rejects(con):
    found = rows(
        con,
        "select regexp_extract(source_file, '[0-9]{4}'), row_number, reason from staging.rejects "
        "where dataset = 'visit-events'",
    )
    assert {(year, row): reason for year, row, reason in found} == {
        ("2022", 2): "the events of this request disagree on mandate or host",
        ("2023", 4): "Event id is not a whole number",
        ("2023", 5): "Request id is not a whole number",
        ("2023", 6): "Mandate is not a mandate of mandates.csv",
        ("2023", 7): "Host is empty",
        ("2023", 8): "Host type is not State, Territory or Institution",
        ("2023", 9): "Host ISO3 of a State or territory is not in the country reference",
        ("2023", 10): "Host ISO3 is given for an institution",
        ("2023", 11): "Status is not a status of the country visits database",
        ("2023", 12): "Date is not a DD Mon YYYY date",
        ("2023", 13): "Date is not in the year of its file",
        ("2023", 14): "Visit start is not a DD Mon YYYY date",
        ("2023", 15): "a Completed event needs Visit start and Visit end",
        ("2023", 16): "the Date of a Completed event is not its Visit end",
        ("2023", 17): "Visit end is before Visit start",
        ("2023", 18): "Visit start, Visit end and Report symbol belong to Completed events only",
        ("2023", 19): "the events of this request disagree on mandate or host",
    }


def test_visit_requests_from_valid_events(con):
    got = rows(con, "select * from staging.stg_visit_requests order by request_id")
    assert got == [
        (50, "SR housing", "Chile", "CHL", "State", date(2022, 2, 10), date(2024, 1, 4), 3),
        (70, "WG arbitrary detention", "Kosovo", "XKX", "Territory", date(2023, 5, 12), date(2023, 5, 12), 1),
        (80, "SR housing", "World Bank", None, "Institution", date(2023, 3, 3), date(2023, 3, 3), 1),
    ]


def test_visit_starting_31_december_counts_for_that_year(con):
    got = rows(
        con,
        "select visit_id, visit_start_date, visit_end_date, visit_year, report_symbol "
        "from staging.stg_visits order by visit_id",
    )
    assert got == [
        (4, date(2023, 12, 31), date(2024, 1, 4), 2023, None),
        (5, date(2023, 5, 8), date(2023, 5, 12), 2023, "A/HRC/56/1/Add.1"),
        (6, date(2023, 3, 1), date(2023, 3, 3), 2023, None),
    ]


def test_standing_invitations(con):
    got = rows(
        con, "select iso3, un_status, extended_date, withdrawn_date from staging.stg_standing_invitations order by iso3"
    )
    assert got == [
        ("CHL", "Member State", date(2009, 1, 1), None),
        ("PSE", "Non-member observer State", date(2015, 1, 1), None),
    ]
    assert {row: reason for row, (_, reason, _) in rejects(con, "standing-invitations").items()} == {
        3: "ISO3 is not in the country reference",
        4: "Status is not Member State or Non-member observer State",
        5: "Status disagrees with the country reference",
        6: "Extended is not a DD Mon YYYY date",
        7: "Withdrawn is not a DD Mon YYYY date",
    }
