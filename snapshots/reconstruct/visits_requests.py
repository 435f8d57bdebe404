"""Visit requests as recorded steps (visit events), and the standing invitations.

Each visit becomes a request that ends `Completed`. Requests that did not (yet) lead to a
visit are added per State so that the never-visited reasons, the requests in the window and the
pending requests at the cutoff come out as planned. A few events fall in January of the next
year (before the snapshot's publication): they must not change anything at the cutoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .common import Ctx, fmt, rand_date, weighted_sample
from .mandates import MandateWorld
from .plan import Plan
from .visits_plan import StatePlan, Visit, country_mandate_of

PENDING = ("Requested", "Reminder", "Acknowledged", "Postponed")


@dataclass
class Request:
    mandate: str
    iso3: str
    host: str
    host_type: str
    events: list[tuple[str, date]] = field(default_factory=list)
    visit: Visit | None = None


def steps(rng, lo: date, hi: date, k: int) -> list[date]:
    """k strictly increasing dates in [lo, hi] (so no two steps of a request share a day)."""
    days = (hi - lo).days
    if days + 1 < k:
        raise ValueError(f"no room for {k} steps in {lo}..{hi}")
    return [lo + timedelta(days=d) for d in sorted(rng.sample(range(days + 1), k))]


def completed(rng, ctx: Ctx, v: Visit, established: date) -> Request:
    r = Request(v.mandate, v.iso3, v.host, v.host_type, visit=v)
    earliest = max(date(ctx.first_year, 1, 2), established + timedelta(days=20))
    first = max(earliest, v.start - timedelta(days=rng.randint(120, 1100)))
    first = min(first, v.start - timedelta(days=30))
    kinds = rng.choice(
        (
            ["Requested", "Accepted"],
            ["Requested", "Reminder", "Accepted"],
            ["Requested", "Acknowledged", "Accepted", "Dates proposal"],
            ["Invited", "Dates proposal"],
            ["Requested", "Accepted", "Postponed", "Dates proposal"],
        )
    )
    room = (v.start - first).days - 1
    kinds = kinds[: max(1, min(len(kinds), room))]
    for status, d in zip(
        kinds,
        [first] + steps(rng, first + timedelta(days=1), v.start - timedelta(days=1), len(kinds) - 1),
        strict=False,
    ):
        r.events.append((status, d))
    r.events.append(("Completed", v.end))
    return r


def open_request(rng, mandate: str, iso3: str, host: str, first: date, until: date, outcome: str) -> Request:
    """A request that ends pending, declined, withdrawn or accepted (not yet visited) at `until`."""
    r = Request(mandate, iso3, host, "State")
    r.events.append(("Requested", first))
    reminders = min(rng.randint(0, 3), max(0, (until - first).days // 200))
    middle = ["Reminder"] * reminders
    if outcome == "pending" and (until - first).days > 90 and rng.random() < 0.2:
        middle.append("Acknowledged")
    tail = {"pending": [], "declined": ["Declined"], "withdrawn": ["Withdrawn"], "accepted": ["Accepted"]}[outcome]
    kinds = middle + tail
    if kinds:
        lo = first + timedelta(days=30)
        for status, d in zip(
            kinds, steps(rng, lo, max(until, lo + timedelta(days=len(kinds))), len(kinds)), strict=False
        ):
            r.events.append((status, d))
    return r


def build_requests(ctx: Ctx, plan: Plan, world: MandateWorld, sp: StatePlan) -> list[Request]:
    rng = ctx.rng("visit-requests")
    Y, cutoff, ws = ctx.year, ctx.cutoff, ctx.window_start
    name = {r["iso3"]: r["name_en"] for r in ctx.countries}
    requests = [completed(rng, ctx, v, world.get(v.mandate).established) for v in sp.visits]
    open_by: dict[str, set[str]] = {}

    def add(iso: str, mandate: str | None, first: date, until: date, outcome: str) -> Request:
        if mandate is None:
            used = open_by.setdefault(iso, set())
            pool = [m.name for m in world.thematic_in_force(first) if m.in_force(cutoff) and m.name not in used]
            mandate = rng.choice(pool)
        open_by.setdefault(iso, set()).add(mandate)
        r = open_request(rng, mandate, iso, name[iso], first, until, outcome)
        requests.append(r)
        return r

    pre_window = (date(Y - 12, 1, 1), date(Y - 5, 6, 30))
    in_window = (ws + timedelta(days=10), date(Y, 11, 30))
    # country mandates of para 52 that are refused: every request declined or still pending
    for iso in sp.denied:
        m = country_mandate_of(world, iso)
        lo = max(in_window[0], m.established + timedelta(days=60))
        starts = sorted(rand_date(rng, lo, in_window[1]) for _ in range(rng.randint(2, 3)))
        for i, first in enumerate(starts):
            outcome = "pending" if i == len(starts) - 1 or rng.random() < 0.5 else "declined"
            until = cutoff if outcome == "pending" else min(cutoff, first + timedelta(days=rng.randint(90, 500)))
            add(iso, m.name, first, until, outcome)
    syria = country_mandate_of(world, "SYR")
    if syria and "SYR" in sp.active:  # accepted the year before, not yet conducted: neither list
        add("SYR", syria.name, date(Y - 1, 3, 14), date(Y - 1, 9, 20), "accepted")
    nv = sorted(list(sp.never) + sp.lapsed)
    for iso in nv:
        reason = sp.never.get(iso)
        if reason == "no_request":
            continue
        pending_now = sum(1 for r in requests if r.iso3 == iso and is_pending(r, cutoff))
        if iso in sp.pending5:
            target = rng.randint(5, 8)
        elif iso in sp.with_request:
            target = rng.randint(0, 4)
        else:
            target = rng.randint(0, 2)
        windowed = iso in sp.with_request
        for _ in range(max(0, target - pending_now)):
            first = rand_date(rng, *(in_window if windowed and rng.random() < 0.7 else pre_window))
            add(iso, None, first, cutoff, "pending")
        if windowed and not any(has_requested_in(r, ws, cutoff) for r in requests if r.iso3 == iso):
            first = rand_date(rng, *in_window)
            add(iso, None, first, min(cutoff, first + timedelta(days=200)), rng.choice(("declined", "withdrawn")))
        if reason == "accepted_not_conducted":
            first = rand_date(rng, *(in_window if windowed else pre_window))
            add(iso, None, first, min(cutoff, first + timedelta(days=300)), "accepted")
        if reason and not any(r.iso3 == iso for r in requests):
            first = rand_date(rng, *pre_window)
            add(iso, None, first, first + timedelta(days=400), "declined")
        if rng.random() < 0.4:
            first = rand_date(rng, *pre_window)
            add(iso, None, first, first + timedelta(days=300), "declined")
    for iso in sp.active:  # the usual backlog of States that do receive visits
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            first = rand_date(rng, date(Y - 8, 1, 1), in_window[1])
            outcome = rng.choice(("pending", "pending", "declined", "withdrawn"))
            add(iso, None, first, cutoff if outcome == "pending" else min(cutoff, first + timedelta(days=365)), outcome)
    after_cutoff(ctx, rng, sp, requests, add)
    return requests


def after_cutoff(ctx: Ctx, rng, sp: StatePlan, requests: list[Request], add) -> None:
    """January events that must not count at the cutoff."""
    jan = date(ctx.year + 1, 1, 1)
    no_request = [s for s, why in sorted(sp.never.items()) if why == "no_request"]
    if no_request:  # first request ever, after the cutoff: still `no_request`
        add(no_request[0], None, jan + timedelta(days=14), jan + timedelta(days=14), "pending")
    not_accepted = [s for s, why in sorted(sp.never.items()) if why == "request_not_accepted"]
    for iso in not_accepted:  # accepted after the cutoff: still `request_not_accepted`
        r = next((r for r in requests if r.iso3 == iso and is_pending(r, ctx.cutoff)), None)
        if r:
            r.events.append(("Accepted", jan + timedelta(days=9)))
            break
    for iso in sp.pending5[:2]:  # declined after the cutoff: still pending at it
        r = next(r for r in requests if r.iso3 == iso and is_pending(r, ctx.cutoff) and r.events[-1][1] <= ctx.cutoff)
        r.events.append(("Declined", jan + timedelta(days=rng.randint(5, 25))))
    quiet = [r for r in requests if is_pending(r, ctx.cutoff) and r.events[-1][1] <= ctx.cutoff]
    for r in quiet[::17]:
        r.events.append(("Reminder", jan + timedelta(days=rng.randint(3, 28))))


def is_pending(r: Request, at: date) -> bool:
    before = [s for s, d in r.events if d <= at]
    return bool(before) and before[-1] in PENDING


def has_requested_in(r: Request, lo: date, hi: date) -> bool:
    return any(s == "Requested" and lo <= d <= hi for s, d in r.events)


def event_rows(requests: list[Request]) -> list[dict[str, str]]:
    ordered = sorted(requests, key=lambda r: (r.events[0][1], r.mandate, r.host, r.events[-1][1]))
    flat = []
    for rid, r in enumerate(ordered, start=3001):
        for seq, (status, d) in enumerate(r.events):
            flat.append((d, rid, seq, status, r))
    flat.sort(key=lambda t: (t[0], t[1], t[2]))
    rows = []
    for eid, (d, rid, _, status, r) in enumerate(flat, start=100001):
        done = status == "Completed"
        rows.append(
            {
                "Event id": str(eid),
                "Request id": str(rid),
                "Mandate": r.mandate,
                "Host": r.host,
                "Host ISO3": r.iso3,
                "Host type": r.host_type,
                "Status": status,
                "Date": fmt(d),
                "Visit start": fmt(r.visit.start) if done else "",
                "Visit end": fmt(r.visit.end) if done else "",
                "Report symbol": r.visit.report if done else "",
            }
        )
    return rows


def invitation_rows(ctx: Ctx, plan: Plan, sp: StatePlan) -> list[dict[str, str]]:
    """Standing invitations: some withdrawn, one extended after the cutoff (none of them count)."""
    rng = ctx.rng("invitations")
    Y = ctx.year
    weight = {
        "Western European and other States": 12,
        "Latin American and Caribbean States": 9,
        "Eastern European States": 8,
        "African States": 2,
        "Asia-Pacific States": 2,
    }
    refusing = set(sp.denied) | {s for s, why in sp.never.items() if why == "no_request"}
    members = [r for r in ctx.countries if r["un_status"] == "Member State" and r["iso3"] not in refusing]
    chosen = weighted_sample(rng, members, [weight[r["regional_group"]] for r in members], plan.n["inv.members"] + 3)
    rows = []
    for i, r in enumerate(chosen):
        extended = rand_date(rng, date(Y - 24, 3, 1), date(Y, 11, 30))
        withdrawn = None
        if i in (3, 40):  # withdrawn before the cutoff: no longer counts
            extended = min(extended, date(Y - 3, 1, 1))
            withdrawn = rand_date(rng, extended + timedelta(days=200), date(Y, 10, 31))
        elif i == 60:  # extended in January, after the cutoff
            extended = date(Y + 1, 1, 17)
        elif i == 80:  # withdrawn in January, after the cutoff: still counts
            withdrawn = date(Y + 1, 1, 24)
        rows.append(inv_row(r, extended, withdrawn))
    observers = [r for r in ctx.countries if r["un_status"] == "Non-member observer State"]
    for r in sorted(observers, key=lambda r: r["iso3"] != "PSE")[: plan.n["inv.observers"]]:
        rows.append(inv_row(r, rand_date(rng, date(Y - 6, 1, 1), date(Y - 2, 12, 31)), None))
    return sorted(rows, key=lambda row: row["Country"])


def inv_row(r: dict[str, str], extended: date, withdrawn: date | None) -> dict[str, str]:
    return {
        "Country": r["name_en"],
        "ISO3": r["iso3"],
        "Status": r["un_status"],
        "Extended": fmt(extended),
        "Withdrawn": fmt(withdrawn),
    }
