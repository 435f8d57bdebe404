"""Reports issued in the report year, as MARC records.

Real: every symbol of reports_cited_2023.csv with its mandates and themes, the corrigendum
A/HRC/54/67/Corr.1, the thematic addenda (typed `Thematic report`), the previous annual report
A/HRC/52/70 and its addendum (para 63). Synthetic: the other symbols (numbers not used by a real
document of this list), titles, dates, and which visits the country visit reports describe.
"""

from __future__ import annotations

import re
from datetime import date

from .common import Ctx, rand_date, read_lookup
from .mandates import MandateWorld
from .plan import Plan
from .visits_plan import StatePlan, Visit, shift_symbol

GA_SYMBOL = re.compile(r"^A/(\d+)/")


def session_window(ctx: Ctx, symbol: str) -> tuple[date, date]:
    """When documents of the symbol's session are issued."""
    Y = ctx.year
    m = GA_SYMBOL.match(symbol)
    if m:
        return (date(Y, 1, 9), date(Y, 1, 31)) if int(m.group(1)) < Y - 1945 else (date(Y, 7, 10), date(Y, 10, 20))
    session = int(symbol.split("/")[2]) - (52 + 3 * ctx.dy)
    return [(date(Y, 1, 5), date(Y, 2, 28)), (date(Y, 4, 3), date(Y, 5, 31)), (date(Y, 7, 3), date(Y, 8, 31))][session]


