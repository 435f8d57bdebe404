"""An independent computation of every figure of the annual report from a source root.

`compute_figures(root, year, cutoff=None)` follows docs/figures.md literally with plain Python
(csv, json, defusedxml): no DuckDB, no pipeline code, no generator code. It returns
{figure id: value formatted as published}: counts (and `at_least` figures) as integers,
percentages rounded half up, lists sorted by code point and joined by "; ".

The cutoff (docs/figures.md#cutoff): nothing dated after it counts; "in Y" is 1 January of Y to
the cutoff and the five-year window ends at the cutoff. Null and zero
(docs/figures.md#null-and-zero): a count of a year its datasets cover is 0 when nothing
matches; a figure of a year a dataset it needs does not cover is None; a percentage of a whole
of 0 is None.

Readings of docs/figures.md that a SQL implementation must share are marked "DECISION".
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .oracle_sources import Root, countries, figure_kinds, marc_values, parse_date, regional_groups, split_list

PENDING = {"Requested", "Reminder", "Acknowledged", "Postponed"}
GA = re.compile(r"^A/\d+/")
HERE = Path(__file__).resolve().parent


def state_concerned() -> dict[str, str]:
    with open(HERE / "state_concerned.csv", encoding="utf-8", newline="") as handle:
        return {r["country_iso3"]: r["state_iso3"] for r in csv.DictReader(handle)}


def in_year(d: date | None, year: int, cutoff: date) -> bool:
    """Dated in Y as seen at the cutoff: 1 January of Y to the cutoff."""
    return d is not None and d.year == year and d <= cutoff


# the datasets each figure is computed from, by figure id prefix (longest prefix wins); [] =
# states of the world read at the cutoff (mandates, holders, invitations), always computed
NEEDS = {
    "mandates.": [],
    "holders.": [],
    "invitations.": [],
    "external_support.": ["external-support"],
    "visits.": ["visit-events"],
    "countries.": ["visit-events"],
    "country_mandates.": ["visit-events"],
    "communications.": ["communications"],
    "communications.reports_published": ["reports"],
    "replies.received": ["replies"],
    "replies.to_year_communications": ["communications", "replies"],
    "replies.response_rate_pct": ["communications", "replies"],
    "followups.": ["followups"],
    "reprisals.": ["communications"],
    "wgeid.": ["wgeid-cases"],
    "wgeid.cases_clarified": ["wgeid-clarifications"],
    "wgad.opinions": ["wgad-opinions"],
    "wgad.releases_reported": ["wgad-releases"],
    "reports.": ["reports"],
    "themes.": ["reports"],
    "media.": ["media"],
    "events.": ["events"],
}


def needs(figure_id: str) -> list[str]:
    return NEEDS[max((p for p in NEEDS if figure_id.startswith(p)), key=len)]


def covered(src: Root, year: int) -> set[str]:
    """DECISION: a dataset covers a year when it has a row dated in that year (any day of it);
    the survey, when it has an answer for that year."""
    dated = {
        "communications": "Date",
        "replies": "Date",
        "followups": "Date",
        "visit-events": "Date",
        "media": "date",
        "events": "start",
        "wgeid-cases": "Transmitted",
        "wgeid-clarifications": "Clarified",
        "wgad-opinions": "Adopted",
        "wgad-releases": "Reported",
    }
    out = {d for d, column in dated.items() if any(_year(r[column]) == year for r in src.rows(d))}
    if any(_year(marc_values(r, "269")[0]) == year for r in src.rows("reports")):
        out.add("reports")
    if src.rows("external-support", year, any_year=False):
        out.add("external-support")
    return out


def _year(text) -> int | None:
    d = parse_date(text)
    return d.year if d else None


def in_force(row: dict, start: str, end: str, cutoff: date) -> bool:
    """Started on or before the cutoff and not ended by it (an end on the cutoff has ended)."""
    began, ended = parse_date(row[start]), parse_date(row[end])
    return began is not None and began <= cutoff and (ended is None or ended > cutoff)


def compute_figures(root: Path, year: int, cutoff: date | None = None) -> dict[str, str]:
    src = Root(Path(root))
    cutoff = cutoff or date(year, 12, 31)
    ref = countries()
    v: dict[str, object] = {}
    mandates_and_holders(src, year, cutoff, ref, v)
    visits(src, year, cutoff, ref, v)
    communications(src, year, cutoff, v)
    working_groups(src, year, cutoff, ref, v)
    reports_media_events(src, year, cutoff, v)
    there = covered(src, year)
    return {fid: render(kind, v[fid]) if set(needs(fid)) <= there else None for fid, kind in figure_kinds().items()}


def render(kind: str, value) -> str | None:
    if kind.startswith("percent_"):
        part, whole = value
        if not whole:  # a share of nothing is not 0 %: no figure
            return None
        decimals = int(kind[len("percent_") : -2])
        return str((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))
    if kind == "list":
        return "; ".join(sorted(value))
    return str(int(value))


def mandates_and_holders(src: Root, Y: int, cutoff: date, ref: dict, v: dict) -> None:
    mandates = src.rows("mandates")
    live = [m for m in mandates if in_force(m, "Established", "Ended", cutoff)]
    v["mandates.total"] = len(live)
    v["mandates.thematic"] = sum(1 for m in live if m["Type"] == "Thematic")
    v["mandates.country"] = sum(1 for m in live if m["Type"] == "Country")
    v["mandates.established_in_year"] = sum(1 for m in mandates if in_year(parse_date(m["Established"]), Y, cutoff))
    v["mandates.positions"] = sum(1 for p in src.rows("positions") if in_force(p, "Created", "Abolished", cutoff))
    holders = src.rows("holders")
    serving = [h for h in holders if in_force(h, "Term start", "Term end", cutoff)]
    n = len(serving)
    v["holders.serving"] = n
    v["holders.appointed_in_year"] = sum(1 for h in holders if in_year(parse_date(h["Appointed"]), Y, cutoff))
    v["holders.women_pct"] = (sum(1 for h in serving if h["Gender"] == "Female"), n)
    v["holders.men_pct"] = (sum(1 for h in serving if h["Gender"] == "Male"), n)
    code_of = regional_groups()
    by_group = Counter(code_of.get(ref[h["Nationality"]]["regional_group"]) for h in serving)
    for code in code_of.values():
        v[f"holders.region_pct.{code}"] = (by_group[code], n)
    # DECISION: the survey of year Y is the external-support file(s) the manifest lists for Y
    survey = src.rows("external-support", Y, any_year=False)
    answered = [r for r in survey if r["Responded"] == "Yes"]
    v["external_support.responded"] = len(answered)
    v["external_support.received"] = sum(1 for r in answered if r["External support"] == "Yes")


def latest(events: list[dict], at: date) -> dict | None:
    """DECISION: a request's latest event on or before `at`, by date then by Event id."""
    before = [e for e in events if e["_date"] <= at]
    return max(before, key=lambda e: (e["_date"], int(e["Event id"]))) if before else None


