"""Cases of the Working Group on Enforced or Involuntary Disappearances and opinions of the
Working Group on Arbitrary Detention.

Real: the non-State cases of the report year by country and area (para 10). Synthetic: every
other case (country, dates, procedure), all opinions and releases; the year before (and, for
WGAD, two years before) exist so that clarifications and releases refer to records of the root.
"""

from __future__ import annotations

from datetime import date, timedelta

from .common import Ctx, fmt, rand_date
from .common import parse as fmt_date
from .plan import Plan


def case_countries(ctx: Ctx, rng, k: int) -> list[str]:
    members = sorted(ctx.members())
    return rng.sample(members, k)


def build_wgeid(ctx: Ctx, plan: Plan) -> tuple[dict[int, list], dict[int, list]]:
    rng = ctx.rng("wgeid")
    Y = ctx.year
    cases: dict[int, list[dict[str, str]]] = {}
    next_id = 10401
    for year, total, ua, non_state in (
        (Y - 1, round(plan.n["wgeid.cases"] * 0.8), None, None),
        (Y, plan.n["wgeid.cases"], plan.n["wgeid.ua"], plan.by_area),
    ):
        countries = case_countries(ctx, rng, 38)
        weights = [1 + 30 // (i + 1) for i in range(len(countries))]
        rows = []
        if non_state is None:
            non_state = [(ctx.country(c)["name_en"], "", rng.randint(1, 6)) for c in countries[:3]]
        for name, area, count in non_state:
            for _ in range(count):
                rows.append([ctx.iso3_of(name), "Non-State", area.capitalize() if area else ""])
        while len(rows) < total:
            rows.append([rng.choices(countries, weights=weights)[0], "State", ""])
        ua = ua if ua is not None else round(total * 0.75)
        urgent = set(rng.sample(range(total), ua))
        dated = []
        for i, (iso, perpetrator, area) in enumerate(rows):
            procedure = "Urgent action" if i in urgent else "Standard"
            dated.append((rand_date(rng, date(year, 1, 5), date(year, 12, 20)), iso, procedure, perpetrator, area))
        dated.sort()
        out = []
        for d, iso, procedure, perpetrator, area in dated:
            out.append(
                {
                    "Case id": str(next_id),
                    "Country ISO3": iso,
                    "Transmitted": fmt(d),
                    "Procedure": procedure,
                    "Alleged perpetrator": perpetrator,
                    "Area": area,
                }
            )
            next_id += 1
        cases[year] = out
    clarified: dict[int, list[dict[str, str]]] = {}
    for year, count in ((Y - 1, round(plan.n["wgeid.clarified"] * 0.8)), (Y, plan.n["wgeid.clarified"])):
        pool = [c for y in (Y - 1, Y) if y <= year for c in cases[y] if fmt_date(c["Transmitted"]) < date(year, 11, 1)]
        taken = {r["Case id"] for rows in clarified.values() for r in rows}
        pool = [c for c in pool if c["Case id"] not in taken]
        rows = []
        for c in rng.sample(pool, count):
            lo = max(date(year, 1, 3), fmt_date(c["Transmitted"]) + timedelta(days=10))
            rows.append(
                {
                    "Case id": c["Case id"],
                    "Clarified": fmt(rand_date(rng, lo, date(year, 12, 15))),
                    "Basis": rng.choice(("Government", "Government", "Sources")),
                }
            )
        clarified[year] = sorted(rows, key=lambda r: int(r["Case id"]))
    return cases, clarified


def build_wgad(ctx: Ctx, plan: Plan) -> tuple[dict[int, list], dict[int, list]]:
    rng = ctx.rng("wgad")
    Y = ctx.year
    opinions: dict[int, list[dict[str, str]]] = {}
    countries = case_countries(ctx, rng, 45)
    for year, count in (
        (Y - 2, plan.n["wgad.opinions"] + 9),
        (Y - 1, plan.n["wgad.opinions"] + 4),
        (Y, plan.n["wgad.opinions"]),
    ):
        # three sessions a year: spring, late summer, autumn
        sessions = [date(year, 3, 27), date(year, 8, 28), date(year, 11, 13)]
        sizes = [count // 3, count // 3, count - 2 * (count // 3)]
        rows = []
        n = 1
        for start, size in zip(sessions, sizes, strict=False):
            for _ in range(size):
                rows.append(
                    {
                        "Opinion": f"{n}/{year}",
                        "Country ISO3": rng.choice(countries),
                        "Adopted": fmt(start + timedelta(days=rng.randint(0, 9))),
                        "Persons": str(rng.choice((1, 1, 1, 2, 3, 5, 8))),
                        "Arbitrary": "Yes" if rng.random() < 0.93 else "No",
                    }
                )
                n += 1
        opinions[year] = rows
    releases: dict[int, list[dict[str, str]]] = {}
    released: set[tuple[str, int]] = set()
    for year, counted, own in ((Y - 1, 14, 4), (Y, plan.n["wgad.releases"], 6)):
        # `counted`: persons of opinions adopted before the year; `own`: of the year's opinions
        earlier = [
            (o, p)
            for y in (Y - 2, Y - 1)
            if y < year
            for o in opinions[y]
            if o["Arbitrary"] == "Yes"
            for p in range(1, int(o["Persons"]) + 1)
        ]
        current = [
            (o, p)
            for o in opinions[year]
            if o["Arbitrary"] == "Yes" and fmt_date(o["Adopted"]) < date(year, 11, 1)
            for p in range(1, int(o["Persons"]) + 1)
        ]
        rows = []
        for pool, k in ((earlier, counted), (current, own)):
            pool = [x for x in pool if (x[0]["Opinion"], x[1]) not in released]
            for o, p in rng.sample(pool, k):
                released.add((o["Opinion"], p))
                lo = max(date(year, 1, 5), fmt_date(o["Adopted"]) + timedelta(days=20))
                rows.append(
                    {"Opinion": o["Opinion"], "Person": str(p), "Reported": fmt(rand_date(rng, lo, date(year, 12, 20)))}
                )
        releases[year] = sorted(rows, key=lambda r: (fmt_date(r["Reported"]), r["Opinion"], int(r["Person"])))
    return opinions, releases
