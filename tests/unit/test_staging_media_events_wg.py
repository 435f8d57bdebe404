"""Staging of media (JSON Lines), events (JSON), WGEID cases/clarifications and WGAD opinions/releases."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.support.staging import assert_balanced, csv_text, landed, mandates_file, rejects, rows, stage


def media(mid, day="2023-01-05", kind="press release", mandates=("SR housing",)):
    return json.dumps(
        {
            "id": mid,
            "date": day,
            "type": kind,
            "title": f"Title {mid}",
            "mandates": list(mandates) if isinstance(mandates, tuple) else mandates,
            "url": f"https://x/{mid}",
        }
    )


MEDIA = (
    "\n".join(
        [
            media("pr-1", mandates=("SR housing", " SR Iran ")),
            media("ma-1", kind="media advisory", mandates=()),
            media(""),  # 3
            media("pr-4", day="05 Jan 2023"),  # 4
            media("pr-5", day="2022-12-31"),  # 5
            media("pr-6", kind="tweet"),  # 6
            media("pr-7", mandates="SR housing"),  # 7: a string, not a list
            media("pr-8", mandates=("SR nobody",)),  # 8
            media("pr-9", mandates=("SR Iran", "SR Iran")),  # 9
        ]
    )
    + "\n"
)


def event(eid, start="2023-11-27", end="2023-11-29", kind="forum", series=None, **counts):
    base = {
        "participants_in_person": 483,
        "participants_online": 1510,
        "countries": 144,
        "sessions": 39,
        "panellists": 219,
    }
    base.update(counts)
    return {
        "id": eid,
        "name": f"Event {eid}",
        "series": series,
        "type": kind,
        "start": start,
        "end": end,
        "place": "Geneva",
        **base,
    }


EVENTS = json.dumps(
    [
        event("e1", series="Forum on Business and Human Rights"),
        event("e2", kind="seminar", participants_in_person=None, countries=None),
        event(None),  # 3
        event("e4", kind="gala"),  # 4
        event("e5", start="27/11/2023"),  # 5
        event("e6", start="2022-11-27"),  # 6
        event("e7", end=None),  # 7
        event("e8", end="2023-11-20"),  # 8
        event("e9", participants_in_person=12.5),  # 9
        event("e10", participants_online="many"),  # 10
        event("e11", countries=-3),  # 11
        event("e12", sessions=[1]),  # 12
        event("e13", panellists=True),  # 13
    ],
    indent=1,
)
CASES = csv_text(
    ["Case id", "Country ISO3", "Transmitted", "Procedure", "Alleged perpetrator", "Area"],
    [
        ["1", "SYR", "10 Feb 2023", "Standard", "Non-State", "North-east"],
        ["2", "YEM", "11 Feb 2023", "Urgent action", "State", ""],
        ["3a", "YEM", "11 Feb 2023", "Standard", "State", ""],  # 3
        ["4", "XYZ", "11 Feb 2023", "Standard", "State", ""],  # 4
        ["5", "YEM", "", "Standard", "State", ""],  # 5
        ["6", "YEM", "11 Feb 2022", "Standard", "State", ""],  # 6
        ["7", "YEM", "11 Feb 2023", "Urgent", "State", ""],  # 7
        ["8", "YEM", "11 Feb 2023", "Standard", "Unknown", ""],  # 8
    ],
)
CLARIFIED = csv_text(
    ["Case id", "Clarified", "Basis"],
    [
        ["17", "01 Mar 2023", "Government"],  # transmitted long ago: not in the cases files, still valid
        ["", "01 Mar 2023", "Sources"],  # 2
        ["18", "01 Mar 2024", "Sources"],  # 3
        ["19", "01 Mar 2023", "Rumour"],  # 4
    ],
)
OPINIONS_HEADER = ["Opinion", "Country ISO3", "Adopted", "Persons", "Arbitrary"]
OPINIONS_2022 = csv_text(OPINIONS_HEADER, [["12/2022", "EGY", "01 Apr 2022", "3", "Yes"]])
OPINIONS_2023 = csv_text(
    OPINIONS_HEADER,
    [
        ["1/2023", "TUR", "01 Apr 2023", "1", "No"],
        ["Opinion 2", "TUR", "01 Apr 2023", "1", "No"],  # 2
        ["3/2023", "", "01 Apr 2023", "1", "No"],  # 3
        ["4/2023", "TUR", "1 April", "1", "No"],  # 4
        ["5/2023", "TUR", "01 Apr 2024", "1", "No"],  # 5
        ["6/2023", "TUR", "01 Apr 2023", "some", "No"],  # 6
        ["7/2023", "TUR", "01 Apr 2023", "1", "Y"],  # 7
    ],
)
RELEASES = csv_text(
    ["Opinion", "Person", "Reported"],
    [
        ["12/2022", "1", "05 May 2023"],  # an opinion of the year before
        ["12/2022", "3", "05 May 2023"],
        ["99/2022", "1", "05 May 2023"],  # 3
        ["12/2022", "4", "05 May 2023"],  # 4
        ["12/2022", "0", "05 May 2023"],  # 5
        ["12/2022", "2", "May 2023"],  # 6
        ["12/2022", "2", "05 May 2022"],  # 7
        ["6/2023", "1", "05 May 2023"],  # 8: its opinion was rejected
        ["40/2019", "2", "05 May 2023"],  # older than every opinion of the root: kept
    ],
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("others")
    return stage(
        [
            mandates_file(folder),
            landed(folder, "media", "media-2023.jsonl", MEDIA, fmt="jsonl"),
            landed(folder, "events", "events-2023.json", EVENTS, fmt="json"),
            landed(folder, "wgeid-cases", "cases-2023.csv", CASES),
            landed(folder, "wgeid-clarifications", "clarifications-2023.csv", CLARIFIED),
            landed(folder, "wgad-opinions", "opinions-2022.csv", OPINIONS_2022, year=2022),
            landed(folder, "wgad-opinions", "opinions-2023.csv", OPINIONS_2023),
            landed(folder, "wgad-releases", "releases-2023.csv", RELEASES),
        ]
    )


def reasons(con, dataset):
    return {row: reason for row, (_, reason, _) in rejects(con, dataset).items()}


def test_media(con):
    assert rows(con, "select media_id, media_date, media_type, mandates from staging.stg_media order by _row") == [
        ("pr-1", date(2023, 1, 5), "press release", ["SR housing", "SR Iran"]),
        ("ma-1", date(2023, 1, 5), "media advisory", []),
    ]
    assert reasons(con, "media") == {
        3: "id is empty",
        4: "date is not a YYYY-MM-DD date",
        5: "date is not in the year of its file",
        6: "type is not press release, media advisory or media statement",
        7: "mandates is not a JSON list",
        8: "mandates names a mandate not in mandates.csv",
        9: "mandates names a mandate twice",
    }
    assert_balanced(con, "raw_media", "stg_media", "media")


def test_events(con):
    got = rows(
        con,
        "select event_id, series, event_type, start_date, end_date, participants_in_person_count, "
        "participants_online_count, countries_count, sessions_count, panellists_count "
        "from staging.stg_events order by _row",
    )
    assert got == [
        (
            "e1",
            "Forum on Business and Human Rights",
            "forum",
            date(2023, 11, 27),
            date(2023, 11, 29),
            483,
            1510,
            144,
            39,
            219,
        ),
        ("e2", None, "seminar", date(2023, 11, 27), date(2023, 11, 29), None, 1510, None, 39, 219),
    ]
    assert reasons(con, "events") == {
        3: "id is empty",
        4: "type is not forum, consultation, expert meeting, seminar or event",
        5: "start is not a YYYY-MM-DD date",
        6: "start is not in the year of its file",
        7: "end is not a YYYY-MM-DD date",
        8: "end is before start",
        9: "participants_in_person is not a whole number",
        10: "participants_online is not a whole number",
        11: "countries is not a whole number",
        12: "sessions is not a whole number",
        13: "panellists is not a whole number",
    }
    assert rejects(con, "events")[9] == (
        "participants_in_person",
        "participants_in_person is not a whole number",
        "12.5",
    )


def test_wgeid(con):
    assert rows(
        con,
        "select case_id, country_iso3, is_urgent_action, is_non_state, area from staging.stg_wgeid_cases "
        "order by case_id",
    ) == [(1, "SYR", False, True, "North-east"), (2, "YEM", True, False, None)]
    assert reasons(con, "wgeid-cases") == {
        3: "Case id is not a whole number",
        4: "Country ISO3 is not in the country reference",
        5: "Transmitted is not a DD Mon YYYY date",
        6: "Transmitted is not in the year of its file",
        7: "Procedure is not Urgent action or Standard",
        8: "Alleged perpetrator is not State or Non-State",
    }
    assert rows(con, "select * exclude (_source_file, _row) from staging.stg_wgeid_clarifications") == [
        (17, date(2023, 3, 1), "Government")
    ]
    assert reasons(con, "wgeid-clarifications") == {
        2: "Case id is not a whole number",
        3: "Clarified is not in the year of its file",
        4: "Basis is not Government or Sources",
    }


def test_wgad(con):
    assert rows(con, "select opinion_id, persons_count, is_arbitrary from staging.stg_wgad_opinions order by all") == [
        ("1/2023", 1, False),
        ("12/2022", 3, True),
    ]
    assert reasons(con, "wgad-opinions") == {
        2: "Opinion is not n/YYYY",
        3: "Country ISO3 is not in the country reference",
        4: "Adopted is not a DD Mon YYYY date",
        5: "Adopted is not in the year of its file",
        6: "Persons is not a whole number",
        7: "Arbitrary is not Yes or No",
    }
    assert rows(con, "select opinion_id, person_number, reported_date from staging.stg_wgad_releases order by all") == [
        ("12/2022", 1, date(2023, 5, 5)),
        ("12/2022", 3, date(2023, 5, 5)),
        ("40/2019", 2, date(2023, 5, 5)),
    ]
    person = "Person is not a number from 1 to the Persons of the opinion"
    unknown = "Opinion is not an opinion of the source nor older than its opinions"
    assert reasons(con, "wgad-releases") == {
        3: unknown,
        4: person,
        5: person,
        6: "Reported is not a DD Mon YYYY date",
        7: "Reported is not in the year of its file",
        8: unknown,
    }
    assert_balanced(con, "raw_wgad_releases", "stg_wgad_releases", "wgad-releases")