def visits(src: Root, Y: int, cutoff: date, ref: dict, v: dict) -> None:
    members = {iso for iso, r in ref.items() if r["un_status"] == "Member State"}
    name = {iso: r["name_en"] for iso, r in ref.items()}
    events = src.rows("visit-events")
    for e in events:
        e["_date"] = parse_date(e["Date"])
        e["_start"] = parse_date(e["Visit start"])
    done = [e for e in events if e["Status"] == "Completed"]
    # DECISION: a visit is dated by its first day (a visit starting after the cutoff has not happened)
    this_year = [e for e in done if in_year(e["_start"], Y, cutoff)]
    v["visits.count"] = len(this_year)
    # DECISION: States and territories are told apart by ISO3, institutions (no ISO3) by name
    v["visits.countries_territories"] = len(
        {e["Host ISO3"] for e in this_year if e["Host type"] in ("State", "Territory")}
    )
    v["visits.institutions"] = len({e["Host"] for e in this_year if e["Host type"] == "Institution"})
    visited = {e["Host ISO3"] for e in done if e["_start"] <= cutoff} & members
    never = members - visited
    # DECISION: the never-visited reasons are read at the cutoff (later events do not count)
    known = [e for e in events if e["_date"] <= cutoff]
    accepted = {e["Host ISO3"] for e in known if e["Status"] in ("Accepted", "Dates proposal")}
    requested = {e["Host ISO3"] for e in known}
    v["countries.visited_ever"] = len(visited)
    v["countries.never_visited"] = len(never)
    v["countries.never_visited.accepted_not_conducted"] = len(never & accepted)
    v["countries.never_visited.request_not_accepted"] = len((never - accepted) & requested)
    v["countries.never_visited.no_request"] = len(never - accepted - requested)
    ws, we = date(Y - 4, 1, 1), min(date(Y, 12, 31), cutoff)
    window = Counter(e["Host ISO3"] for e in done if ws <= e["_start"] <= we)
    v["visits.countries_5plus_in_5y"] = [name[s] for s in members if window[s] >= 5]
    quiet = {s for s in members if window[s] == 0}
    v["countries.no_visit_5y"] = len(quiet)
    v["countries.no_visit_5y.with_request"] = len(
        quiet & {e["Host ISO3"] for e in events if e["Status"] == "Requested" and ws <= e["_date"] <= we}
    )
    requests: dict[str, list[dict]] = {}
    for e in events:
        requests.setdefault(e["Request id"], []).append(e)
    pending = Counter()
    for evs in requests.values():
        last = latest(evs, cutoff)
        if last and last["Status"] in PENDING:
            pending[last["Host ISO3"]] += 1
    v["countries.no_visit_5y.5plus_pending"] = sum(1 for s in quiet if pending[s] >= 5)
    access(src, Y, cutoff, requests, name, v)
    rows = src.rows("standing-invitations")
    live = [r for r in rows if in_force(r, "Extended", "Withdrawn", cutoff)]
    status = {r["ISO3"]: ref[r["ISO3"]]["un_status"] for r in live}
    v["invitations.member_states"] = sum(1 for s in status.values() if s == "Member State")
    v["invitations.observer_states"] = sum(1 for s in status.values() if s == "Non-member observer State")
    v["invitations.member_states_pct"] = (v["invitations.member_states"], len(members))


