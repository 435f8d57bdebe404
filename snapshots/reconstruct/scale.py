"""A scaled source root for benchmarks: N times the volume of every year-split dataset.

`build_scaled_root(out_dir, n)` builds the bundled snapshot's tables, then appends n - 1 copies
of every year-split dataset with new keys (copy 0 is the snapshot itself). Rows keep their dates
and values, so the distributions stay those of the snapshot; only keys move, and every key that
another dataset names moves the same way, so the integrity rules of docs/sources.md still hold:
keys stay unique, replies and follow-ups name communications of their copy, `Ref. no.` numbering
still restarts at 1 per CODE and year (copy k numbers max*k+1 .. max*(k+1)), WGAD releases name
opinions of their copy, visit events keep one mandate and one host per request.

The reference-like datasets stay as they are: mandates, positions, standing invitations and
holders (one row per person and term: more holders than mandates would not be the same world),
and therefore the holder survey too (external-support is split by year, but it is one answer per
holder of holders.csv; copying it would answer twice for one holder). Events of a recurring
series (the forums) are not copied either: each series meets once a year (copied_row).

Never committed: `python -m snapshots.reconstruct --scale 100 --out /tmp/x100`. Scale 0 writes
the near-empty root: every table of the snapshot with its first row only (benchmarks subtract
its fixed costs; its replies may name letters it lacks, which staging rejects as it should).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from .build import SEED, build_tables, snapshot_quirks
from .common import DATA_DIR
from .writer import Table, write_root

UNSCALED = {"mandates", "positions", "standing-invitations", "holders", "external-support"}
REF_NO = re.compile(r"^([A-Z]{3}) ([0-9]+)/([0-9]{4})$")
OPINION = re.compile(r"^([0-9]+)/([0-9]{4})$")
TAIL_NUMBER = re.compile(r"^(.*-)([0-9]+)$")  # media and event ids: ms-2023-0001, ev-2023-0001


def span(values) -> int:
    """A power of ten above every value: copy k adds k * span, so copies never collide."""
    top = max((int(v) for v in values), default=0)
    return 10 ** len(str(top))


class Keys:
    """The new key of every key kind, for copy k, derived from the whole snapshot at once."""

    def __init__(self, tables: list[Table]) -> None:
        rows = {}
        for t in tables:
            rows.setdefault(t.dataset, []).extend(t.rows)
        comms = rows.get("communications", [])
        self.ref_max: dict[tuple[str, str], int] = {}
        for c in comms:
            code, n, year = REF_NO.match(c["Ref. no."]).groups()
            self.ref_max[(code, year)] = max(self.ref_max.get((code, year), 0), int(n))
        self.opinion_max: dict[str, int] = {}
        for o in rows.get("wgad-opinions", []):
            n, year = OPINION.match(o["Opinion"]).groups()
            self.opinion_max[year] = max(self.opinion_max.get(year, 0), int(n))
        self.gid = span(r["gId"] for r in comms + rows.get("followups", []))
        self.reply = span(r["Reply gId"] for r in rows.get("replies", []))
        events = rows.get("visit-events", [])
        self.event = span(r["Event id"] for r in events)
        self.request = span(r["Request id"] for r in events)
        self.case = span(r["Case id"] for r in rows.get("wgeid-cases", []) + rows.get("wgeid-clarifications", []))
        self.record = span(r["001"] for r in rows.get("reports", []))
        symbols = [s for r in rows.get("reports", []) for s in symbols_of(r)]
        symbols += [e["Report symbol"] for e in events if e["Report symbol"]]
        self.symbol = span(doc_number(s)[1] for s in symbols)
        self.tail = span(TAIL_NUMBER.match(r["id"]).group(2) for r in rows.get("media", []) + rows.get("events", []))

    def ref_no(self, ref: str, k: int) -> str:
        code, n, year = REF_NO.match(ref).groups()
        return f"{code} {int(n) + k * self.ref_max.get((code, year), 10**6)}/{year}"

    def opinion(self, opinion: str, k: int) -> str:
        n, year = OPINION.match(opinion).groups()
        return f"{int(n) + k * self.opinion_max.get(year, 10**6)}/{year}"

    def symbol_of(self, symbol: str, k: int) -> str:
        """A/HRC/53/27 -> A/HRC/53/1027 (k=1, span 1000); Add. and Corr. parts are kept."""
        parts, at = symbol.split("/"), doc_number(symbol)[0]
        parts[at] = str(int(parts[at]) + k * self.symbol)
        return "/".join(parts)

    def tail_id(self, ident: str, k: int) -> str:
        head, n = TAIL_NUMBER.match(ident).groups()
        return f"{head}{int(n) + k * self.tail:0{len(n)}d}"


def doc_number(symbol: str) -> tuple[int, int]:
    """Index and value of a symbol's document number: the last plain number before Add./Corr./Rev."""
    parts = symbol.split("/")
    at = max(i for i, p in enumerate(parts) if p.isdigit())
    return at, int(parts[at])


