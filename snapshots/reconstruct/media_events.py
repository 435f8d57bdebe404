"""Media products and events of the year.

Real: the dates and places of the two forums and the annual meeting, the Security Council
meetings of paras 37-39, the published counts of the Forum on Business and Human Rights.
Synthetic: every media product (titles say so), the other events, the split of the Minority
Forum's participants between in person and online, the previous year's forums.
"""

from __future__ import annotations

from datetime import date, timedelta

from .common import Ctx, rand_date, read_lookup
from .mandates import MandateWorld
from .plan import Plan

MEDIA_TYPES = (
    ("pr", "press release", "media.pr"),
    ("ma", "media advisory", "media.ma"),
    ("ms", "media statement", "media.ms"),
)
SLUG = {"pr": "press-releases", "ma": "media-advisories", "ms": "statements"}
EVENT_TYPES = (("consultation", 30), ("expert meeting", 20), ("seminar", 15), ("event", 35))
PLACES = (
    ("Geneva", 40),
    ("Online", 25),
    ("New York", 15),
    ("Bangkok", 4),
    ("Nairobi", 4),
    ("Panama City", 4),
    ("Brussels", 4),
    ("Vienna", 4),
)


def build_media(ctx: Ctx, plan: Plan, world: MandateWorld) -> list[dict]:
    rng = ctx.rng("media")
    Y = ctx.year
    items = []
    for prefix, kind, key in MEDIA_TYPES:
        dates = sorted(rand_date(rng, date(Y, 1, 3), date(Y, 12, 22)) for _ in range(plan.n[key]))
        for i, d in enumerate(dates, start=1):
            acting = [m.name for m in world.mandates if m.in_force(d) and m.established <= d - timedelta(days=120)]
            mandates = sorted(rng.sample(acting, rng.choice((1, 1, 2, 3, 5))))
            ident = f"{prefix}-{Y}-{i:04d}"
            items.append(
                {
                    "id": ident,
                    "date": d.isoformat(),
                    "type": kind,
                    "title": f"{kind.capitalize()} {i} of {Y} by {', '.join(mandates)} (reconstruction)",
                    "mandates": mandates,
                    "url": f"https://www.ohchr.org/en/{SLUG[prefix]}/{Y}/{d.month:02d}/{ident}",
                }
            )
    return sorted(items, key=lambda x: (x["date"], x["id"]))


def event(ident: str, name: str, series, kind: str, start: date, end: date, place: str, **counts):
    out = {
        "id": ident,
        "name": name,
        "series": series,
        "type": kind,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "place": place,
    }
    for key in ("participants_in_person", "participants_online", "countries", "sessions", "panellists"):
        out[key] = counts.get(key)
    return out


def build_events(ctx: Ctx, plan: Plan, world: MandateWorld) -> dict[int, list[dict]]:
    rng = ctx.rng("events")
    Y = ctx.year
    n = plan.n
    real = {r["key"]: r for r in read_lookup("real_events.csv")}
    out: dict[int, list[dict]] = {Y - 1: [], Y: []}
    in_person = round(n["minority.participants"] * 0.68)
    counts = {
        "minority_forum": {
            "participants_in_person": in_person,
            "participants_online": n["minority.participants"] - in_person,
        },
        "business_forum": {
            "participants_in_person": n["business.in_person"],
            "participants_online": n["business.online"],
            "countries": n["business.countries"],
            "sessions": n["business.sessions"],
            "panellists": n["business.panellists"],
        },
    }
    for key, r in sorted(real.items()):
        out[Y].append(
            dict(
                name=r["name"],
                series=r["series"] or None,
                kind=r["type"],
                start=ctx.real_date(r["start"]),
                end=ctx.real_date(r["end"]),
                place=r["place"],
                counts=counts.get(key, {}),
            )
        )
    out[Y].append(
        dict(
            name=f"Social Forum {Y}",
            series="Social Forum",
            kind="forum",
            start=date(Y, 11, 2),
            end=date(Y, 11, 3),
            place="Geneva",
            counts={},
        )
    )
    # the previous year's forums: same series, a year earlier, other counts
    for key in ("minority_forum", "business_forum"):
        r = real[key]
        start, end = ctx.real_date(r["start"]), ctx.real_date(r["end"])
        prev = {k: round(v * rng.uniform(0.8, 1.1)) for k, v in counts[key].items()}
        out[Y - 1].append(
            dict(
                name=f"{r['name']} (previous session)",
                series=r["series"],
                kind="forum",
                start=date(Y - 1, start.month, start.day),
                end=date(Y - 1, end.month, end.day),
                place="Geneva",
                counts=prev,
            )
        )
    for year, total in ((Y - 1, 40), (Y, n["events.count"] - len(out[Y]))):
        for _ in range(total):
            start = rand_date(rng, date(year, 1, 9), date(year, 12, 15))
            kind = rng.choices([k for k, _ in EVENT_TYPES], weights=[w for _, w in EVENT_TYPES])[0]
            place = rng.choices([p for p, _ in PLACES], weights=[w for _, w in PLACES])[0]
            m = rng.choice(world.thematic_in_force(start))
            counts_ = {}
            if rng.random() < 0.3:
                counts_["participants_in_person"] = rng.randint(15, 120) if place != "Online" else 0
                counts_["participants_online"] = rng.randint(0, 200)
            out[year].append(
                dict(
                    name=f"{kind.capitalize()} with the {m.name} mandate (reconstruction)",
                    series=None,
                    kind=kind,
                    start=start,
                    end=start + timedelta(days=rng.choice((0, 0, 0, 1, 2))),
                    place=place,
                    counts=counts_,
                )
            )
    result = {}
    for year, evs in out.items():
        evs.sort(key=lambda e: (e["start"], e["name"]))
        result[year] = [
            event(
                f"ev-{year}-{i:04d}", e["name"], e["series"], e["kind"], e["start"], e["end"], e["place"], **e["counts"]
            )
            for i, e in enumerate(evs, start=1)
        ]
    return result
