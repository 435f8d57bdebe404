"""Paras 10-30, 69: WGEID and WGAD, reports and themes, media, events, external support."""

import pytest

from tests.support.marts_fixtures import country, d, figures, insert, run_marts, staging_connection


def case(cid, iso3, day, urgent=False, non_state=False, area=None):
    return {
        "case_id": cid,
        "country_iso3": iso3,
        "transmitted_date": d(day),
        "is_urgent_action": urgent,
        "procedure": "Urgent action" if urgent else "Standard",
        "is_non_state": non_state,
        "alleged_perpetrator": "Non-State" if non_state else "State",
        "area": area,
    }


def report(rid, symbol, day, kind, authors=("SR food",), themes=()):
    body = "hrc" if symbol.startswith("A/HRC/") else "ga"
    return (
        {
            "report_id": rid,
            "symbol": symbol,
            "issued_date": d(day),
            "issued_year": int(day[:4]),
            "body_code": body,
            "document_type": kind,
        },
        [{"report_id": rid, "mandate": m} for m in authors],
        [{"report_id": rid, "theme_code": t} for t in themes],
    )


@pytest.fixture(scope="module")
def con():
    con = staging_connection()
    insert(
        con,
        "stg_countries",
        [
            country("AFG", "Afghanistan", "Asia-Pacific States"),
            country("SYR", "Syrian Arab Republic", "Asia-Pacific States"),
            country("YEM", "Yemen", "Asia-Pacific States"),
            country("TKM", "Turkmenistan", "Asia-Pacific States"),
            country("TUR", "Türkiye", "Western European and other States"),
        ],
    )
    insert(con, "stg_communications", [{"communication_id": 1, "sent_date": d("2023-05-01"), "sent_year": 2023}])
    insert(
        con,
        "stg_wgeid_cases",
        [
            case(1, "SYR", "2023-02-01", urgent=True, non_state=True, area="North-east"),
            case(2, "SYR", "2023-03-01", non_state=True, area="North-east"),
            case(3, "AFG", "2023-04-01", non_state=True),
            case(4, "AFG", "2023-05-01", urgent=True),
            case(5, "YEM", "2023-06-01", non_state=True, area=""),
            case(6, "TUR", "2023-07-01", non_state=True),
            case(7, "TKM", "2023-08-01", non_state=True),
            case(8, "YEM", "2022-12-31", non_state=True),
        ],
    )
    insert(
        con,
        "stg_wgeid_clarifications",
        [
            {"case_id": i, "clarified_date": d(day)}
            for i, day in ((1, "2023-03-03"), (2, "2023-12-31"), (3, "2022-06-01"))
        ],
    )
    insert(
        con,
        "stg_wgad_opinions",
        [
            {"opinion_id": o, "adopted_date": d(day), "persons_count": 3}
            for o, day in (("1/2023", "2023-04-01"), ("2/2023", "2023-11-30"), ("10/2022", "2022-05-01"))
        ],
    )
    insert(
        con,
        "stg_wgad_releases",
        [
            {"opinion_id": "10/2022", "person_number": 1, "reported_date": d("2023-02-01")},
            {"opinion_id": "10/2022", "person_number": 2, "reported_date": d("2023-09-01")},
            {"opinion_id": "10/2022", "person_number": 3, "reported_date": d("2022-10-01")},  # reported before Y
            {"opinion_id": "5/2019", "person_number": 1, "reported_date": d("2023-03-01")},  # opinion not in the root
            {"opinion_id": "1/2023", "person_number": 1, "reported_date": d("2023-06-01")},  # opinion of Y itself
        ],
    )
    reports = [
        report("1", "A/HRC/53/27", "2023-04-01", "Thematic report", ["SR education"], ["sdgs"]),
        report("2", "A/78/160", "2023-07-20", "Thematic report", ["SR health", "SR food"], ["climate", "sdgs"]),
        # a thematic addendum: counted as thematic, not as a country visit report
        report("3", "A/HRC/53/38/Add.3", "2023-05-01", "Thematic report", ["SR water"]),
        report("4", "A/HRC/53/40/Add.1", "2023-05-02", "Country visit report", ["SR water"]),
        report("5", "A/HRC/54/67/Corr.1", "2023-09-01", "Corrigendum", ["IE albinism"], ["climate"]),
        report("6", "A/HRC/54/80", "2023-08-20", "Communications report"),
        report("7", "A/HRC/55/1", "2023-12-20", "Annual report"),
        report("8", "A/HRC/55/2", "2023-12-21", "Forum report"),
        report("9", "A/HRC/52/9", "2022-12-30", "Thematic report", ["SR toxics"], ["sdgs"]),
    ]
    insert(con, "stg_reports", [r for r, _, _ in reports])
    insert(con, "stg_report_authors", [a for _, authors, _ in reports for a in authors])
    insert(con, "stg_report_themes", [t for _, _, themes in reports for t in themes])
    insert(
        con,
        "stg_media",
        [
            {"media_id": str(i), "media_date": d(day), "media_type": kind}
            for i, (day, kind) in enumerate(
                [
                    ("2023-01-05", "press release"),
                    ("2023-12-31", "press release"),
                    ("2023-03-05", "media advisory"),
                    ("2023-06-05", "media statement"),
                    ("2022-12-31", "press release"),
                ]
            )
        ],
    )
    insert(
        con,
        "stg_events",
        [
            {
                "event_id": "e1",
                "series": "Forum on Minority Issues",
                "start_date": d("2023-11-30"),
                "participants_in_person_count": 300,
                "participants_online_count": 260,
            },
            {
                "event_id": "e2",
                "series": "Forum on Business and Human Rights",
                "start_date": d("2023-11-27"),
                "participants_in_person_count": 10,
                "participants_online_count": 20,
                "countries_count": 5,
                "sessions_count": 3,
                "panellists_count": 7,
            },
            {"event_id": "e3", "start_date": d("2023-03-01")},
            {"event_id": "e4", "start_date": d("2022-12-30"), "end_date": d("2023-01-02")},
        ],
    )
    insert(
        con,
        "stg_external_support",
        [
            {"survey_year": 2023, "holder_id": 1, "has_responded": True, "has_external_support": True},
            {"survey_year": 2023, "holder_id": 2, "has_responded": True, "has_external_support": False},
            {"survey_year": 2023, "holder_id": 3, "has_responded": False},
            {"survey_year": 2022, "holder_id": 1, "has_responded": True, "has_external_support": True},
        ],
    )
    run_marts(con)
    return con


