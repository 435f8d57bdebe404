"""Mandates, positions, holders and the holder survey.

Real: the 60 mandates (reference list), WG rights of peasants established in the report year,
the holders the report names (named_holders.csv). Synthetic: every other holder ("Holder 017"),
terms, nationalities and genders, chosen so that the serving holders at the cutoff have the
published gender and regional shares.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .common import Ctx, fmt, parse, rand_date, read_lookup, shift_years, untidy_list
from .plan import Plan

WG_SIZE = 5
ROLE = {"Special Rapporteur": "Special Rapporteur", "Independent Expert": "Independent Expert"}


@dataclass(eq=False)  # hashed by identity: used as a dict key
class Mandate:
    name: str
    title: str
    type: str  # Thematic / Country
    kind: str
    country: str  # ISO3 of a country mandate
    request_host: str  # the State its visit requests go to
    established: date
    resolution: str
    ended: date | None
    seats: int = 1

    def in_force(self, d: date) -> bool:
        return self.established <= d and (self.ended is None or self.ended > d)


@dataclass
class Holder:
    mandate: str
    seat: int
    name: str
    role: str
    gender: str
    nationality: str
    appointed: date
    start: date
    end: date | None
    hid: int = 0


@dataclass
class MandateWorld:
    mandates: list[Mandate]
    positions: list[dict[str, str]] = field(default_factory=list)
    holders: list[Holder] = field(default_factory=list)
    survey: list[dict[str, str]] = field(default_factory=list)

    def get(self, name: str) -> Mandate:
        return next(m for m in self.mandates if m.name == name)

    def thematic_in_force(self, d: date) -> list[Mandate]:
        """Mandates that can act on day d: thematic, in force and with filled positions."""
        return [
            m
            for m in self.mandates
            if m.type == "Thematic" and m.in_force(d) and m.established <= d - timedelta(days=120)
        ]


def load_mandates(ctx: Ctx) -> list[Mandate]:
    details = {r["mandate"]: r for r in read_lookup("mandate_details.csv")}
    listed = read_lookup("mandates_2023.csv") + read_lookup("mandates_ended.csv")
    out = []
    for row in listed:
        d = details[row["mandate"]]
        out.append(
            Mandate(
                name=row["mandate"],
                title=d["title"],
                type=row["type"].capitalize(),
                kind=row["kind"],
                country=d["country_iso3"],
                request_host=d["request_host_iso3"],
                established=ctx.real_date(d["established"]),
                resolution=d["resolution"],
                ended=ctx.real_date(d["ended"]),
                seats=WG_SIZE if row["kind"] == "Working Group" else 1,
            )
        )
    return sorted(out, key=lambda m: m.name)


def session_dates(year: int) -> list[tuple[date, date]]:
    """(appointment, term start) pairs: the Council appoints at the end of its three sessions."""
    return [
        (date(year, 4, 4), date(year, 5, 1)),
        (date(year, 7, 14), date(year, 8, 1)),
        (date(year, 10, 13), date(year, 11, 1)),
    ]


def build_mandates(ctx: Ctx, plan: Plan) -> MandateWorld:
    world = MandateWorld(load_mandates(ctx))
    for m in world.mandates:
        created = m.established
        if m.established.year == ctx.year and m.ended is None:
            # a mandate set up late in the year gets its budgeted posts from 1 January
            created = date(ctx.year + 1, 1, 1)
        for seat in range(1, m.seats + 1):
            world.positions.append(
                {"Mandate": m.name, "Position": str(seat), "Created": fmt(created), "Abolished": fmt(m.ended)}
            )
    in_force = [(world.get(p["Mandate"]), int(p["Position"])) for p in world.positions if created_by(p, ctx.cutoff)]
    if not ctx.variant and len(in_force) != plan.n["positions"]:
        raise ValueError(f"{len(in_force)} positions in force, published {plan.n['positions']}")
    build_holders(ctx, plan, world, in_force)
    build_survey(ctx, plan, world)
    return world


def created_by(position: dict[str, str], d: date) -> bool:
    abolished = parse(position["Abolished"])
    return parse(position["Created"]) <= d and (abolished is None or abolished > d)


def build_holders(ctx: Ctx, plan: Plan, world: MandateWorld, seats: list) -> None:
    rng = ctx.rng("holders")
    codes = [g["group_code"] for g in ctx.groups]
    group_of = {g["group_code"]: g["regional_group"] for g in ctx.groups}
    nationals = {
        c: [r["iso3"] for r in ctx.countries if r["un_status"] == "Member State" and r["regional_group"] == group_of[c]]
        for c in codes
    }
    code_of = {iso: c for c in codes for iso in nationals[c]}
    named = {} if ctx.variant else {(r["mandate"]): r for r in read_lookup("named_holders.csv")}
    # which region each Working Group seat belongs to (one member per regional group)
    seat_region: dict[tuple[str, int], str] = {}
    for m in world.mandates:
        if m.seats == WG_SIZE:
            order = list(codes)
            rng.shuffle(order)
            seat_region.update({(m.name, s + 1): order[s] for s in range(WG_SIZE)})
    named_seat: dict[tuple[str, int], dict[str, str]] = {}
    for mandate, row in sorted(named.items()):
        want = code_of[row["nationality"]]
        seat = next((s for s in range(1, 6) if seat_region.get((mandate, s)) == want), 1)
        named_seat[(mandate, seat)] = row
    chair = {r["mandate"]: s for (_, s), r in named_seat.items() if r["role"] == "Chair-Rapporteur"}
    vacant_n = len(seats) - plan.n["serving"]
    old = ctx.cutoff - timedelta(days=7 * 366)  # a vacated seat had a holder for a full term
    singles = [k for k in seats if k[0].seats == 1 and (k[0].name, 1) not in named_seat and k[0].established < old]
    groups_seats = [k for k in seats if k[0].seats == WG_SIZE and (k[0].name, k[1]) not in named_seat]
    vacant = rng.sample(singles, 1) + rng.sample(groups_seats, max(0, vacant_n - 1)) if vacant_n else []
    serving = [k for k in seats if k not in vacant]
    # regions: WG seats are fixed, named holders are fixed, single seats take the rest
    need = {c: plan.n[f"region.{c}"] for c in codes}
    region: dict[tuple, str] = {}
    for key in serving:
        m, s = key
        if (m.name, s) in named_seat:
            region[key] = code_of[named_seat[(m.name, s)]["nationality"]]
        elif m.seats == WG_SIZE:
            region[key] = seat_region[(m.name, s)]
        else:
            continue
        need[region[key]] -= 1
    open_singles = [k for k in serving if k not in region]
    pool = [c for c in codes for _ in range(need[c])]
    if min(need.values()) < 0 or len(pool) != len(open_singles):
        raise ValueError(f"regional shares cannot be met with these seats: {need}")
    rng.shuffle(pool)
    region.update(zip(open_singles, pool, strict=False))
    women = plan.n["women"] - sum(1 for r in named_seat.values() if r["gender"] == "Female")
    unnamed = [k for k in serving if (k[0].name, k[1]) not in named_seat]
    genders = ["Female"] * women + ["Male"] * (len(unnamed) - women)
    rng.shuffle(genders)
    gender = dict(zip(unnamed, genders, strict=False))
    appointed_now = set(
        rng.sample(
            unnamed,
            plan.n["appointed"]
            - (1 if vacant else 0)
            - sum(1 for r in named_seat.values() if ctx.real_date(r["appointed"]).year == ctx.year),
        )
    )
    holders: list[Holder] = []
    for key in seats:
        m, s = key
        if key in vacant:
            holders.extend(vacant_chain(ctx, rng, m, s, nationals, codes, first=(key == vacant[0])))
            continue
        row = named_seat.get((m.name, s))
        if row:
            cur = Holder(
                m.name,
                s,
                row["name"],
                row["role"],
                row["gender"],
                row["nationality"],
                ctx.real_date(row["appointed"]),
                ctx.real_date(row["term_start"]),
                None,
            )
        else:
            years = [ctx.year] if key in appointed_now else list(range(ctx.year - 5, ctx.year))
            appointed, start = rng.choice(
                [p for y in years for p in session_dates(y) if p[1] > m.established and p[1] <= ctx.cutoff]
            )
            role = ROLE.get(m.kind, "Chair-Rapporteur" if s == chair.get(m.name, 1) else "Member")
            cur = Holder(
                m.name, s, "", role, gender[key], pick_national(rng, nationals[region[key]], m), appointed, start, None
            )
        holders.append(cur)
        holders.extend(predecessors(ctx, rng, m, s, cur.start, nationals, codes))
    for m in world.mandates:  # mandates that ended inside the window keep their last holder
        if m.ended and m.ended.year >= ctx.year - 4:
            holders.extend(predecessors(ctx, rng, m, 1, m.ended + timedelta(days=1), nationals, codes))
    holders.sort(key=lambda h: (h.mandate, h.seat, h.start))
    for i, h in enumerate(holders, start=1):
        h.hid = i
        h.name = h.name or f"Holder {i:03d}"
    world.holders = holders


def pick_national(rng, pool: list[str], m: Mandate) -> str:
    return rng.choice([iso for iso in pool if iso != m.country])


def predecessors(
    ctx: Ctx, rng, m: Mandate, seat: int, successor_start: date, nationals: dict, codes: list[str]
) -> list[Holder]:
    """Earlier holders of a seat, back to one who was already serving when the window opened."""
    out = []
    start = successor_start
    while start > ctx.window_start and start > m.established:
        end = start - timedelta(days=1)
        appointed, begin = session_dates(end.year - rng.randint(3, 6))[rng.randint(0, 2)]
        while (end - begin).days > 6 * 365:  # two three-year terms at most
            appointed, begin = shift_years(appointed, 1), shift_years(begin, 1)
        first = begin <= m.established
        if first:  # the mandate's first holder: appointed at the session after its creation
            appointed, begin = next(
                p for y in range(m.established.year, end.year + 1) for p in session_dates(y) if p[0] > m.established
            )
            if begin >= end - timedelta(days=60):
                break
        role = ROLE.get(m.kind, "Member")
        code = rng.choice(codes)
        out.append(
            Holder(
                m.name,
                seat,
                "",
                role,
                rng.choice(["Female", "Male"]),
                pick_national(rng, nationals[code], m),
                appointed,
                begin,
                end,
            )
        )
        if first:
            break
        start = begin
    return out


def vacant_chain(ctx: Ctx, rng, m: Mandate, seat: int, nationals: dict, codes: list[str], first: bool) -> list[Holder]:
    """A seat empty at the cutoff: its holder left in the year; a successor may start next year."""
    if first:  # term ends on the cutoff itself (not serving by the rule), successor starts 1 Jan
        end = ctx.cutoff
        appointed, _ = session_dates(ctx.year)[2]
        role = ROLE.get(m.kind, "Member")
        nxt = Holder(
            m.name,
            seat,
            "",
            role,
            rng.choice(["Female", "Male"]),
            pick_national(rng, nationals[rng.choice(codes)], m),
            appointed,
            date(ctx.year + 1, 1, 1),
            None,
        )
        out = [nxt]
    else:  # resigned during the year; the Council fills the seat only after the snapshot
        end = rand_date(rng, date(ctx.year, 3, 1), date(ctx.year, 10, 31))
        out = []
    role = ROLE.get(m.kind, "Member")
    appointed, start = session_dates(ctx.year - rng.randint(2, 5))[rng.randint(0, 2)]
    out.append(
        Holder(
            m.name,
            seat,
            "",
            role,
            rng.choice(["Female", "Male"]),
            pick_national(rng, nationals[rng.choice(codes)], m),
            appointed,
            start,
            end,
        )
    )
    out.extend(predecessors(ctx, rng, m, seat, start, nationals, codes))
    return out


def serving_at(h: Holder, d: date) -> bool:
    return h.start <= d and (h.end is None or h.end > d)


def build_survey(ctx: Ctx, plan: Plan, world: MandateWorld) -> None:
    rng = ctx.rng("survey")
    serving = [h for h in world.holders if serving_at(h, ctx.cutoff)]
    responded = set(h.hid for h in rng.sample(serving, plan.n["es.responded"]))
    answered = [h for h in serving if h.hid in responded]
    received = set(h.hid for h in rng.sample(answered, plan.n["es.received"]))
    for h in serving:
        row = {"Holder id": str(h.hid), "Responded": "No", "External support": "", "Kind": ""}
        if h.hid in responded:
            row["Responded"] = "Yes"
            row["External support"] = "Yes" if h.hid in received else "No"
            if h.hid in received:
                kinds = rng.choice([["in kind"], ["in kind"], ["in kind", "financial"], ["financial"]])
                row["Kind"] = untidy_list(kinds, rng, messy=0.3)
        world.survey.append(row)


def mandate_rows(world: MandateWorld) -> list[dict[str, str]]:
    return [
        {
            "Mandate": m.name,
            "Title": m.title,
            "Type": m.type,
            "Kind": m.kind,
            "Country ISO3": m.country,
            "Established": fmt(m.established),
            "Resolution": m.resolution,
            "Ended": fmt(m.ended),
        }
        for m in world.mandates
    ]


def holder_rows(world: MandateWorld) -> list[dict[str, str]]:
    return [
        {
            "Holder id": str(h.hid),
            "Name": h.name,
            "Mandate": h.mandate,
            "Role": h.role,
            "Gender": h.gender,
            "Nationality": h.nationality,
            "Appointed": fmt(h.appointed),
            "Term start": fmt(h.start),
            "Term end": fmt(h.end),
        }
        for h in world.holders
    ]


__all__ = ["Mandate", "MandateWorld", "build_mandates", "mandate_rows", "holder_rows", "serving_at", "shift_years"]
