"""Which Member State had visits when, and by which mandate.

Every Member State falls in one group: never visited (three reasons, from
never_visited_candidates.csv), lapsed (visited only before the five-year window) or active
(visited in the window). Real: the States with five or more visits in the window, the States of
paragraph 52 and the Honduras visit. Which other States are lapsed or active, and every other
visit, are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .common import Ctx, compose, rand_date, read_lookup, weighted_sample
from .mandates import MandateWorld
from .plan import Plan

# share of the window's earlier visits falling in each year Y-4..Y-1 (fewer in the pandemic years)
YEAR_WEIGHTS = (0.40, 0.05, 0.11, 0.44)


@dataclass
class Visit:
    iso3: str  # "" for institutions
    host: str
    host_type: str
    start: date | None = None
    end: date | None = None
    mandate: str = ""
    report: str = ""
    year: int = 0  # the year the slot was planned for


@dataclass
class StatePlan:
    never: dict[str, str] = field(default_factory=dict)  # iso3 -> reason
    lapsed: list[str] = field(default_factory=list)
    active: list[str] = field(default_factory=list)
    pending5: list[str] = field(default_factory=list)
    with_request: list[str] = field(default_factory=list)
    fiveplus: list[str] = field(default_factory=list)
    granted: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)


def categorize(ctx: Ctx, plan: Plan) -> StatePlan:
    rng = ctx.rng("visit-groups")
    sp = StatePlan()
    sp.fiveplus = [ctx.iso3_of(n) for n in plan.lists["fiveplus"]]
    sp.granted = [ctx.iso3_of(n) for n in plan.lists["granted"]]
    sp.denied = [ctx.iso3_of(n) for n in plan.lists["denied"]]
    profiles = {r["iso3"]: r["profile"] for r in read_lookup("state_profiles.csv")}
    fixed_active = set(sp.fiveplus) | set(sp.granted) | {i for i, p in profiles.items() if p == "active"}
    candidates = read_lookup("never_visited_candidates.csv")
    for reason, key in (
        ("no_request", "never.no_request"),
        ("request_not_accepted", "never.not_accepted"),
        ("accepted_not_conducted", "never.accepted"),
    ):
        pool = [
            c["iso3"]
            for c in candidates
            if c["subcategory"] == reason and c["iso3"] not in fixed_active and c["iso3"] not in profiles
        ]
        sp.never.update({iso: reason for iso in pool[: plan.n[key]]})
    lapsed_fixed = sorted(i for i, p in profiles.items() if p == "lapsed")
    rest = [m for m in ctx.members() if m not in sp.never and m not in fixed_active and m not in lapsed_fixed]
    # States of the Western group host visits often; the others lapse more easily
    weights = [1 if ctx.country(m)["regional_group"].startswith("Western") else 4 for m in rest]
    lapsed = weighted_sample(rng, rest, weights, plan.n["no_visit_5y"] - len(sp.never) - len(lapsed_fixed))
    sp.lapsed = sorted(lapsed_fixed + lapsed)
    sp.active = [m for m in ctx.members() if m not in sp.never and m not in sp.lapsed]
    nv = sorted(list(sp.never) + sp.lapsed)
    eligible = [s for s in nv if sp.never.get(s) not in ("no_request", "accepted_not_conducted")]
    fixed_pending = [s for s in nv if s in sp.denied]
    others = [s for s in eligible if s not in fixed_pending]
    sp.pending5 = sorted(fixed_pending + rng.sample(others, plan.n["pending5"] - len(fixed_pending)))
    free = [s for s in nv if s not in sp.pending5 and sp.never.get(s) != "no_request"]
    sp.with_request = sorted(sp.pending5 + rng.sample(free, plan.n["with_request"] - len(sp.pending5)))
    return sp


def country_mandate_of(world: MandateWorld, iso3: str):
    return next((m for m in world.mandates if m.request_host == iso3 and m.ended is None and m.type == "Country"), None)


def plan_visits(ctx: Ctx, plan: Plan, world: MandateWorld, sp: StatePlan) -> None:
    rng = ctx.rng("visit-slots")
    Y = ctx.year
    name = {r["iso3"]: r["name_en"] for r in ctx.countries}
    others = read_lookup("visit_hosts_other.csv")
    territories_now = [o for o in others if o["host_type"] == "Territory" and "report year" in o["use"]]
    institutions = [o for o in others if o["host_type"] == "Institution"]

    def slot(iso: str, year: int, mandate: str = "") -> Visit:
        v = Visit(iso, name[iso], "State", mandate=mandate, year=year)
        sp.visits.append(v)
        return v

    # fixed visits of the report year: the real Honduras visit, the country mandates of para 52
    for row in read_lookup("real_visits.csv"):
        v = slot(row["host_iso3"], Y, row["mandate"])
        v.start, v.end = ctx.real_date(row["visit_start"]), ctx.real_date(row["visit_end"])
        v.report = shift_symbol(row["report_symbol"], ctx.dy)
    for iso in sp.granted:
        slot(iso, Y, country_mandate_of(world, iso).name)
    myanmar = country_mandate_of(world, "MMR")
    if "BGD" in sp.active and myanmar:  # a country mandate visiting a neighbour: not its State
        slot("BGD", Y, myanmar.name)
    fixed_now = {}
    for v in sp.visits:
        fixed_now[v.iso3] = fixed_now.get(v.iso3, 0) + 1
    st_visits = plan.n["visits"] - plan.n["institutions"]
    required = sorted(set(sp.fiveplus) | set(fixed_now))
    pool = [a for a in sp.active if a not in required]
    hosts = required + rng.sample(pool, plan.n["hosts_st"] - len(required) - len(territories_now))
    count = {h: max(1, fixed_now.get(h, 0)) for h in hosts}
    caps = [3 - count[h] if h in sp.fiveplus else max(0, 2 - count[h]) for h in hosts]
    extra = compose(rng, st_visits - sum(count.values()) - len(territories_now), caps)
    for h, e in zip(hosts, extra, strict=False):
        for _ in range(count[h] - fixed_now.get(h, 0) + e):
            slot(h, Y)
    for t in territories_now:
        sp.visits.append(Visit(t["iso3"], t["host"], "Territory", year=Y))
    for inst in institutions[: plan.n["institutions"]]:
        sp.visits.append(Visit("", inst["host"], "Institution", year=Y))
    in_year = {h: sum(1 for v in sp.visits if v.iso3 == h) for h in sp.active}
    # the country mandates of para 52 that grant access also came in earlier years
    for iso in sp.granted:
        m = country_mandate_of(world, iso)
        years = [y for y in range(Y - 4, Y) if date(y, 1, 1) > m.established and rng.random() < 0.7]
        limit = 7 if iso in sp.fiveplus else 4
        for y in years[: max(0, limit - in_year[iso] - 1)]:
            slot(iso, y, m.name)
            in_year[iso] += 1
    # the rest of the window: five to seven visits for the States of para 51, one to four otherwise
    for iso in sp.active:
        have = sum(1 for v in sp.visits if v.iso3 == iso)
        want = rng.randint(5, 7) if iso in sp.fiveplus else rng.randint(1, 4)
        for _ in range(max(0, want - have)):
            slot(iso, rng.choices(range(Y - 4, Y), weights=YEAR_WEIGHTS)[0])
    for y in range(Y - 4, Y):
        for o in rng.sample(others, 2):
            sp.visits.append(Visit(o["iso3"], o["host"], o["host_type"], year=y))
    # before the window: every lapsed State at least once, active States now and then
    early = list(range(ctx.first_year, Y - 4))
    weights = [1 + i / 6 for i in range(len(early))]
    for iso in sorted(sp.lapsed + sp.active):
        n = rng.randint(1, 4) if iso in sp.lapsed else rng.choice((0, 1, 1, 2, 3, 4))
        for _ in range(n):
            slot(iso, rng.choices(early, weights=weights)[0])
    for o in others:
        for y in rng.sample(early, 3):
            sp.visits.append(Visit(o["iso3"], o["host"], o["host_type"], year=y))
    for m in world.mandates:  # ended mandates visited their country while they existed
        if m.ended and m.country in sp.active + sp.lapsed:
            for y in range(max(ctx.first_year, m.established.year + 1), min(m.ended.year, Y - 4)):
                if rng.random() < 0.6:
                    slot(m.country, y, m.name)
    first = min(early)
    if not any(v.year == first for v in sp.visits):
        slot(sp.lapsed[0], first)
    myanmar = country_mandate_of(world, "MMR")
    if myanmar and "MMR" in sp.lapsed:  # its last visit to Myanmar came before the window
        slot("MMR", Y - 6, myanmar.name)
    # visits that run into the next year belong to the year they start: one lapsed State's last
    # visit, one of the year before the report year, one of the report year
    edge = [slot(sp.lapsed[-1], Y - 5)]
    for y in (Y - 1, Y):
        edge.append(
            next(v for v in sp.visits if v.year == y and v.host_type == "State" and v.start is None and not v.mandate)
        )
    for v, day in zip(edge, (17, 19, 18), strict=False):
        v.start = date(v.year, 12, day)
        v.end = date(v.year + 1, 1, 6 + day % 3)
    assign_dates_and_mandates(ctx, world, sp)


def assign_dates_and_mandates(ctx: Ctx, world: MandateWorld, sp: StatePlan) -> None:
    rng = ctx.rng("visit-dates")
    Y = ctx.year
    busy: dict[str, list[tuple[date, date]]] = {}
    seen: dict[tuple[str, str], list[int]] = {}
    for v in sorted(sp.visits, key=lambda v: (v.year, v.iso3, v.host, v.mandate)):
        if v.start is None:
            v.start = visit_start(rng, v.year, Y, ctx.first_year)
            v.end = v.start + timedelta(days=rng.randint(5, 13))
        if not v.mandate:
            v.mandate = pick_mandate(rng, world, v, busy, seen)
        busy.setdefault(v.mandate, []).append((v.start, v.end))
        seen.setdefault((v.mandate, v.iso3 or v.host), []).append(v.start.year)
    sp.visits.sort(key=lambda v: (v.start, v.mandate, v.host))


def visit_start(rng, year: int, Y: int, first_year: int) -> date:
    if year == Y - 3:  # the first pandemic year: visits stopped in March
        return rand_date(rng, date(year, 1, 13), date(year, 3, 10))
    if year == Y - 2:
        return rand_date(rng, date(year, 7, 1), date(year, 12, 5))
    lo = date(year, 3, 1) if year == first_year else date(year, 1, 10)
    d = rand_date(rng, lo, date(year, 12, 5))
    return d if d.month != 8 else d + timedelta(days=31)


def pick_mandate(rng, world: MandateWorld, v: Visit, busy: dict, seen: dict) -> str:
    candidates = world.thematic_in_force(v.start - timedelta(days=200))
    candidates = [m for m in candidates if m.in_force(v.end)]
    for _ in range(60):
        m = rng.choice(candidates)
        recent = any(abs(y - v.start.year) < 4 for y in seen.get((m.name, v.iso3 or v.host), []))
        clash = any(
            s <= v.end + timedelta(days=3) and v.start <= e + timedelta(days=3) for s, e in busy.get(m.name, [])
        )
        if not recent and not clash:
            return m.name
    return rng.choice(candidates).name


def shift_symbol(symbol: str, dy: int) -> str:
    """Move a document symbol to another year: three Council sessions and one GA session a year."""
    parts = symbol.split("/")
    if parts[1] == "HRC":
        parts[2] = str(int(parts[2]) + 3 * dy)
    else:
        parts[1] = str(int(parts[1]) + dy)
    return "/".join(parts)
