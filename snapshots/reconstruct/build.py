"""Build a whole source root: every dataset of the contract, the manifest, the provenance note.

`build_root(out_dir)` writes the bundled snapshot (report year 2023, published figures).
`build_root(out_dir, year=2021, seed=7, variant=True)` writes a different but contract-valid
root for tests: another report year with every date moved, other counts, shuffled columns in
every CSV and other part splits. Nothing here reads the clock or the network.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import comms, mandates, media_events, replies, reports, visits_plan, visits_requests, wg
from .common import DATA_DIR, load_ctx
from .plan import perturb, plan_from_published
from .writer import Quirks, Table, write_root

SEED = 20231231
COLUMNS = {
    "communications": [
        "gId",
        "Date",
        "Type",
        "Ref. no.",
        "Country",
        "Non-State actors",
        "Mandates",
        "Summary",
        "UN Region",
        "OHCHR Region",
        "Nb. of alleged victims",
        "Nb. of alleged victims (women)",
        "Tags",
    ],
    "replies": ["Reply gId", "Ref. no.", "Date", "From", "Substantive"],
    "followups": ["gId", "Date", "Ref. no.", "Mandates"],
    "visit-events": [
        "Event id",
        "Request id",
        "Mandate",
        "Host",
        "Host ISO3",
        "Host type",
        "Status",
        "Date",
        "Visit start",
        "Visit end",
        "Report symbol",
    ],
    "standing-invitations": ["Country", "ISO3", "Status", "Extended", "Withdrawn"],
    "mandates": ["Mandate", "Title", "Type", "Kind", "Country ISO3", "Established", "Resolution", "Ended"],
    "positions": ["Mandate", "Position", "Created", "Abolished"],
    "holders": ["Holder id", "Name", "Mandate", "Role", "Gender", "Nationality", "Appointed", "Term start", "Term end"],
    "external-support": ["Holder id", "Responded", "External support", "Kind"],
    "wgeid-cases": ["Case id", "Country ISO3", "Transmitted", "Procedure", "Alleged perpetrator", "Area"],
    "wgeid-clarifications": ["Case id", "Clarified", "Basis"],
    "wgad-opinions": ["Opinion", "Country ISO3", "Adopted", "Persons", "Arbitrary"],
    "wgad-releases": ["Opinion", "Person", "Reported"],
}


def csv_table(dataset: str, year: int | None, rows: list[dict]) -> Table:
    return Table(dataset, year, "csv", rows, COLUMNS[dataset])


def by_year(dataset: str, grouped: dict[int, list[dict]]) -> list[Table]:
    return [csv_table(dataset, y, rows) for y, rows in sorted(grouped.items()) if rows]


def build_tables(year: int, seed: int, variant: bool) -> tuple[list[Table], object]:
    ctx = load_ctx(year, seed, variant)
    plan = plan_from_published(ctx.groups)
    if variant:
        plan = perturb(plan, ctx.rng("perturb"))
    Y = ctx.year
    world = mandates.build_mandates(ctx, plan)
    sp = visits_plan.categorize(ctx, plan)
    visits_plan.plan_visits(ctx, plan, world, sp)
    records = reports.build_reports(ctx, plan, world, sp)  # also names the visits' reports
    requests = visits_requests.build_requests(ctx, plan, world, sp)
    events_by_year: dict[int, list[dict]] = {}
    for row in visits_requests.event_rows(requests):
        events_by_year.setdefault(int(row["Date"][-4:]), []).append(row)
    rng = ctx.rng("communications")
    before = comms.build_year(ctx, world, Y - 1, comms.comm_targets(plan.n, rng, 0.9), rng)
    now = comms.build_year(ctx, world, Y, comms.comm_targets(plan.n, rng), rng)
    comms.number([before, now])
    reply_rows = replies.build_replies(ctx, plan.n, before, now, ctx.rng("replies"))
    followup_rows = replies.build_followups(ctx, plan.n["followups"], before, now, ctx.rng("followups"))
    cases, clarified = wg.build_wgeid(ctx, plan)
    opinions, releases = wg.build_wgad(ctx, plan)
    row_rng = ctx.rng("cells")
    tables = [
        csv_table("mandates", None, mandates.mandate_rows(world)),
        csv_table("positions", None, world.positions),
        csv_table("holders", None, mandates.holder_rows(world)),
        csv_table("external-support", Y, world.survey),
        csv_table("standing-invitations", None, visits_requests.invitation_rows(ctx, plan, sp)),
        csv_table("communications", Y - 1, comms.comm_rows(ctx, before, row_rng)),
        csv_table("communications", Y, comms.comm_rows(ctx, now, row_rng)),
        Table("reports", Y, "marcxml", records),
        Table("media", Y, "jsonl", media_events.build_media(ctx, plan, world)),
    ]
    tables += by_year("visit-events", events_by_year)
    tables += by_year("replies", reply_rows)
    tables += by_year("followups", followup_rows)
    tables += by_year("wgeid-cases", cases) + by_year("wgeid-clarifications", clarified)
    tables += by_year("wgad-opinions", opinions) + by_year("wgad-releases", releases)
    tables += [
        Table("events", y, "json", evs) for y, evs in sorted(media_events.build_events(ctx, plan, world).items())
    ]
    return tables, ctx


def snapshot_quirks(Y: int) -> dict:
    """Where the bundled snapshot is untidy, as real exports are (all within the contract)."""
    return {
        ("communications", Y): Quirks(parts=2),
        ("communications", Y - 1): Quirks(extra_column=("Language", ["English", "English", "French", "Spanish"])),
        ("replies", Y): Quirks(shuffle_columns=True),
        ("standing-invitations", None): Quirks(bom=True),
        ("reports", Y): Quirks(parts=2, xml_prefixes=("", "marc")),
    }


def variant_quirks(tables: list[Table], rng) -> dict:
    quirks = {}
    for t in tables:
        parts = rng.choice((1, 1, 2, 3)) if len(t.rows) > 30 else 1
        quirks[(t.dataset, t.year)] = Quirks(
            parts=parts, bom=rng.random() < 0.2, shuffle_columns=t.format == "csv", xml_prefixes=("marc", "", "m21")
        )
    return quirks


SNAPSHOT_STATEMENT = (
    "Synthetic records, generated by snapshots/reconstruct to agree with every aggregate published in the "
    "annual report and with the real facts it names; not an export of the OHCHR systems. Values per State, "
    "mandate or person are invented: do not use them as information about any of them (PROVENANCE.md)."
)
VARIANT_STATEMENT = (
    "Synthetic records generated by snapshots/reconstruct with other counts, for tests; not an export and "
    "not information about any State, mandate or person."
)


def build_root(out_dir: Path | str, year: int = 2023, seed: int = SEED, variant: bool = False) -> list[dict]:
    """Write a source root into out_dir (emptied first); return its manifest entries."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    tables, ctx = build_tables(year, seed, variant)
    quirks = variant_quirks(tables, ctx.rng("layout")) if variant else snapshot_quirks(year)
    head = {
        "contract": 1,
        "snapshot": f"variant-{year}-seed{seed}" if variant else f"reconstruction-{year}",
        "published": ctx.published.isoformat(),
        # docs/sources.md#1-manifestjson: readers show this to whoever reads the results
        "provenance": {"kind": "reconstruction", "statement": VARIANT_STATEMENT if variant else SNAPSHOT_STATEMENT},
    }
    entries = write_root(out_dir, tables, quirks, head, ctx.rng("layout-cells"))
    note = DATA_DIR / ("PROVENANCE.md" if not variant else "PROVENANCE-variant.md")
    (out_dir / "PROVENANCE.md").write_bytes(note.read_bytes())
    return entries
