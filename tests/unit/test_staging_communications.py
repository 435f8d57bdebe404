"""Staging of communications, their mandates/addressees/tags, replies and follow-ups."""

from __future__ import annotations

from datetime import date

import pytest

from flows.transform import TransformError
from tests.support.staging import (
    APG,
    HEADER,
    WEOG,
    assert_balanced,
    csv_text,
    landed,
    letter,
    mandates_file,
    rejects,
    rows,
    stage,
)

LETTERS_2022 = [letter("5", "20 Dec 2022", ref="IRN 7/2022", country="Iran", mandates="SR Iran", region=APG)]
LETTERS_2023 = [
    letter("10", tags="reprisals"),
    letter(
        "11",
        kind="JUA",
        ref="OTH 1/2023",
        country="Other",
        actors=" Acme Corp ; World Bank",
        region="",
        mandates="SR housing ; SR Iran",
        victims="0",
        women="0",
    ),
    letter("12", kind="JOL", ref="IRN 1/2023", country="Iran", mandates="SR Iran;WG arbitrary detention", region=APG),
    letter("g13"),  # 4
    letter("14", when="2023-03-10"),  # 5
    letter("15", when="10 Mar 2022"),  # 6
    letter("16", kind="XX"),  # 7
    letter("17", ref="FRA-17-2023"),  # 8
    letter("18", ref="ZZZ 1/2023"),  # 9
    letter("19", mandates=""),  # 10
    letter("20", mandates="SR nobody"),  # 11
    letter("21", kind="JAL", mandates="SR housing; SR housing"),  # 12
    letter("22", kind="JAL"),  # 13
    letter("23", mandates="SR housing; SR Iran"),  # 14
    letter("24", ref="OTH 2/2023", country="Other", region=""),  # 15
    letter("25", actors="Acme Corp"),  # 16
    letter("26", ref="OTH 3/2023", country="Other", actors="Acme; Acme", region=""),  # 17
    letter("27", ref="OTH 4/2023", country="Other", actors="Acme", region=WEOG),  # 18
    letter("28", region="Europe"),  # 19
    letter("29", victims="two"),  # 20
    letter("30", women="-1"),  # 21
    letter("31", victims="1", women="2"),  # 22
    letter("32", tags="reprisals; reprisals"),  # 23
]
REPLIES = csv_text(
    ["Reply gId", "Ref. no.", "Date", "From", "Substantive"],
    [
        ["100", "FRA 10/2023", "05 Apr 2023", "France", "Yes"],
        ["101", "IRN 7/2022", "15 Jan 2023", "Iran", "No"],  # answers a letter of the year before
        ["102", "FRA 99/2023", "05 Apr 2023", "France", "Yes"],  # 3
        ["103", "FRA 16/2023", "05 Apr 2023", "France", "Yes"],  # 4: its letter was rejected
        ["104", "FRA 10/2023", "05 Apr 2022", "France", "Yes"],  # 5
        ["105", "FRA 10/2023", "05 Apr 2023", "France", "yes"],  # 6
        ["x", "FRA 10/2023", "05 Apr 2023", "France", "Yes"],  # 7
    ],
)
FOLLOWUPS = csv_text(
    ["gId", "Date", "Ref. no.", "Mandates"],
    [
        ["200", "01 Jun 2023", "IRN 7/2022", "SR Iran"],
        ["201", "01 Jun 2023", "IRN 9/2022", "SR Iran"],  # 2
        ["202", "01 Jun 2023", "IRN 7/2022", "SR Iran; SR nobody"],  # 3
        ["203", "31 Jun 2023", "IRN 7/2022", "SR Iran"],  # 4
    ],
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("communications")
    return stage(
        [
            mandates_file(folder),
            landed(folder, "communications", "communications-2022-001.csv", csv_text(HEADER, LETTERS_2022), year=2022),
            landed(folder, "communications", "communications-2023-001.csv", csv_text(HEADER, LETTERS_2023)),
            landed(folder, "replies", "replies-2023-001.csv", REPLIES),
            landed(folder, "followups", "followups-2023.csv", FOLLOWUPS),
        ]
    )


def test_communications_typed(con):
    got = rows(
        con,
        "select communication_id, ref_no, addressee_code, addressee_iso3, is_non_state, sent_date, "
        "sent_year, is_joint, un_region, victims_count, victims_women_count, is_reprisal, mandates, "
        "non_state_actors, tags from staging.stg_communications order by communication_id",
    )
    assert got == [
        (5, "IRN 7/2022", "IRN", "IRN", False, date(2022, 12, 20), 2022, False, APG, 2, 1, False, ["SR Iran"], [], []),
        (
            10,
            "FRA 10/2023",
            "FRA",
            "FRA",
            False,
            date(2023, 3, 10),
            2023,
            False,
            WEOG,
            2,
            1,
            True,
            ["SR housing"],
            [],
            ["reprisals"],
        ),
        (
            11,
            "OTH 1/2023",
            "OTH",
            None,
            True,
            date(2023, 3, 10),
            2023,
            True,
            None,
            0,
            0,
            False,
            ["SR housing", "SR Iran"],
            ["Acme Corp", "World Bank"],
            [],
        ),
        (
            12,
            "IRN 1/2023",
            "IRN",
            "IRN",
            False,
            date(2023, 3, 10),
            2023,
            True,
            APG,
            2,
            1,
            False,
            ["SR Iran", "WG arbitrary detention"],
            [],
            [],
        ),
    ]
    assert_balanced(con, "raw_communications", "stg_communications", "communications")


def test_communication_rejects_first_failing_rule(con):
    found = rejects(con, "communications")
    assert {row: reason for row, (_, reason, _) in found.items()} == {
        4: "gId is not a whole number",
        5: "Date is not a DD Mon YYYY date",
        6: "Date is not in the year of its file",
        7: "Type is not AL, UA, OL, JAL, JUA or JOL",
        8: "Ref. no. is not CODE n/YYYY",
        9: "the code of Ref. no. is not in the country reference",
        10: "Mandates is empty",
        11: "Mandates names a mandate not in mandates.csv",
        12: "Mandates names a mandate twice",
        13: "a joint Type needs two or more Mandates",
        14: "a Type that is not joint needs exactly one mandate",
        15: "Non-State actors must be given exactly when the code is OTH",
        16: "Non-State actors must be given exactly when the code is OTH",
        17: "Non-State actors names an actor twice",
        18: "UN Region is given for non-State actors",
        19: "UN Region is not a regional group",
        20: "Nb. of alleged victims is not a whole number",
        21: "Nb. of alleged victims (women) is not a whole number",
        22: "more women than alleged victims",
        23: "Tags names a tag twice",
    }
    assert found[11] == ("Mandates", "Mandates names a mandate not in mandates.csv", "SR nobody")
    assert found[22][0] == "Nb. of alleged victims (women)" and found[22][2] == "2"


def test_list_tables(con):
    assert rows(con, "select * from staging.stg_communication_mandates order by all") == [
        (5, "SR Iran"),
        (10, "SR housing"),
        (11, "SR Iran"),
        (11, "SR housing"),
        (12, "SR Iran"),
        (12, "WG arbitrary detention"),
    ]
    assert rows(con, "select * from staging.stg_communication_addressees order by all") == [
        (5, "State", "Iran (Islamic Republic of)", "IRN"),
        (10, "State", "France", "FRA"),
        (11, "Non-State actor", "Acme Corp", None),
        (11, "Non-State actor", "World Bank", None),
        (12, "State", "Iran (Islamic Republic of)", "IRN"),
    ]
    assert rows(con, "select * from staging.stg_communication_tags") == [(10, "reprisals")]


def test_replies_resolve_to_communications_of_any_year(con):
    got = rows(
        con,
        "select reply_id, communication_id, received_year, is_substantive from staging.stg_replies order by reply_id",
    )
    assert got == [(100, 10, 2023, True), (101, 5, 2023, False)]
    assert {row: reason for row, (_, reason, _) in rejects(con, "replies").items()} == {
        3: "Ref. no. is not a communication of the source",
        4: "Ref. no. is not a communication of the source",
        5: "Date is not in the year of its file",
        6: "Substantive is not Yes or No",
        7: "Reply gId is not a whole number",
    }
    assert_balanced(con, "raw_replies", "stg_replies", "replies")


def test_followups(con):
    assert rows(con, "select followup_id, sent_year, communication_id, mandates from staging.stg_followups") == [
        (200, 2023, 5, ["SR Iran"])
    ]
    assert {row: reason for row, (_, reason, _) in rejects(con, "followups").items()} == {
        2: "Ref. no. is not a communication of the source",
        3: "Mandates names a mandate not in mandates.csv",
        4: "Date is not a DD Mon YYYY date",
    }


def test_a_ref_no_used_twice_stops_the_run(tmp_path):
    letters = csv_text(HEADER, [letter("1", ref="FRA 1/2023"), letter("2", ref="FRA 1/2023")])
    with pytest.raises(TransformError, match=r"communications/c\.csv row \d: Ref\. no\. FRA 1/2023 occurs 2 times"):
        stage([mandates_file(tmp_path), landed(tmp_path, "communications", "c.csv", letters)])