def access(src: Root, Y: int, cutoff: date, requests: dict, name: dict, v: dict) -> None:
    """Paragraph 52. DECISION: the State concerned is the mandate's `Country ISO3` (for the
    occupied Palestinian territories, Israel: state_concerned.csv); only requests addressed to
    that State count; a mandate with no request in the window is not `denied`."""
    override = state_concerned()
    granted, denied = set(), set()
    ws, we = date(Y - 4, 1, 1), min(date(Y, 12, 31), cutoff)
    for m in src.rows("mandates"):
        if m["Type"] != "Country" or not in_force(m, "Established", "Ended", cutoff):
            continue
        state = override.get(m["Country ISO3"], m["Country ISO3"])
        own = [evs for evs in requests.values() if evs[0]["Mandate"] == m["Mandate"] and evs[0]["Host ISO3"] == state]
        if any(
            e["Status"] == "Completed"
            and in_year(e["_start"], Y, cutoff)
            or e["Status"] == "Accepted"
            and in_year(e["_date"], Y, cutoff)
            for evs in own
            for e in evs
        ):
            granted.add(name[state])
        in_window = [evs for evs in own if any(ws <= e["_date"] <= we for e in evs)]
        ends = [latest(evs, cutoff)["Status"] for evs in in_window]
        if ends and all(s == "Declined" or s in PENDING for s in ends):
            denied.add(name[state])
    v["country_mandates.access_granted"] = sorted(granted)
    v["country_mandates.access_denied"] = sorted(denied)


def communications(src: Root, Y: int, cutoff: date, v: dict) -> None:
    comms = [c for c in src.rows("communications") if in_year(parse_date(c["Date"]), Y, cutoff)]
    code = {c["Ref. no."]: c["Ref. no."].split(" ")[0] for c in comms}
    v["communications.sent"] = len(comms)
    v["communications.states"] = len({code[c["Ref. no."]] for c in comms} - {"OTH"})
    v["communications.non_state_actors"] = len({a for c in comms for a in split_list(c["Non-State actors"])})
    v["communications.joint"] = sum(1 for c in comms if c["Type"] in ("JAL", "JUA", "JOL"))
    v["communications.individuals"] = sum(int(c["Nb. of alleged victims"]) for c in comms)
    v["communications.individuals_women"] = sum(int(c["Nb. of alleged victims (women)"]) for c in comms)
    replies = src.rows("replies")
    for r in replies:
        r["_date"] = parse_date(r["Date"])
    received = [r for r in replies if in_year(r["_date"], Y, cutoff)]
    v["replies.received"] = len(received)
    v["replies.received_substantive"] = sum(1 for r in received if r["Substantive"] == "Yes")
    # DECISION: replies are counted as reply rows (a letter answered twice counts twice)
    answers = [r for r in replies if r["Ref. no."] in code and r["_date"] <= cutoff]
    substantive = sum(1 for r in answers if r["Substantive"] == "Yes")
    v["replies.to_year_communications"] = len(answers)
    v["replies.to_year_communications_substantive"] = substantive
    v["replies.response_rate_pct"] = (substantive, len(comms))
    v["followups.letters"] = sum(1 for f in src.rows("followups") if in_year(parse_date(f["Date"]), Y, cutoff))
    tagged = [c for c in comms if "reprisals" in split_list(c["Tags"])]
    v["reprisals.communications"] = len(tagged)
    v["reprisals.states"] = len({code[c["Ref. no."]] for c in tagged} - {"OTH"})
    v["reprisals.non_state_actors"] = len({a for c in tagged for a in split_list(c["Non-State actors"])})


