"""Staging of mandates, positions, holders and the external-support survey."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.staging import (
    assert_balanced,
    csv_text,
    landed,
    mandates_file,
    rejects,
    rows,
    stage,
)

BAD_MANDATES = [
    ["", "No name", "Thematic", "Special Rapporteur", "", "01 Jan 2001", "1/1", ""],  # 4
    ["SR x", "T", "Regional", "Special Rapporteur", "", "01 Jan 2001", "1/1", ""],  # 5
    ["SR y", "T", "Thematic", "Rapporteur", "", "01 Jan 2001", "1/1", ""],  # 6
    ["SR z", "T", "Country", "Special Rapporteur", "", "01 Jan 2001", "1/1", ""],  # 7
    ["SR w", "T", "Thematic", "Special Rapporteur", "FRA", "01 Jan 2001", "1/1", ""],  # 8
    ["SR v", "T", "Country", "Special Rapporteur", "ZZZ", "01 Jan 2001", "1/1", ""],  # 9
    ["SR u", "T", "Thematic", "Special Rapporteur", "", "2001-01-01", "1/1", ""],  # 10
    ["SR t", "T", "Thematic", "Special Rapporteur", "", "01 Jan 2001", "1/1", "soon"],  # 11
    ["SR ended", "T", "Thematic", "Independent Expert", "", "01 Jan 2001", "1/1", "31 Dec 2023"],  # 12 good
]
POSITIONS = csv_text(
    ["Mandate", "Position", "Created", "Abolished"],
    [
        ["SR housing", "1", "17 Apr 2000", ""],
        ["WG arbitrary detention", "2", "05 Mar 1991", "01 Jan 2020"],
        ["SR nobody", "1", "01 Jan 2001", ""],  # 3
        ["SR housing", "1.0", "01 Jan 2001", ""],  # 4
        ["SR Iran", "1", "", ""],  # 5
    ],
)
HOLDERS_HEADER = [
    "Holder id",
    "Name",
    "Mandate",
    "Role",
    "Gender",
    "Nationality",
    "Appointed",
    "Term start",
    "Term end",
]
HOLDERS = csv_text(
    HOLDERS_HEADER,
    [
        ["1", "A", "SR housing", "Special Rapporteur", "Female", "BRA", "01 Apr 2020", "01 May 2020", ""],
        ["2", "B", "SR Iran", "Special Rapporteur", "Male", "PAK", "01 Jul 2017", "01 Aug 2017", "31 Dec 2023"],
        ["x", "C", "SR housing", "Special Rapporteur", "Male", "FRA", "01 Apr 2020", "01 May 2020", ""],  # 3
        ["4", "", "SR housing", "Special Rapporteur", "Male", "FRA", "01 Apr 2020", "01 May 2020", ""],  # 4
        ["5", "E", "SR gone", "Special Rapporteur", "Male", "FRA", "01 Apr 2020", "01 May 2020", ""],  # 5
        ["6", "F", "SR housing", "Rapporteur", "Male", "FRA", "01 Apr 2020", "01 May 2020", ""],  # 6
        ["7", "G", "SR housing", "Member", "X", "FRA", "01 Apr 2020", "01 May 2020", ""],  # 7
        ["8", "H", "SR housing", "Member", "Male", "XXX", "01 Apr 2020", "01 May 2020", ""],  # 8
        ["9", "I", "SR housing", "Member", "Male", "FRA", "", "01 May 2020", ""],  # 9
        ["10", "J", "SR housing", "Member", "Male", "FRA", "01 Apr 2020", "May 2020", ""],  # 10
        ["11", "K", "SR housing", "Member", "Male", "FRA", "01 Apr 2020", "01 May 2020", "never"],  # 11
        ["12", "L", "SR housing", "Member", "Male", "FRA", "01 Apr 2020", "01 May 2020", "01 Jan 2019"],  # 12
    ],
)
SURVEY = csv_text(
    ["Holder id", "Responded", "External support", "Kind"],
    [
        ["1", "Yes", "Yes", "in kind ; financial"],
        ["2", "No", "", ""],
        ["99", "Yes", "No", ""],  # 3
        ["1", "Maybe", "", ""],  # 4
        ["2", "Yes", "Perhaps", ""],  # 5
        ["2", "No", "Yes", ""],  # 6
        ["2", "Yes", "Yes", "cash"],  # 7
        ["2", "Yes", "No", "financial"],  # 8
    ],
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mandates")
    return stage(
        [
            mandates_file(folder, BAD_MANDATES),
            landed(folder, "positions", "positions.csv", POSITIONS, year=None),
            landed(folder, "holders", "holders.csv", HOLDERS, year=None),
            landed(folder, "external-support", "external-support-2023.csv", SURVEY),
        ]
    )


def test_mandates_typed(con):
    got = rows(
        con,
        "select mandate, mandate_type, mandate_kind, country_iso3, established_date, ended_date, _row "
        "from staging.stg_mandates order by _row",
    )
    assert got[1] == ("SR Iran", "Country", "Special Rapporteur", "IRN", date(2011, 3, 24), None, 2)
    assert got[-1] == ("SR ended", "Thematic", "Independent Expert", None, date(2001, 1, 1), date(2023, 12, 31), 12)
    assert_balanced(con, "raw_mandates", "stg_mandates", "mandates")


def test_mandate_rejects(con):
    assert rejects(con, "mandates") == {
        4: ("Mandate", "Mandate is empty", None),
        5: ("Type", "Type is not Thematic or Country", "Regional"),
        6: ("Kind", "Kind is not Special Rapporteur, Independent Expert or Working Group", "Rapporteur"),
        7: ("Country ISO3", "a country mandate has no Country ISO3", None),
        8: ("Country ISO3", "a thematic mandate has a Country ISO3", "FRA"),
        9: ("Country ISO3", "Country ISO3 is not in the country reference", "ZZZ"),
        10: ("Established", "Established is not a DD Mon YYYY date", "2001-01-01"),
        11: ("Ended", "Ended is not a DD Mon YYYY date", "soon"),
    }


def test_positions(con):
    assert rows(
        con, "select mandate, position, created_date, abolished_date from staging.stg_mandate_positions order by _row"
    ) == [("SR housing", 1, date(2000, 4, 17), None), ("WG arbitrary detention", 2, date(1991, 3, 5), date(2020, 1, 1))]
    assert {k: v[1] for k, v in rejects(con, "positions").items()} == {
        3: "Mandate is not a mandate of mandates.csv",
        4: "Position is not a whole number from 1",
        5: "Created is not a DD Mon YYYY date",
    }


def test_holders_with_regional_group_and_term_ending_on_the_cutoff(con):
    got = rows(
        con,
        "select holder_id, mandate, gender, nationality_iso3, regional_group, term_end_date "
        "from staging.stg_holders order by holder_id",
    )
    assert got == [
        (1, "SR housing", "Female", "BRA", "Latin American and Caribbean States", None),
        (2, "SR Iran", "Male", "PAK", "Asia-Pacific States", date(2023, 12, 31)),
    ]
    assert {k: v[1] for k, v in rejects(con, "holders").items()} == {
        3: "Holder id is not a whole number",
        4: "Name is empty",
        5: "Mandate is not a mandate of mandates.csv",
        6: "Role is not Special Rapporteur, Independent Expert, Chair-Rapporteur or Member",
        7: "Gender is not Female or Male",
        8: "Nationality is not in the country reference",
        9: "Appointed is not a DD Mon YYYY date",
        10: "Term start is not a DD Mon YYYY date",
        11: "Term end is not a DD Mon YYYY date",
        12: "Term end is before Term start",
    }
    assert_balanced(con, "raw_holders", "stg_holders", "holders")


def test_external_support(con):
    got = rows(
        con,
        "select survey_year, holder_id, has_responded, has_external_support, support_kinds "
        "from staging.stg_external_support order by _row",
    )
    assert got == [(2023, 1, True, True, ["in kind", "financial"]), (2023, 2, False, None, [])]
    assert {k: v[1] for k, v in rejects(con, "external-support").items()} == {
        3: "Holder id is not a holder of holders.csv",
        4: "Responded is not Yes or No",
        5: "External support is not Yes, No or empty",
        6: "External support is given by a holder who did not respond",
        7: "Kind lists something other than in kind or financial",
        8: "Kind is given without External support Yes",
    }
    assert_balanced(con, "raw_external_support", "stg_external_support", "external-support")


def test_a_holder_id_repeated_stops_the_run(tmp_path):
    from flows.transform import TransformError

    twice = csv_text(
        HOLDERS_HEADER,
        [
            ["1", "A", "SR housing", "Special Rapporteur", "Female", "BRA", "01 Apr 2020", "01 May 2020", ""],
            ["1", "B", "SR housing", "Special Rapporteur", "Female", "BRA", "01 Apr 2020", "01 May 2020", ""],
        ],
    )
    with pytest.raises(TransformError, match=r"stg_holders: key \(holder_id\).*holders/holders\.csv row 2"):
        stage([mandates_file(tmp_path), landed(tmp_path, "holders", "holders.csv", twice, year=None)])
