"""The rules of docs/sources.md#integrity-rules (keys, references, per-row rules) as problem lists.

A valid root has none: the bundled snapshot carries no malformed row (fault tests plant them
in copies), so every problem found here is a bug of the generator.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from .oracle_sources import Root, countries, marc_values, parse_date, split_list

STATUSES = {
    "Requested",
    "Reminder",
    "Invited",
    "Acknowledged",
    "Accepted",
    "Dates proposal",
    "Postponed",
    "Declined",
    "Withdrawn",
    "Completed",
}
THEMES = {"sdgs", "women_gender", "prevention_peace", "migration", "climate", "new_technologies", "finance_economy"}
REPORT_TYPES = {
    "Thematic report",
    "Country visit report",
    "Communications report",
    "Annual report",
    "Forum report",
    "Corrigendum",
    "Other",
}
GROUPS = {
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States",
    "Western European and other States",
}


def duplicates(values: list) -> list:
    return sorted(k for k, n in Counter(values).items() if n > 1)


def integrity_problems(root: Path) -> list[str]:
    src = Root(root)
    iso = set(countries())
    p: list[str] = []
    mandates = src.rows("mandates")
    names = {m["Mandate"] for m in mandates}
    p += [f"duplicate mandate {d}" for d in duplicates([m["Mandate"] for m in mandates])]
    p += [
        f"mandate country {m['Country ISO3']}" for m in mandates if m["Country ISO3"] and m["Country ISO3"] not in iso
    ]
    positions = src.rows("positions")
    p += [f"duplicate position {d}" for d in duplicates([(r["Mandate"], r["Position"]) for r in positions])]
    holders = src.rows("holders")
    p += [f"duplicate holder {d}" for d in duplicates([h["Holder id"] for h in holders])]
    for h in holders:
        start, end, appointed = parse_date(h["Term start"]), parse_date(h["Term end"]), parse_date(h["Appointed"])
        if h["Mandate"] not in names or h["Nationality"] not in iso or (end and end < start) or appointed > start:
            p.append(f"holder {h['Holder id']}: bad mandate, nationality or dates")
    hids = {h["Holder id"] for h in holders}
    p += [f"survey names holder {r['Holder id']}" for r in src.rows("external-support") if r["Holder id"] not in hids]
    comms = src.rows("communications")
    refs = {c["Ref. no."] for c in comms}
    p += [f"duplicate gId {d}" for d in duplicates([c["gId"] for c in comms])]
    p += [f"duplicate Ref. no. {d}" for d in duplicates([c["Ref. no."] for c in comms])]
    for c in comms:
        code = c["Ref. no."].split(" ")[0]
        listed = split_list(c["Mandates"])
        actors = split_list(c["Non-State actors"])
        if c["Type"].startswith("J") != (len(listed) >= 2) or not listed:
            p.append(f"{c['Ref. no.']}: type {c['Type']} with {len(listed)} mandates")
        if set(listed) - names:
            p.append(f"{c['Ref. no.']}: unknown mandates {set(listed) - names}")
        if int(c["Nb. of alleged victims (women)"]) > int(c["Nb. of alleged victims"]):
            p.append(f"{c['Ref. no.']}: more women than victims")
        if (code == "OTH") != bool(actors) or (code != "OTH" and (code not in iso or c["UN Region"] not in GROUPS)):
            p.append(f"{c['Ref. no.']}: addressee, actors or region inconsistent")
        if not c["Ref. no."].endswith("/" + c["Date"][-4:]):
            p.append(f"{c['Ref. no.']}: year differs from its date")
    replies = src.rows("replies")
    p += [f"duplicate Reply gId {d}" for d in duplicates([r["Reply gId"] for r in replies])]
    p += [f"reply to unknown {r['Ref. no.']}" for r in replies if r["Ref. no."] not in refs]
    sent = {c["Ref. no."]: parse_date(c["Date"]) for c in comms}
    p += [
        f"reply before letter {r['Ref. no.']}"
        for r in replies
        if r["Ref. no."] in sent and parse_date(r["Date"]) < sent[r["Ref. no."]]
    ]
    follow = src.rows("followups")
    p += [f"duplicate follow-up gId {d}" for d in duplicates([f["gId"] for f in follow])]
    p += [f"follow-up of unknown {f['Ref. no.']}" for f in follow if f["Ref. no."] not in refs]
    p += [f"follow-up mandates {f['gId']}" for f in follow if set(split_list(f["Mandates"])) - names]
    p += visit_problems(src, names, iso)
    invitations = src.rows("standing-invitations")
    p += [f"duplicate invitation {d}" for d in duplicates([r["ISO3"] for r in invitations])]
    p += [f"invitation ISO3 {r['ISO3']}" for r in invitations if r["ISO3"] not in iso]
    for rec in src.rows("reports"):
        sym = marc_values(rec, "191")
        authors = marc_values(rec, "710")
        themes = {v for t, s in rec["fields"] if t == "650" and "sp-theme" in s.get("2", []) for v in s.get("a", [])}
        if not rec.get("001") or not sym or not marc_values(rec, "269") or not authors:
            p.append(f"report {rec.get('001')}: 001, 191, 269 or 710 missing")
        if set(authors) - names or themes - THEMES or set(marc_values(rec, "989")) - REPORT_TYPES:
            p.append(f"report {sym}: unknown author, theme or type")
        if set(marc_values(rec, "651")) - iso:
            p.append(f"report {sym}: unknown country")
    p += [f"duplicate report 001 {d}" for d in duplicates([r["001"] for r in src.rows("reports")])]
    media = src.rows("media")
    p += [f"duplicate media id {d}" for d in duplicates([m["id"] for m in media])]
    p += [f"media {m['id']}: unknown mandates" for m in media if set(m["mandates"]) - names]
    p += wg_problems(src, iso)
    events = src.rows("events")
    p += [f"duplicate event id {d}" for d in duplicates([e["id"] for e in events])]
    return p


def visit_problems(src: Root, names: set[str], iso: set[str]) -> list[str]:
    p = []
    events = src.rows("visit-events")
    p += [f"duplicate Event id {d}" for d in duplicates([e["Event id"] for e in events])]
    requests: dict[str, list[dict]] = {}
    for e in events:
        requests.setdefault(e["Request id"], []).append(e)
        if e["Status"] not in STATUSES or e["Mandate"] not in names:
            p.append(f"event {e['Event id']}: status or mandate")
        if e["Host type"] in ("State", "Territory") and e["Host ISO3"] not in iso:
            p.append(f"event {e['Event id']}: host ISO3 {e['Host ISO3']}")
        if e["Host type"] == "Institution" and e["Host ISO3"]:
            p.append(f"event {e['Event id']}: institution with an ISO3")
        if e["Status"] == "Completed":
            if (
                not e["Visit start"]
                or e["Date"] != e["Visit end"]
                or parse_date(e["Visit start"]) > parse_date(e["Visit end"])
            ):
                p.append(f"event {e['Event id']}: completed visit dates")
        elif e["Visit start"] or e["Visit end"] or e["Report symbol"]:
            p.append(f"event {e['Event id']}: visit fields on a {e['Status']} event")
    for rid, evs in requests.items():
        if len({(e["Mandate"], e["Host"], e["Host ISO3"]) for e in evs}) != 1:
            p.append(f"request {rid}: more than one mandate or host")
        days = sorted(parse_date(e["Date"]) for e in evs)
        if len(days) != len(set(days)):
            p.append(f"request {rid}: two steps on one day (latest event ambiguous)")
    return p


def wg_problems(src: Root, iso: set[str]) -> list[str]:
    p = []
    cases = src.rows("wgeid-cases")
    ids = [c["Case id"] for c in cases]
    p += [f"duplicate Case id {d}" for d in duplicates(ids)]
    p += [f"case {c['Case id']}: country" for c in cases if c["Country ISO3"] not in iso]
    p += [
        f"clarification of unknown case {c['Case id']}"
        for c in src.rows("wgeid-clarifications")
        if c["Case id"] not in set(ids)
    ]
    opinions = {o["Opinion"]: o for o in src.rows("wgad-opinions")}
    p += [f"duplicate opinion {d}" for d in duplicates([o["Opinion"] for o in src.rows("wgad-opinions")])]
    releases = src.rows("wgad-releases")
    for r in releases:
        o = opinions.get(r["Opinion"])
        if o is None or not 1 <= int(r["Person"]) <= int(o["Persons"]):
            p.append(f"release {r['Opinion']} person {r['Person']} does not resolve")
    p += [f"person released twice {d}" for d in duplicates([(r["Opinion"], r["Person"]) for r in releases])]
    return p
