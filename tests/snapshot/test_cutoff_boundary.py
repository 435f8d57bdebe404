"""The cutoff rule on a hand-written root: events on the cutoff day count, the day after not.

The root below is small enough to count by hand. The cutoff is 30 June 2023; every dated family
has a row on 30 June and one on 1 July. The expected values are worked out in the comments of
EXPECTED, from docs/figures.md alone, and both the pipeline's SQL and the oracle must give them
(docs/figures.md#cutoff, docs/figures.md#null-and-zero).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.support.oracle import compute_figures
from tests.support.roots import RootFile, write_root
from tests.support.warehouse import build_warehouse, figures, rejects

CUTOFF = date(2023, 6, 30)

MANDATES = """Mandate,Title,Type,Kind,Country ISO3,Established,Resolution,Ended
SR alpha,Special Rapporteur on alpha,Thematic,Special Rapporteur,,01 Jan 2000,1/1,
SR beta,Special Rapporteur on beta,Thematic,Special Rapporteur,,30 Jun 2023,2/2,
SR gamma,Special Rapporteur on gamma,Thematic,Special Rapporteur,,01 Jul 2023,3/3,
SR ended,Special Rapporteur on ended,Thematic,Special Rapporteur,,01 Jan 2010,4/4,30 Jun 2023
SR France,Special Rapporteur on France,Country,Special Rapporteur,FRA,01 Jan 2015,5/5,
"""
POSITIONS = """Mandate,Position,Created,Abolished
SR alpha,1,01 Jan 2000,
SR beta,1,30 Jun 2023,
SR gamma,1,01 Jul 2023,
SR ended,1,01 Jan 2010,30 Jun 2023
SR France,1,01 Jan 2015,
"""
HOLDERS = """Holder id,Name,Mandate,Role,Gender,Nationality,Appointed,Term start,Term end
1,Holder 1,SR alpha,Special Rapporteur,Female,KEN,01 Jan 2020,01 Jan 2020,30 Jun 2023
2,Holder 2,SR alpha,Special Rapporteur,Male,FRA,30 Jun 2023,30 Jun 2023,
3,Holder 3,SR beta,Special Rapporteur,Female,BRA,01 Jul 2023,01 Jul 2023,
4,Holder 4,SR France,Special Rapporteur,Female,JPN,01 Jan 2015,01 Jan 2015,
"""
COMMUNICATIONS = """gId,Date,Type,Ref. no.,Country,Non-State actors,Mandates,Summary,UN Region,OHCHR Region,Nb. of alleged victims,Nb. of alleged victims (women),Tags
1,30 Jun 2023,AL,FRA 1/2023,France,,SR alpha,A summary.,Western European and other States,Europe and Central Asia,2,1,reprisals
2,01 Jul 2023,JAL,KEN 1/2023,Kenya,,SR alpha;SR beta,A summary.,African States,Africa,5,5,reprisals
"""
REPLIES = """From,Ref. no.,Reply gId,Substantive,Date
France,FRA 1/2023,11,Yes,30 Jun 2023
France,FRA 1/2023,12,Yes,01 Jul 2023
Kenya,KEN 1/2023,13,Yes,01 Jul 2023
"""
VISIT_EVENTS = """Event id,Request id,Mandate,Host,Host ISO3,Host type,Status,Date,Visit start,Visit end,Report symbol
1,1,SR France,France,FRA,State,Requested,01 Mar 2023,,,
2,1,SR France,France,FRA,State,Accepted,01 Jul 2023,,,
3,2,SR alpha,Kenya,KEN,State,Requested,01 Feb 2023,,,
4,2,SR alpha,Kenya,KEN,State,Accepted,01 Mar 2023,,,
5,2,SR alpha,Kenya,KEN,State,Completed,30 Jun 2023,30 Jun 2023,30 Jun 2023,
6,3,SR alpha,Japan,JPN,State,Requested,01 May 2023,,,
7,3,SR alpha,Japan,JPN,State,Accepted,30 Jun 2023,,,
8,3,SR alpha,Japan,JPN,State,Completed,01 Jul 2023,01 Jul 2023,01 Jul 2023,
"""
INVITATIONS = """Country,ISO3,Status,Extended,Withdrawn
France,FRA,Member State,01 Jan 2010,
Kenya,KEN,Member State,01 Jan 2010,30 Jun 2023
Japan,JPN,Member State,01 Jul 2023,
Holy See,VAT,Non-member observer State,30 Jun 2023,
"""
OPINIONS = """Opinion,Country ISO3,Adopted,Persons,Arbitrary
1/2023,FRA,30 Jun 2023,1,Yes
2/2023,KEN,01 Jul 2023,1,Yes
"""
MEDIA = [
    {
        "id": "pr-1",
        "date": "2023-06-30",
        "type": "press release",
        "title": "On the cutoff",
        "mandates": ["SR alpha"],
        "url": "u1",
    },
    {
        "id": "ms-1",
        "date": "2023-07-01",
        "type": "media statement",
        "title": "The day after",
        "mandates": ["SR alpha"],
        "url": "u2",
    },
]
EVENT = {"place": "Geneva", "participants_in_person": None, "participants_online": None}
EVENTS = [
    {
        **EVENT,
        "id": "e1",
        "name": "Meeting",
        "series": None,
        "type": "expert meeting",
        "start": "2023-06-30",
        "end": "2023-06-30",
    },
    {
        **EVENT,
        "id": "e2",
        "name": "Forum",
        "series": "Forum on Business and Human Rights",
        "type": "forum",
        "start": "2023-07-01",
        "end": "2023-07-02",
        "participants_in_person": 10,
        "participants_online": 20,
        "countries": 3,
        "sessions": 4,
        "panellists": 5,
    },
]

THEMES = ("sdgs", "women_gender", "prevention_peace", "migration", "climate", "new_technologies", "finance_economy")

# Worked out by hand at the cutoff 30 June 2023 (None: a dataset the figure needs has no row
# dated in 2023 in this root: followups, reports, WGEID, WGAD releases, external support).
EXPECTED = {
    # in force at the cutoff: alpha, beta (established on it), France; not gamma (the day
    # after) nor ended (ended on the cutoff day)
    "mandates.total": "3",
    "mandates.thematic": "2",
    "mandates.country": "1",
    "mandates.established_in_year": "1",  # beta; gamma's 1 July does not count
    "mandates.positions": "3",
    # serving: holder 2 (starts on the cutoff), holder 4; not 1 (term ends on the cutoff) nor 3
    "holders.serving": "2",
    "holders.appointed_in_year": "1",  # holder 2; holder 3's 1 July does not count
    "holders.women_pct": "50",  # holder 4 of 2
    "holders.men_pct": "50",  # holder 2 of 2
    "holders.region_pct.african": "0.00",  # holder 1 (Kenya) no longer serves
    "holders.region_pct.asia_pacific": "50.00",  # holder 4 (Japan)
    "holders.region_pct.eastern_european": "0.00",
    "holders.region_pct.latin_american_caribbean": "0.00",  # holder 3 (Brazil) not yet
    "holders.region_pct.western_european_other": "50.00",  # holder 2 (France)
    # visits: Kenya's (starts on the cutoff) counts, Japan's (1 July) does not
    "visits.count": "1",
    "visits.countries_territories": "1",
    "visits.institutions": "0",
    "countries.visited_ever": "1",
    "countries.never_visited": "192",
    # Japan: accepted on the cutoff day; France: its acceptance of 1 July has not happened
    "countries.never_visited.accepted_not_conducted": "1",
    "countries.never_visited.request_not_accepted": "1",
    "countries.never_visited.no_request": "190",
    "visits.countries_5plus_in_5y": "",
    "countries.no_visit_5y": "192",
    "countries.no_visit_5y.with_request": "2",  # France (1 March), Japan (1 May)
    "countries.no_visit_5y.5plus_pending": "0",
    # SR France: its only request (to France) is still pending at the cutoff: denied, not granted
    "country_mandates.access_granted": "",
    "country_mandates.access_denied": "France",
    # France (no withdrawal) and the Holy See (extended on the cutoff); Kenya withdrew on it
    "invitations.member_states": "1",
    "invitations.observer_states": "1",
    "invitations.member_states_pct": "0.52",  # 100 * 1 / 193 = 0.518...
    # communications of 2023 up to the cutoff: FRA 1/2023 only
    "communications.sent": "1",
    "communications.states": "1",
    "communications.non_state_actors": "0",
    "communications.joint": "0",
    "communications.individuals": "2",
    "communications.individuals_women": "1",
    "replies.received": "1",  # reply 11; 12 and 13 came on 1 July
    "replies.received_substantive": "1",
    "replies.to_year_communications": "1",
    "replies.to_year_communications_substantive": "1",
    "replies.response_rate_pct": "100.00",
    "communications.reports_published": None,
    "followups.letters": None,
    "reprisals.communications": "1",
    "reprisals.states": "1",
    "reprisals.non_state_actors": "0",
    "wgeid.cases_transmitted": None,
    "wgeid.cases_urgent_action": None,
    "wgeid.cases_non_state": None,
    "wgeid.cases_non_state.by_area": None,
    "wgeid.cases_clarified": None,
    "wgad.opinions": "1",  # 1/2023; 2/2023 was adopted on 1 July
    "wgad.releases_reported": None,
    "reports.total": None,
    "reports.to_hrc": None,
    "reports.to_ga": None,
    "reports.country_visit": None,
    **{f"themes.{code}.mandates": None for code in THEMES},
    "media.products": "1",
    "media.press_releases": "1",
    "media.media_advisories": "0",
    "media.media_statements": "0",  # the statement of 1 July does not count
    "events.count": "1",
    # the forum starts on 1 July: at the cutoff the year (covered by the events) has none, so
    # its counts are 0, not null
    "events.minority_forum.participants": "0",
    "events.business_forum.in_person": "0",
    "events.business_forum.online": "0",
    "events.business_forum.countries": "0",
    "events.business_forum.sessions": "0",
    "events.business_forum.panellists": "0",
    "external_support.responded": None,
    "external_support.received": None,
}


def _csv(path: str, text: str, dataset: str, year: int | None = None) -> RootFile:
    return RootFile(path, text.encode("utf-8"), dataset, "csv", len(text.splitlines()) - 1, year)


def boundary_files() -> list[RootFile]:
    media = "".join(json.dumps(m) + "\n" for m in MEDIA).encode("utf-8")
    return [
        _csv("mandates/mandates.csv", MANDATES, "mandates"),
        _csv("mandates/positions.csv", POSITIONS, "positions"),
        _csv("mandates/holders.csv", HOLDERS, "holders"),
        _csv("communications/communications-2023-001.csv", COMMUNICATIONS, "communications", 2023),
        _csv("communications/replies-2023-001.csv", REPLIES, "replies", 2023),
        _csv("visits/visit-events-2023.csv", VISIT_EVENTS, "visit-events", 2023),
        _csv("visits/standing-invitations.csv", INVITATIONS, "standing-invitations"),
        _csv("wgad/opinions-2023.csv", OPINIONS, "wgad-opinions", 2023),
        RootFile("media/media-2023.jsonl", media, "media", "jsonl", len(MEDIA), 2023),
        RootFile("events/events-2023.json", json.dumps(EVENTS).encode("utf-8"), "events", "json", len(EVENTS), 2023),
    ]


@pytest.fixture(scope="module")
def boundary_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("boundary") / "root"
    write_root(root, boundary_files())
    return root


@pytest.fixture(scope="module")
def boundary_warehouse(boundary_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(boundary_root, tmp_path_factory.mktemp("boundary-wh"), year=2023, cutoff=CUTOFF)


def test_the_expected_values_name_every_figure(boundary_root: Path) -> None:
    assert EXPECTED.keys() == compute_figures(boundary_root, 2023, CUTOFF).keys()


def test_the_root_is_read_whole(boundary_warehouse: Path) -> None:
    assert rejects(boundary_warehouse) == []


@pytest.mark.parametrize("figure_id", list(EXPECTED))
def test_the_pipeline_counts_up_to_the_cutoff(boundary_warehouse: Path, figure_id: str) -> None:
    assert figures(boundary_warehouse, 2023)[figure_id] == EXPECTED[figure_id]


@pytest.mark.parametrize("figure_id", list(EXPECTED))
def test_the_oracle_counts_up_to_the_cutoff(boundary_root: Path, figure_id: str) -> None:
    assert compute_figures(boundary_root, 2023, CUTOFF)[figure_id] == EXPECTED[figure_id]
