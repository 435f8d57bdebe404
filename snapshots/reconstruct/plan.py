"""The counts the reconstruction must hit, read from the project's copy of the published figures.

No published number is typed here: `plan_from_published` reads
`flows/reference/published/` (the 2023 report's rows) and turns each figure into the integer the
generators need (a percentage becomes the head count that rounds to it). `perturb` moves those
integers for the variant roots that tests use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .common import PUBLISHED_DIR, REFERENCE_DIR, read_lookup


def member_states() -> int:
    """The universe docs/figures.md#terms counts in: the Member States of the country reference."""
    return sum(1 for r in read_lookup("countries.csv", REFERENCE_DIR) if r["un_status"] == "Member State")


def pct(part: int, whole: int, decimals: int) -> str:
    value = Decimal(100 * part) / Decimal(whole)
    return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def head_count(published: str, whole: int, decimals: int) -> int:
    """The number of people out of `whole` whose share rounds to the published percentage."""
    for n in range(whole + 1):
        if pct(n, whole, decimals) == published:
            return n
    raise ValueError(f"no count out of {whole} rounds to {published}%")


@dataclass
class Plan:
    n: dict[str, int] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    by_area: list[tuple[str, str, int]] = field(default_factory=list)  # (country, area, cases)

    def copy(self) -> Plan:
        return Plan(dict(self.n), {k: list(v) for k, v in self.lists.items()}, list(self.by_area))


# plan key <- figure id, for figures that are plain counts
COUNTS = {
    "positions": "mandates.positions",
    "serving": "holders.serving",
    "appointed": "holders.appointed_in_year",
    "visits": "visits.count",
    "hosts_st": "visits.countries_territories",
    "institutions": "visits.institutions",
    "visited_ever": "countries.visited_ever",
    "never.no_request": "countries.never_visited.no_request",
    "never.not_accepted": "countries.never_visited.request_not_accepted",
    "never.accepted": "countries.never_visited.accepted_not_conducted",
    "no_visit_5y": "countries.no_visit_5y",
    "with_request": "countries.no_visit_5y.with_request",
    "pending5": "countries.no_visit_5y.5plus_pending",
    "inv.members": "invitations.member_states",
    "inv.observers": "invitations.observer_states",
    "comm.sent": "communications.sent",
    "comm.states": "communications.states",
    "comm.nsa": "communications.non_state_actors",
    "comm.joint": "communications.joint",
    "comm.individuals": "communications.individuals",
    "comm.women": "communications.individuals_women",
    "rep.received": "replies.received",
    "rep.received_subst": "replies.received_substantive",
    "rep.to_year": "replies.to_year_communications",
    "rep.to_year_subst": "replies.to_year_communications_substantive",
    "comm.reports": "communications.reports_published",
    "followups": "followups.letters",
    "reprisal.comms": "reprisals.communications",
    "reprisal.states": "reprisals.states",
    "reprisal.nsa": "reprisals.non_state_actors",
    "wgeid.cases": "wgeid.cases_transmitted",
    "wgeid.ua": "wgeid.cases_urgent_action",
    "wgeid.clarified": "wgeid.cases_clarified",
    "wgad.opinions": "wgad.opinions",
    "wgad.releases": "wgad.releases_reported",
    "media.pr": "media.press_releases",
    "media.ma": "media.media_advisories",
    "media.ms": "media.media_statements",
    "reports.hrc": "reports.to_hrc",
    "reports.ga": "reports.to_ga",
    "reports.cv": "reports.country_visit",
    "events.count": "events.count",
    "minority.participants": "events.minority_forum.participants",
    "business.in_person": "events.business_forum.in_person",
    "business.online": "events.business_forum.online",
    "business.countries": "events.business_forum.countries",
    "business.sessions": "events.business_forum.sessions",
    "business.panellists": "events.business_forum.panellists",
    "es.responded": "external_support.responded",
    "es.received": "external_support.received",
}
LISTS = {
    "fiveplus": "visits.countries_5plus_in_5y",
    "granted": "country_mandates.access_granted",
    "denied": "country_mandates.access_denied",
}


def load_published() -> dict[str, dict[str, str]]:
    """The figures of the 2023 report, from whichever file of the published folder holds them."""
    rows = [row for path in sorted(PUBLISHED_DIR.glob("*.csv")) for row in read_lookup(path.name, PUBLISHED_DIR)]
    return {row["id"]: row for row in rows if row["year"] == "2023"}


def plan_from_published(groups: list[dict[str, str]]) -> Plan:
    pub = load_published()
    margins = {r["figure_id"]: int(r["margin"]) for r in read_lookup("at_least_margins.csv")}
    plan = Plan()
    for key, fid in COUNTS.items():
        plan.n[key] = int(pub[fid]["published"]) + margins.get(fid, 0)
    for key, fid in LISTS.items():
        plan.lists[key] = [s.strip() for s in pub[fid]["published"].split(";")]
    for item in pub["wgeid.cases_non_state.by_area"]["published"].split(";"):
        name, count = item.strip().rsplit(":", 1)
        area = ""
        if name.endswith(")"):
            name, area = name[:-1].split(" (", 1)
        plan.by_area.append((name, area, int(count)))
    serving = plan.n["serving"]
    plan.n["women"] = head_count(pub["holders.women_pct"]["published"], serving, 0)
    if pct(serving - plan.n["women"], serving, 0) != pub["holders.men_pct"]["published"]:
        raise ValueError("women and men percentages do not add up to the serving holders")
    for g in groups:
        fid = f"holders.region_pct.{g['group_code']}"
        plan.n[f"region.{g['group_code']}"] = head_count(pub[fid]["published"], serving, 2)
    check(plan, pub)
    return plan


