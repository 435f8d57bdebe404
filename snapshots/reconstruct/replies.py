"""Replies to communications and follow-up letters (synthetic rows, published totals).

Replies received in the report year answer letters of that year and of the year before; some
letters get two replies (an acknowledgement, then a substantive answer). Replies that arrive in
January of the next year answer letters of the report year and must not count for it.
"""

from __future__ import annotations

from datetime import date, timedelta

from .common import Ctx, fmt, untidy_list
from .comms import Comm


class ReplyMaker:
    def __init__(self, ctx: Ctx, rng) -> None:
        self.ctx = ctx
        self.rng = rng
        self.rows: list[tuple[date, Comm, bool]] = []

    def answer(self, comms: list[Comm], count: int, substantive: int, lo: date, hi: date, doubles: int = 0) -> None:
        """`count` replies dated lo..hi to letters sent before lo..hi, `substantive` of them Yes."""
        rng = self.rng
        able = [c for c in comms if c.date + timedelta(days=7) <= hi]
        singles = count - 2 * doubles
        chosen = rng.sample(able, singles + doubles)
        plan: list[tuple[Comm, bool]] = []
        no_single = count - substantive - doubles
        for i, c in enumerate(chosen):
            if i < doubles:  # acknowledgement first, substantive answer later
                plan += [(c, False), (c, True)]
            else:
                plan.append((c, i - doubles >= no_single))
        for c, subst in plan:
            start = max(lo, c.date + timedelta(days=7))
            span = (hi - start).days
            first = start + timedelta(days=min(span, rng.randint(0, 120)))
            self.rows.append((first, c, subst))
        # a second reply comes after the first: order each letter's replies by date
        by_comm: dict[str, list[int]] = {}
        for i, (_, c, _) in enumerate(self.rows):
            by_comm.setdefault(c.ref, []).append(i)
        for idx in by_comm.values():
            if len(idx) > 1:
                dates = sorted(self.rows[i][0] for i in idx)
                subst = [self.rows[i][2] for i in idx]
                order = sorted(range(len(idx)), key=lambda k: subst[k])  # acknowledgements first
                for slot, k in enumerate(order):
                    d, c, s = self.rows[idx[k]]
                    self.rows[idx[k]] = (dates[slot], c, s)

    def table(self) -> dict[int, list[dict[str, str]]]:
        by_year: dict[int, list[dict[str, str]]] = {}
        ordered = sorted(self.rows, key=lambda r: (r[0], r[1].gid))
        for rid, (d, c, subst) in enumerate(ordered, start=61001):
            sender = c.actors[rid % len(c.actors)] if c.actors else self.ctx.country(c.code)["name_en"]
            by_year.setdefault(d.year, []).append(
                {
                    "Reply gId": str(rid),
                    "Ref. no.": c.ref,
                    "Date": fmt(d),
                    "From": sender,
                    "Substantive": "Yes" if subst else "No",
                }
            )
        return by_year


def build_replies(ctx: Ctx, n: dict[str, int], before: list[Comm], now: list[Comm], rng):
    Y = ctx.year
    maker = ReplyMaker(ctx, rng)
    # the year before answers some of its own letters within that year
    maker.answer(
        before,
        round(len(before) * 0.45),
        round(len(before) * 0.41),
        date(Y - 1, 1, 10),
        date(Y - 1, 12, 31),
        doubles=12,
    )
    # the report year: replies to its own letters, then replies to last year's letters
    to_year, to_year_subst = n["rep.to_year"], n["rep.to_year_subst"]
    doubles = min(20, to_year - to_year_subst)
    answered = {c.ref for _, c, _ in maker.rows}
    late = [c for c in before if c.ref not in answered and c.date >= date(Y - 1, 6, 1)]
    maker.answer(now, to_year, to_year_subst, date(Y, 1, 10), date(Y, 12, 31), doubles=doubles)
    earlier = n["rep.received"] - to_year
    maker.answer(late, earlier, n["rep.received_subst"] - to_year_subst, date(Y, 1, 2), date(Y, 9, 30))
    # January of the next year: late answers to letters of the report year
    answered = {c.ref for _, c, _ in maker.rows}
    december = [c for c in now if c.date >= date(Y, 10, 15) and c.ref not in answered]
    jan = ReplyMaker(ctx, rng)
    jan.answer(december, min(24, len(december)), min(20, len(december)), date(Y + 1, 1, 3), date(Y + 1, 1, 30))
    maker.rows += [(d, c, s) for d, c, s in jan.rows if d > ctx.cutoff]
    return maker.table()


def build_followups(ctx: Ctx, n_now: int, before: list[Comm], now: list[Comm], rng) -> dict[int, list[dict]]:
    Y = ctx.year
    out: dict[int, list[tuple[date, Comm]]] = {Y - 1: [], Y: []}
    for year, count, pool in ((Y - 1, round(n_now * 0.85), before), (Y, n_now, before + now)):
        able = [c for c in pool if c.date < date(year, 11, 30)]
        for c in rng.choices(able, k=count):
            lo = max(date(year, 1, 4), c.date + timedelta(days=30))
            d = lo + timedelta(days=rng.randint(0, max(0, (date(year, 12, 28) - lo).days)))
            out[year].append((d, c))
    rows: dict[int, list[dict]] = {}
    gid = 90001
    for year in (Y - 1, Y):
        for d, c in sorted(out[year], key=lambda t: (t[0], t[1].gid)):
            mandates = sorted(rng.sample(c.mandates, rng.randint(1, len(c.mandates))))
            rows.setdefault(year, []).append(
                {"gId": str(gid), "Date": fmt(d), "Ref. no.": c.ref, "Mandates": untidy_list(mandates, rng)}
            )
            gid += 1
    return rows