class Numbers:
    """Free document numbers per body and session."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, prefix: str, lo: int, rng) -> str:
        while True:
            symbol = f"{prefix}/{rng.randint(lo, lo + 60 if lo < 100 else lo + 200)}"
            if symbol not in self.used:
                self.used.add(symbol)
                return symbol


def build_reports(ctx: Ctx, plan: Plan, world: MandateWorld, sp: StatePlan) -> list[dict]:
    rng = ctx.rng("reports")
    Y, dy = ctx.year, ctx.dy
    sessions = [f"A/HRC/{52 + 3 * dy + i}" for i in range(3)]
    ga = f"A/{78 + dy}"
    acting = [m for m in world.mandates if m.in_force(ctx.cutoff) and m.established.year < Y]
    numbers = Numbers()
    docs: list[dict] = []  # symbol, mandates, themes, type, country, title

    def doc(symbol: str, mandates: list[str], kind: str, themes=(), country: str = "", title: str = ""):
        numbers.used.add(symbol.split("/Add.")[0].split("/Corr.")[0])
        numbers.used.add(symbol)
        docs.append(
            {
                "symbol": symbol,
                "mandates": mandates,
                "themes": list(themes),
                "type": kind,
                "country": country,
                "title": title or f"Report of the {world.get(mandates[0]).title}",
            }
        )

    for row in read_lookup("reports_cited_2023.csv"):
        themes = [t for t in row["themes"].split(";") if t]
        doc(shift_symbol(row["symbol"], dy), row["mandates"].split(";"), "Thematic report", themes)
    main: dict[str, str] = {}
    for d in docs:
        if d["symbol"].startswith("A/HRC/"):
            main.setdefault(d["mandates"][0], d["symbol"].split("/Add.")[0])
    for d in list(docs):  # an addendum's main report is a report of the year too
        base = d["symbol"].split("/Add.")[0]
        if base != d["symbol"] and not any(x["symbol"] == base for x in docs):
            doc(base, d["mandates"], "Thematic report")
    for m in acting:  # every mandate reports to the Council once a year
        if m.name not in main:
            main[m.name] = numbers.take(rng.choice(sessions), 20, rng)
            doc(main[m.name], [m.name], "Thematic report")
    hrc_thematic = plan.n["reports.hrc"] - plan.n["reports.cv"]
    count = sum(1 for d in docs if d["symbol"].startswith("A/HRC/"))
    if count > hrc_thematic:
        raise ValueError(f"{count} Council reports already, only {hrc_thematic} thematic wanted")
    for m in rng.sample(acting, hrc_thematic - count):  # some mandates present a second report
        doc(numbers.take(rng.choice(sessions), 20, rng), [m.name], "Thematic report")
    with_ga = {d["mandates"][0] for d in docs if GA_SYMBOL.match(d["symbol"])}
    count = sum(1 for d in docs if GA_SYMBOL.match(d["symbol"]))
    pool = [m for m in acting if m.name not in with_ga]
    for m in rng.sample(pool, plan.n["reports.ga"] - count):
        doc(numbers.take(ga, 150, rng), [m.name], "Thematic report")
    for v in pick_visits_reported(ctx, plan, world, sp, rng):
        base = main[v.mandate]
        k = 1
        while f"{base}/Add.{k}" in numbers.used:
            k += 1
        v.report = f"{base}/Add.{k}"
        doc(
            v.report,
            [v.mandate],
            "Country visit report",
            country=v.iso3,
            title=f"Visit to {v.host}: report of the {world.get(v.mandate).title}",
        )
    uncounted(ctx, world, acting, sessions, numbers, doc, rng)
    return marc_records(ctx, docs, rng)


def pick_visits_reported(ctx: Ctx, plan: Plan, world: MandateWorld, sp: StatePlan, rng) -> list[Visit]:
    """Visits of the year before (and early in the year) whose reports are issued in the year."""
    Y = ctx.year
    thematic = {m.name for m in world.mandates if m.type == "Thematic"}
    pool = [
        v
        for v in sp.visits
        if v.host_type != "Institution"
        and v.mandate in thematic
        and not v.report
        and date(Y - 1, 1, 1) <= v.start <= date(Y, 2, 28)
        and v.end < date(Y, 5, 1)
    ]
    picked = sorted(rng.sample(pool, plan.n["reports.cv"]), key=lambda v: (v.start, v.mandate))
    return picked


def uncounted(ctx: Ctx, world: MandateWorld, acting, sessions, numbers, doc, rng) -> None:
    """Documents of the year that are not reports presented: they must not be counted."""
    Y, dy = ctx.year, ctx.dy
    everyone = [m.name for m in acting]
    for s in sessions:
        doc(
            numbers.take(s, 2, rng),
            everyone,
            "Communications report",
            title="Communications of special procedures: report",
        )
    annual = shift_symbol("A/HRC/52/70", dy)
    doc(annual, everyone, "Annual report", title=f"Report on the activities of special procedures in {Y - 1}")
    doc(annual + "/Add.1", everyone, "Annual report", title=f"Facts and figures of special procedures in {Y - 1}")
    doc(
        shift_symbol("A/HRC/54/67/Corr.1", dy),
        ["WG people of African descent"],
        "Corrigendum",
        ["finance_economy"],
        title="Report of the Working Group of Experts on People of African Descent: corrigendum",
    )
    doc(
        numbers.take(sessions[0], 60, rng),
        ["SR minority issues"],
        "Forum report",
        title=f"Report of the Forum on Minority Issues on its session of {Y - 1}",
    )
    doc(
        numbers.take(sessions[1], 40, rng),
        ["WG business and human rights"],
        "Forum report",
        title=f"Report of the Forum on Business and Human Rights on its session of {Y - 1}",
    )
    doc(
        numbers.take(sessions[2], 60, rng),
        ["SR torture", "SR executions"],
        "Other",
        title="Note by the secretariat on joint activities of special procedures",
    )


def marc_records(ctx: Ctx, docs: list[dict], rng) -> list[dict]:
    records = []
    for i, d in enumerate(sorted(docs, key=lambda d: d["symbol"])):
        lo, hi = session_window(ctx, d["symbol"])
        fields = [
            ("191", [("a", d["symbol"])]),
            ("245", [("a", d["title"])]),
            ("269", [("a", rand_date(rng, lo, hi).isoformat())]),
        ]
        fields += [("710", [("a", m)]) for m in d["mandates"]]
        if d["country"]:
            fields.append(("651", [("a", d["country"])]))
        if rng.random() < 0.5:  # library subject headings: not a theme
            fields.append(("650", [("a", "HUMAN RIGHTS"), ("2", "unbist")]))
        fields += [("650", [("a", t), ("2", "sp-theme")]) for t in d["themes"]]
        fields.append(("989", [("a", d["type"])]))
        records.append({"001": str(4010001 + i), "fields": fields})
    return records