def working_groups(src: Root, Y: int, cutoff: date, ref: dict, v: dict) -> None:
    cases = [c for c in src.rows("wgeid-cases") if in_year(parse_date(c["Transmitted"]), Y, cutoff)]
    v["wgeid.cases_transmitted"] = len(cases)
    v["wgeid.cases_urgent_action"] = sum(1 for c in cases if c["Procedure"] == "Urgent action")
    non_state = [c for c in cases if c["Alleged perpetrator"] == "Non-State"]
    v["wgeid.cases_non_state"] = len(non_state)
    areas = Counter((ref[c["Country ISO3"]]["name_en"], (c["Area"] or "").lower()) for c in non_state)
    v["wgeid.cases_non_state.by_area"] = [f"{n} ({a}):{k}" if a else f"{n}:{k}" for (n, a), k in areas.items()]
    v["wgeid.cases_clarified"] = sum(
        1 for c in src.rows("wgeid-clarifications") if in_year(parse_date(c["Clarified"]), Y, cutoff)
    )
    opinions = {o["Opinion"]: parse_date(o["Adopted"]) for o in src.rows("wgad-opinions")}
    v["wgad.opinions"] = sum(1 for d in opinions.values() if in_year(d, Y, cutoff))

    def earlier(opinion: str) -> bool:
        adopted = opinions.get(opinion)
        return adopted.year < Y if adopted else int(opinion.split("/")[1]) < Y

    v["wgad.releases_reported"] = sum(
        1 for r in src.rows("wgad-releases") if in_year(parse_date(r["Reported"]), Y, cutoff) and earlier(r["Opinion"])
    )


def reports_media_events(src: Root, Y: int, cutoff: date, v: dict) -> None:
    records = [r for r in src.rows("reports") if in_year(parse_date(marc_values(r, "269")[0]), Y, cutoff)]
    kind = {id(r): (marc_values(r, "989") or [""])[0] for r in records}
    counted = [r for r in records if kind[id(r)] in ("Thematic report", "Country visit report")]
    symbol = {id(r): marc_values(r, "191")[0] for r in records}
    v["reports.total"] = len(counted)
    v["reports.to_hrc"] = sum(1 for r in counted if symbol[id(r)].startswith("A/HRC/"))
    v["reports.to_ga"] = sum(1 for r in counted if GA.match(symbol[id(r)]))
    v["reports.country_visit"] = sum(1 for r in counted if kind[id(r)] == "Country visit report")
    v["communications.reports_published"] = sum(1 for r in records if kind[id(r)] == "Communications report")
    # DECISION: a theme counts on any document of the year that carries it (whatever its type)
    for fid in [f for f in figure_kinds() if f.startswith("themes.")]:
        theme = fid.split(".")[1]
        v[fid] = sorted(
            {
                m
                for r in records
                for t, subs in r["fields"]
                if t == "650" and "sp-theme" in subs.get("2", []) and theme in subs.get("a", [])
                for m in marc_values(r, "710")
            }
        )
    media = [m for m in src.rows("media") if in_year(parse_date(m["date"]), Y, cutoff)]
    v["media.products"] = len(media)
    v["media.press_releases"] = sum(1 for m in media if m["type"] == "press release")
    v["media.media_advisories"] = sum(1 for m in media if m["type"] == "media advisory")
    v["media.media_statements"] = sum(1 for m in media if m["type"] == "media statement")
    events = [e for e in src.rows("events") if in_year(parse_date(e["start"]), Y, cutoff)]
    v["events.count"] = len(events)
    minority = [e for e in events if e["series"] == "Forum on Minority Issues"]
    v["events.minority_forum.participants"] = sum(
        (e["participants_in_person"] or 0) + (e["participants_online"] or 0) for e in minority
    )
    # the counts recorded for the forum's event(s) of Y, summed; 0 when none (a count of a covered year)
    business = [e for e in events if e["series"] == "Forum on Business and Human Rights"]
    for key, field in (
        ("in_person", "participants_in_person"),
        ("online", "participants_online"),
        ("countries", "countries"),
        ("sessions", "sessions"),
        ("panellists", "panellists"),
    ):
        v[f"events.business_forum.{key}"] = sum(e[field] or 0 for e in business)
