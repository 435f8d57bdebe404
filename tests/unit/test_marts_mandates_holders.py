"""Paras 2-5: mandates, positions and holders at the cutoff; shares rounded half up."""

import pytest

from tests.support.marts_fixtures import d, figures, insert, run_marts, staging_connection

GROUPS = [
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States",
    "Western European and other States",
]


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(con, "stg_communications", [{"communication_id": 1, "sent_date": d("2023-05-01"), "sent_year": 2023}])
    insert(
        con,
        "stg_mandates",
        [
            {"mandate": "SR one", "mandate_type": "Thematic", "established_date": d("2000-04-01")},
            {"mandate": "SR new", "mandate_type": "Thematic", "established_date": d("2023-10-10")},
            # ended on the cutoff day: ended by it, not in force
            {
                "mandate": "SR gone",
                "mandate_type": "Country",
                "country_iso3": "AAA",
                "established_date": d("2010-01-01"),
                "ended_date": d("2023-12-31"),
            },
            {
                "mandate": "SR ending",
                "mandate_type": "Country",
                "country_iso3": "BBB",
                "established_date": d("2012-01-01"),
                "ended_date": d("2024-03-01"),
            },
            {"mandate": "SR future", "mandate_type": "Thematic", "established_date": d("2024-01-05")},
        ],
    )
    insert(
        con,
        "stg_mandate_positions",
        [
            {"mandate": "SR one", "position": 1, "created_date": d("2000-04-01")},
            {"mandate": "SR one", "position": 2, "created_date": d("2023-12-31")},  # created on the cutoff
            {"mandate": "SR one", "position": 3, "created_date": d("2000-04-01"), "abolished_date": d("2023-12-31")},
            {"mandate": "SR one", "position": 4, "created_date": d("2000-04-01"), "abolished_date": d("2024-01-01")},
            {"mandate": "SR one", "position": 5, "created_date": d("2024-01-01")},
        ],
    )
    # 32 serving holders, so that every share has a half to round: women 20/32 = 62.5 %,
    # men 12/32 = 37.5 %; groups 1, 3, 5, 7, 16 of 32 = 3.125, 9.375, 15.625, 21.875, 50 %
    group_sizes = [1, 3, 5, 7, 16]
    groups = [g for g, n in zip(GROUPS, group_sizes, strict=False) for _ in range(n)]
    serving = [
        {
            "holder_id": i,
            "mandate": "SR one",
            "gender": "Female" if i <= 20 else "Male",
            "regional_group": groups[i - 1],
            "appointed_date": d("2020-06-01"),
            "term_start_date": d("2020-08-01"),
        }
        for i in range(1, 33)
    ]
    serving[0]["term_end_date"] = d("2024-01-01")  # ends the day after the cutoff: serving
    serving[1]["term_start_date"] = d("2023-12-31")  # starts on the cutoff: serving
    serving[1]["appointed_date"] = d("2023-10-10")
    insert(
        con,
        "stg_holders",
        serving
        + [
            # term ends on the cutoff: end > cutoff fails, not serving
            {
                "holder_id": 40,
                "mandate": "SR one",
                "gender": "Male",
                "regional_group": GROUPS[0],
                "appointed_date": d("2017-06-01"),
                "term_start_date": d("2017-08-01"),
                "term_end_date": d("2023-12-31"),
            },
            # appointed in the year, starts next year: appointed in 2023, not serving
            {
                "holder_id": 41,
                "mandate": "SR new",
                "gender": "Female",
                "regional_group": GROUPS[0],
                "appointed_date": d("2023-12-15"),
                "term_start_date": d("2024-01-01"),
            },
        ],
    )
    run_marts(con)
    return con


def test_mandates_in_force_at_the_cutoff(con):
    f = figures(con)
    assert (f["mandates.total"], f["mandates.thematic"], f["mandates.country"]) == ("3", "2", "1")
    assert f["mandates.established_in_year"] == "1"


def test_positions_created_by_and_not_abolished_by_the_cutoff(con):
    assert figures(con)["mandates.positions"] == "3"


def test_holder_whose_term_ends_on_the_cutoff_is_not_serving(con):
    f = figures(con)
    assert f["holders.serving"] == "32"
    assert f["holders.appointed_in_year"] == "2"


def test_gender_shares_round_half_up_to_whole_percent(con):
    f = figures(con)
    assert (f["holders.women_pct"], f["holders.men_pct"]) == ("63", "38")


def test_regional_shares_round_half_up_to_two_decimals(con):
    f = figures(con)
    assert [
        f[f"holders.region_pct.{g}"]
        for g in ("african", "asia_pacific", "eastern_european", "latin_american_caribbean", "western_european_other")
    ] == ["3.13", "9.38", "15.63", "21.88", "50.00"]
    numbers = dict(
        con.execute(
            "select figure_id, value_number from marts.facts_and_figures where figure_id like 'holders.%pct%'"
        ).fetchall()
    )
    assert str(numbers["holders.region_pct.eastern_european"]) == "15.63"


def test_holders_mart_by_gender_and_region(con):
    rows = con.execute(
        "select group_code, gender, holders_count from marts.mart_holders_by_gender_region "
        "where year = 2023 and group_code = 'african' order by gender"
    ).fetchall()
    # the african holder ending on the cutoff (id 40) is not serving
    assert rows == [("african", "Female", 1), ("african", "Male", 0)]


def test_mandates_by_year_mart(con):
    rows = dict(
        con.execute("select mandate, is_in_force from marts.mart_mandates_by_year where year = 2023").fetchall()
    )
    assert rows == {"SR one": True, "SR new": True, "SR gone": False, "SR ending": True}
