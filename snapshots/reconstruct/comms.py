"""Communications sent in the year before and in the report year (all synthetic rows).

The report year's rows add up to the published totals: letters, joint letters, States and
non-State actors addressed, individuals and women, letters on reprisals. Non-State actors have
neutral placeholder names ("Company 017"). The year before is built the same way with other
counts, so that replies received in the report year can answer earlier letters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .common import Ctx, compose, fmt, rand_date, read_lookup, untidy_list, weighted_sample
from .mandates import MandateWorld

NSA_KINDS = (("Company", 70), ("International organization", 12), ("Armed group", 10), ("De facto authorities", 8))
TYPE_WEIGHTS = (("AL", 45), ("UA", 30), ("OL", 25))


@dataclass
class Comm:
    date: date
    type: str
    code: str  # ISO3 or OTH
    actors: list[str]
    mandates: list[str]
    victims: int = 0
    women: int = 0
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    ref: str = ""
    gid: int = 0


def nsa_names(count: int, rng) -> list[str]:
    kinds = [k for k, w in NSA_KINDS for _ in range(w)]
    counters: dict[str, int] = {}
    names = []
    for _ in range(count):
        kind = rng.choice(kinds)
        counters[kind] = counters.get(kind, 0) + 1
        names.append(f"{kind} {counters[kind]:03d}")
    return names


def build_year(ctx: Ctx, world: MandateWorld, year: int, n: dict[str, int], rng) -> list[Comm]:
    """One year of communications with exactly the counts in `n` (see comm_targets)."""
    lo, hi = date(year, 1, 3), date(year, 12, 29)
    summaries = read_lookup("summaries.csv")
    tags = read_lookup("tags.csv")
    addressable = [r for r in ctx.countries if r["regional_group"] and r["un_status"] != "Territory"]
    weights = [1 + (ord(r["iso3"][0]) * 7 + ord(r["iso3"][2])) % 9 for r in addressable]
    states = [r["iso3"] for r in weighted_sample(rng, addressable, weights, n["states"])]
    n_oth = n["oth"]
    comms: list[Comm] = []
    # reprisals: one letter to each of a few States, one letter to each of a few non-State actors
    rep_states = rng.sample(states, n["rep_states"])
    for iso in rep_states + rng.choices(rep_states, k=n["rep_comms"] - n["rep_states"] - n["rep_nsa"]):
        comms.append(Comm(rand_date(rng, lo, hi), "", iso, [], [], tags=["reprisals"]))
    names = nsa_names(n["nsa"], rng)
    for name in names[: n["rep_nsa"]]:
        comms.append(Comm(rand_date(rng, lo, hi), "", "OTH", [name], [], tags=["reprisals"]))
    # letters to non-State actors: every name addressed at least once, some several times
    rest_oth = n_oth - n["rep_nsa"]
    groups = [[] for _ in range(rest_oth)]
    for i, name in enumerate(names[n["rep_nsa"] :]):
        groups[i % rest_oth].append(name)
    for g in groups:
        g.extend(x for x in rng.sample(names, rng.randint(0, 2)) if x not in g)
        comms.append(Comm(rand_date(rng, lo, hi), "", "OTH", sorted(g), []))
    # letters to States: every chosen State at least once
    state_letters = n["sent"] - len(comms)
    for iso in states + rng.choices(
        states, weights=[3 if i < 25 else 1 for i in range(len(states))], k=state_letters - len(states)
    ):
        comms.append(Comm(rand_date(rng, lo, hi), "", iso, [], []))
    comms.sort(key=lambda c: (c.date, c.code, c.actors))
    joint = set(rng.sample(range(len(comms)), n["joint"]))
    for i, c in enumerate(comms):
        base = (
            "OL"
            if c.code == "OTH" and rng.random() < 0.6
            else rng.choices([t for t, _ in TYPE_WEIGHTS], weights=[w for _, w in TYPE_WEIGHTS])[0]
        )
        c.mandates = pick_mandates(rng, world, c, i in joint)
        c.type = ("J" if len(c.mandates) > 1 else "") + base
        if not c.tags and rng.random() < 0.3:
            c.tags = sorted(
                set(
                    rng.choices([t["tag"] for t in tags], weights=[int(t["weight"]) for t in tags], k=rng.randint(1, 2))
                )
            )
        kind = "REPRISAL" if "reprisals" in c.tags else ("OTH" if c.code == "OTH" else base)
        c.summary = rng.choice([s["text"] for s in summaries if s["kind"] == kind])
    multiline = next(c for c in comms if c.code != "OTH" and c.type.endswith("AL"))
    multiline.summary = next(s["text"] for s in summaries if s["kind"] == "MULTILINE")
    spread_victims(rng, comms, n["individuals"], n["women"])
    counters: dict[str, int] = {}
    for c in comms:
        counters[c.code] = counters.get(c.code, 0) + 1
        c.ref = f"{c.code} {counters[c.code]}/{year}"
    return comms


def pick_mandates(rng, world: MandateWorld, c: Comm, joint: bool) -> list[str]:
    pool = [m.name for m in world.thematic_in_force(c.date)]
    own = [m.name for m in world.mandates if m.type == "Country" and m.in_force(c.date) and m.request_host == c.code]
    k = rng.choice((2, 2, 3, 3, 4, 5, 6, 8)) if joint else 1
    chosen = own[:1] if own and rng.random() < 0.5 else []
    chosen += [m for m in rng.sample(pool, k) if m not in chosen]
    return sorted(chosen[:k])


def spread_victims(rng, comms: list[Comm], total: int, women: int) -> None:
    """Individuals on allegation letters and urgent appeals; women never more than individuals."""
    cases = [c for c in comms if not c.type.endswith("OL")]
    counts = [1] * len(cases)
    extra = (
        compose(rng, total - len(cases), [rng.choice((0, 0, 1, 2, 4, 12)) for _ in cases])
        if total >= len(cases)
        else None
    )
    if extra is None:
        raise ValueError(f"{total} individuals cannot cover {len(cases)} letters")
    for c, one, more in zip(cases, counts, extra, strict=False):
        c.victims = one + more
    for c, w in zip(cases, compose(rng, women, [c.victims for c in cases]), strict=False):
        c.women = w


def comm_rows(ctx: Ctx, comms: list[Comm], rng) -> list[dict[str, str]]:
    ohchr = {r["key"]: r["ohchr_region"] for r in read_lookup("ohchr_regions.csv")}
    rows = []
    for c in comms:
        country = ctx.country(c.code) if c.code != "OTH" else None
        rows.append(
            {
                "gId": str(c.gid),
                "Date": fmt(c.date),
                "Type": c.type,
                "Ref. no.": c.ref,
                "Country": country["name_en"] if country else "Other",
                "Non-State actors": untidy_list(c.actors, rng) if c.actors else "",
                "Mandates": untidy_list(c.mandates, rng),
                "Summary": c.summary,
                "UN Region": country["regional_group"] if country else "",
                "OHCHR Region": ohchr.get(c.code, ohchr.get(country["regional_group"])) if country else "",
                "Nb. of alleged victims": str(c.victims),
                "Nb. of alleged victims (women)": str(c.women),
                "Tags": untidy_list(c.tags, rng) if c.tags else "",
            }
        )
    return rows


def number(comms_by_year: list[list[Comm]]) -> None:
    gid = 27001
    for comms in comms_by_year:
        for c in comms:
            c.gid = gid
            gid += 1 + (c.date.day % 3 == 0)  # deleted drafts leave gaps in real id sequences


def comm_targets(plan_n: dict[str, int], rng, scale: float = 1.0) -> dict[str, int]:
    """The counts build_year needs, from the plan (scale < 1 for the year before)."""

    def s(key: str) -> int:
        return round(plan_n[key] * scale)

    nsa = s("comm.nsa")
    return {
        "sent": s("comm.sent"),
        "joint": s("comm.joint"),
        "states": s("comm.states"),
        "nsa": nsa,
        "oth": max(plan_n["reprisal.nsa"] + 5, round(nsa / 2.7)),
        "individuals": s("comm.individuals"),
        "women": s("comm.women"),
        "rep_comms": plan_n["reprisal.comms"] if scale == 1.0 else 9,
        "rep_states": plan_n["reprisal.states"] if scale == 1.0 else 8,
        "rep_nsa": plan_n["reprisal.nsa"] if scale == 1.0 else 1,
    }


__all__ = ["Comm", "build_year", "comm_rows", "comm_targets", "number", "timedelta"]