def test_wgeid_cases_and_clarifications(con):
    f = figures(con)
    assert (f["wgeid.cases_transmitted"], f["wgeid.cases_urgent_action"], f["wgeid.cases_non_state"]) == ("7", "2", "6")
    assert f["wgeid.cases_clarified"] == "2"


def test_wgeid_by_area_sorted_by_code_point(con):
    value = figures(con)["wgeid.cases_non_state.by_area"]
    items = ["Afghanistan:1", "Syrian Arab Republic (north-east):2", "Yemen:1", "Türkiye:1", "Turkmenistan:1"]
    # code point order puts "Turkmenistan" before "Türkiye" (a locale collation would not)
    assert value == "; ".join(sorted(items))
    assert value.index("Turkmenistan") < value.index("Türkiye")


def test_wgad_opinions_and_releases_of_earlier_opinions(con):
    f = figures(con)
    assert f["wgad.opinions"] == "2"
    assert f["wgad.releases_reported"] == "3"


def test_reports_presented_exclude_corrigenda_and_communications_reports(con):
    f = figures(con)
    assert (f["reports.total"], f["reports.to_hrc"], f["reports.to_ga"]) == ("4", "3", "1")
    assert f["reports.country_visit"] == "1"  # the thematic addendum is not one


def test_theme_mandates(con):
    f = figures(con)
    assert f["themes.sdgs.mandates"] == "SR education; SR food; SR health"
    assert f["themes.climate.mandates"] == "IE albinism; SR food; SR health"
    assert f["themes.migration.mandates"] == ""


def test_media_events_support(con):
    f = figures(con)
    assert [
        f[k] for k in ("media.products", "media.press_releases", "media.media_advisories", "media.media_statements")
    ] == ["4", "2", "1", "1"]
    assert f["events.count"] == "3"
    assert f["events.minority_forum.participants"] == "560"
    assert [
        f[f"events.business_forum.{k}"] for k in ("in_person", "online", "countries", "sessions", "panellists")
    ] == ["10", "20", "5", "3", "7"]
    assert (f["external_support.responded"], f["external_support.received"]) == ("2", "1")


def test_reports_mart_by_body_and_type(con):
    rows = con.execute(
        "select body_code, document_type, is_counted_in_total, reports_count "
        "from marts.mart_reports_by_body_type where year = 2023 and body_code = 'hrc' "
        "order by document_type"
    ).fetchall()
    assert ("hrc", "Corrigendum", False, 1) in rows and ("hrc", "Thematic report", True, 2) in rows