def check(plan: Plan, pub: dict[str, dict[str, str]]) -> None:
    """The published figures must agree with each other before anything is built from them."""
    n = plan.n
    regions = sum(v for k, v in n.items() if k.startswith("region."))
    problems = []
    if regions != n["serving"]:
        problems.append(f"regional shares give {regions} holders, not {n['serving']}")
    members = member_states()
    if n["visited_ever"] + int(pub["countries.never_visited"]["published"]) != members:
        problems.append(f"visited + never visited is not {members}")
    never = n["never.no_request"] + n["never.not_accepted"] + n["never.accepted"]
    if never != members - n["visited_ever"]:
        problems.append("the three reasons do not add up to the never-visited States")
    if n["media.pr"] + n["media.ma"] + n["media.ms"] != int(pub["media.products"]["published"]):
        problems.append("media types do not add up")
    if n["reports.hrc"] + n["reports.ga"] != int(pub["reports.total"]["published"]):
        problems.append("reports to the HRC and the GA do not add up")
    rate = pct(n["rep.to_year_subst"], n["comm.sent"], 2)
    if rate != pub["replies.response_rate_pct"]["published"]:
        problems.append(f"response rate would be {rate}")
    if problems:
        raise ValueError("published figures inconsistent: " + "; ".join(problems))


def perturb(plan: Plan, rng: random.Random) -> Plan:
    """Other counts for a variant root, kept within what the generators can build."""
    p = plan.copy()
    n = p.n

    def bump(key: str, lo: int, hi: int, floor: int = 0) -> None:
        n[key] = max(floor, n[key] + rng.randint(lo, hi))

    for key, spread in (
        ("comm.sent", 40),
        ("comm.individuals", 90),
        ("followups", 30),
        ("wgeid.cases", 70),
        ("wgad.opinions", 8),
        ("media.pr", 25),
        ("media.ma", 10),
        ("media.ms", 8),
        ("events.count", 20),
    ):
        bump(key, -spread, spread)
    n["comm.joint"] = min(n["comm.sent"] - 20, n["comm.joint"] + rng.randint(-30, 30))
    bump("comm.states", -10, 6)
    bump("comm.nsa", -20, 20, floor=40)
    n["comm.women"] = min(n["comm.individuals"] // 3, n["comm.women"] + rng.randint(-30, 30))
    bump("rep.to_year", -30, 30)
    n["rep.to_year_subst"] = n["rep.to_year"] - rng.randint(10, 40)
    extra = rng.randint(60, 120)
    n["rep.received"] = n["rep.to_year"] + extra
    n["rep.received_subst"] = n["rep.to_year_subst"] + extra - rng.randint(2, 8)
    n["reprisal.nsa"] = rng.randint(0, 2)
    n["reprisal.states"] = rng.randint(6, 14)
    n["reprisal.comms"] = n["reprisal.states"] + n["reprisal.nsa"] + rng.randint(0, 2)
    n["wgeid.ua"] = n["wgeid.cases"] * rng.randint(70, 85) // 100
    bump("wgeid.clarified", -20, 20)
    bump("wgad.releases", -5, 10)
    # visits: the never-visited reasons move, the other group sizes follow
    bump("never.no_request", -1, 2)
    bump("never.not_accepted", -3, 3)
    n["never.accepted"] = rng.randint(0, 2)
    n["visited_ever"] = member_states() - n["never.no_request"] - n["never.not_accepted"] - n["never.accepted"]
    bump("no_visit_5y", -6, 6)
    n["with_request"] = min(n["no_visit_5y"] - n["never.no_request"] - 3, n["with_request"] + rng.randint(-5, 5))
    bump("pending5", -4, 4, floor=8)
    bump("visits", -8, 8)
    bump("hosts_st", -5, 3)
    n["institutions"] = rng.randint(1, 3)
    bump("inv.members", -8, 8)
    bump("reports.cv", -6, 4)
    n["reports.hrc"] += n["reports.cv"] - plan.n["reports.cv"]
    bump("reports.ga", -3, 3)
    # holders: one vacancy more, a few people moved between regions and genders
    n["serving"] -= 1
    n["women"] += rng.randint(-3, 1)
    codes = sorted(k for k in n if k.startswith("region."))
    n[codes[0]] -= 1  # the extra vacancy
    for _ in range(2):
        a, b = rng.sample(codes, 2)
        n[a], n[b] = n[a] - 1, n[b] + 1
    bump("appointed", -4, 4, floor=3)
    bump("es.responded", -6, 3)
    n["es.received"] = min(n["es.responded"] - 5, n["es.received"] + rng.randint(-4, 4))
    p.lists["fiveplus"] = p.lists["fiveplus"][:-1]  # the last State falls below five visits
    p.by_area = [(c, a, k + rng.randint(0, 3)) for c, a, k in p.by_area]
    return p