def symbols_of(record: dict) -> list[str]:
    return [v for tag, subs in record["fields"] if tag == "191" for code, v in subs if code == "a"]


def plus(field: str, step: int) -> Callable[[dict, int], dict]:
    return lambda row, k: {**row, field: str(int(row[field]) + k * step)}


def copier(dataset: str, keys: Keys) -> Callable[[dict, int], dict]:
    """How one row of a dataset becomes its copy k (k >= 1)."""
    if dataset == "communications":
        return lambda r, k: {**r, "gId": str(int(r["gId"]) + k * keys.gid), "Ref. no.": keys.ref_no(r["Ref. no."], k)}
    if dataset == "followups":
        return lambda r, k: {**r, "gId": str(int(r["gId"]) + k * keys.gid), "Ref. no.": keys.ref_no(r["Ref. no."], k)}
    if dataset == "replies":
        return lambda r, k: {
            **r,
            "Reply gId": str(int(r["Reply gId"]) + k * keys.reply),
            "Ref. no.": keys.ref_no(r["Ref. no."], k),
        }
    if dataset == "visit-events":
        return lambda r, k: {
            **r,
            "Event id": str(int(r["Event id"]) + k * keys.event),
            "Request id": str(int(r["Request id"]) + k * keys.request),
            "Report symbol": keys.symbol_of(r["Report symbol"], k) if r["Report symbol"] else "",
        }
    if dataset in ("wgeid-cases", "wgeid-clarifications"):
        return plus("Case id", keys.case)
    if dataset in ("wgad-opinions", "wgad-releases"):
        return lambda r, k: {**r, "Opinion": keys.opinion(r["Opinion"], k)}
    if dataset == "reports":
        return lambda r, k: {
            "001": str(int(r["001"]) + k * keys.record),
            "fields": [
                (tag, [(c, keys.symbol_of(v, k)) for c, v in subs]) if tag == "191" else (tag, subs)
                for tag, subs in r["fields"]
            ],
        }
    if dataset == "media":

        def media(r: dict, k: int) -> dict:
            new = keys.tail_id(r["id"], k)
            return {**r, "id": new, "url": r["url"].replace(r["id"], new)}

        return media
    if dataset == "events":
        return lambda r, k: {**r, "id": keys.tail_id(r["id"], k)}
    raise ValueError(f"no copier for {dataset}")


def copied_row(dataset: str, row: dict) -> bool:
    """A recurring forum (an event with a `series`) happens once a year, in every copy of the world:
    docs/figures.md reads "the event of series ... starting in Y", so it is not copied."""
    return not (dataset == "events" and row.get("series"))


def scale_tables(tables: list[Table], n: int) -> list[Table]:
    """Every year-split table (but the survey) with n - 1 re-keyed copies appended; others as they are."""
    if n < 0:
        raise ValueError("scale must be 0 or more")
    if n == 0:  # the near-empty root of the benchmarks (a stage's fixed cost): one record per table,
        # as a JSON Lines file with no record has no columns, which the loader rightly refuses
        return [Table(t.dataset, t.year, t.format, t.rows[:1], t.columns) for t in tables]
    keys = Keys(tables)
    out = []
    for t in tables:
        if t.dataset in UNSCALED or n == 1:
            out.append(t)
            continue
        copy = copier(t.dataset, keys)
        copied = [r for r in t.rows if copied_row(t.dataset, r)]
        rows = list(t.rows) + [copy(r, k) for k in range(1, n) for r in copied]
        out.append(Table(t.dataset, t.year, t.format, rows, t.columns))
    return out


def build_scaled_root(out_dir: Path | str, n: int, year: int = 2023) -> list[dict]:
    """Write the bundled snapshot scaled n times into out_dir (emptied first); return its entries."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    tables, ctx = build_tables(year, SEED, False)
    head = {"contract": 1, "snapshot": f"reconstruction-{year}-x{n}", "published": ctx.published.isoformat()}
    entries = write_root(out_dir, scale_tables(tables, n), snapshot_quirks(year), head, ctx.rng("layout-cells"))
    (out_dir / "PROVENANCE.md").write_bytes((DATA_DIR / "PROVENANCE.md").read_bytes())
    return entries
