"""Does validation at N times the snapshot cost no more than the SQL that builds the marts? (issue 4)

Builds the real warehouse from the bundled snapshot with the project's own functions (land,
load.load_raw, transform.run_layer "staging"; no Prefect), then makes a copy in which every
dataset-derived staging table holds N copies of its rows. Copy k (k = 0 is the original) gets
new keys: integer ids + k * offset, mandate names, report and event ids with a "~k" suffix,
Ref. nos. "AFG 1/2023" -> "AFG <1 + k*10^6>/2023", opinions "1/2021" -> "<1 + k*10^5>/2021",
symbols "A/77/290" -> "A/77/<k>K290" (still the symbol formats of the suites). References are
renamed the same way inside each copy, so every reference still resolves and every suite still
passes; raw.raw_manifest rows are multiplied by N, so "manifest rows - rejects = staging rows"
holds. Not scaled: the reference tables (countries, regional groups, published figures) and
standing invitations (one row per country by key). Every suite passes at any N except one
warning: the reconciliation finds the computed figures N times the published ones.

Then, each in a fresh process (own peak RSS; GX imported before the clock starts, its import
time reported apart - a run pays it once):
  marts    transform.run_layer(con, "marts", ...) on a copy of the staged file: the yardstick
  staging  quality.validate(db, "staging", ...)
  marts-q  quality.validate(db, "marts", ...) on the file the marts step built
  floor    the same expectations without GX: one DuckDB aggregate per suite over its frame, both
           stages, no results, no Data Docs - what validation in DuckDB alone would cost
with one Data Docs folder per repeat, as one pipeline run has: new, or with --history N holding
the results of N earlier runs (a warehouse's folder keeps them; GX's index reads them).

Usage: python benchmarks/bench_scale.py [--factor 100] [--repeat 1] [--history 0] [--profile staging|marts-q]
Prints the largest tables, seconds and peak RSS per step, and (staging + marts-q) / marts, at
factor 1 and at the factor asked for. No assertion: numbers to read. On a shared machine use
--repeat 3: each step's fastest run is shown. About 2 minutes at --factor 100 --repeat 3.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUN_ID = "20240101T000000Z-bench0"
YEAR = 2023
STEPS = ("marts", "staging", "marts-q", "floor")
NOT_SCALED = {"stg_countries", "stg_regional_groups", "stg_published_figures", "stg_standing_invitations"}
NOT_SCALED_DATASETS = {"standing-invitations"}
# How a column is renamed in copy k; integer ids share one offset per id (visit_id is an event_id).
ID_GROUPS = {
    "communication_id": "communication_id",
    "reply_id": "reply_id",
    "followup_id": "followup_id",
    "holder_id": "holder_id",
    "event_id": "event_id",
    "visit_id": "event_id",
    "request_id": "request_id",
    "case_id": "case_id",
}
TEXT_RULES = {
    "mandate": "sfx({c}, k)",
    "mandates": "list_transform({c}, lambda m: sfx(m, k))",
    "report_id": "sfx({c}, k)",
    "media_id": "sfx({c}, k)",
    "event_id": "sfx({c}, k)",
    "ref_no": "ref_no_k({c}, k)",
    "opinion_id": "opinion_k({c}, k)",
    "symbol": "symbol_k({c}, k)",
}
MACROS = r"""
create or replace temp macro sfx(x, k) as case when k = 0 then x else x || '~' || k end;
create or replace temp macro ref_no_k(x, k) as case
    when k = 0 or not regexp_matches(x, '^[A-Z]{3} [0-9]+/[0-9]{4}$') then sfx(x, k)
    else split_part(x, ' ', 1) || ' ' || (split_part(split_part(x, ' ', 2), '/', 1)::bigint + k * 1000000)
         || '/' || split_part(x, '/', 2) end;
create or replace temp macro opinion_k(x, k) as case
    when k = 0 or not regexp_matches(x, '^[0-9]+/[0-9]{4}$') then sfx(x, k)
    else (split_part(x, '/', 1)::bigint + k * 100000) || '/' || split_part(x, '/', 2) end;
create or replace temp macro symbol_k(x, k) as case
    when k = 0 or not regexp_matches(x, '^A/(HRC/)?[0-9]+/') then sfx(x, k)
    else regexp_extract(x, '^A/(HRC/)?[0-9]+/') || k || 'K'
         || substr(x, length(regexp_extract(x, '^A/(HRC/)?[0-9]+/')) + 1) end;
"""


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def variables() -> dict:
    from flows.settings import PUBLISHED_DIR, REFERENCE_DIR

    return {
        "report_year": YEAR,
        "cutoff_date": date(YEAR, 12, 31),
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": RUN_ID,
    }


def build_snapshot(db: Path, raw_dir: Path) -> None:
    """The warehouse of the bundled snapshot up to staging, as the flow builds it."""
    import duckdb

    from flows import load, transform
    from flows.settings import SNAPSHOT_DIR
    from flows.sources import SourceRoot, land_all

    with SourceRoot.open(str(SNAPSHOT_DIR)) as root:
        landed = land_all(root, raw_dir)
    with duckdb.connect(str(db)) as con:
        load.load_raw(con, landed, RUN_ID)
        transform.run_layer(con, "staging", variables())


def scale(db: Path, factor: int) -> None:
    """Multiply every dataset-derived staging table by `factor` in place (see the module doc)."""
    import duckdb

    with duckdb.connect(str(db)) as con:
        con.execute(MACROS)
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'staging' order by 1"
            ).fetchall()
        ]
        columns = {
            t: con.execute(
                "select column_name, data_type from duckdb_columns() where schema_name = 'staging' "
                "and table_name = ? order by column_index",
                [t],
            ).fetchall()
            for t in tables
        }
        offsets: dict[str, int] = {}
        for table, cols in columns.items():
            for name, kind in cols:
                if name in ID_GROUPS and kind in ("BIGINT", "INTEGER"):
                    top = con.execute(f"select coalesce(max(abs({name})), 0) from staging.{table}").fetchone()[0]
                    group = ID_GROUPS[name]
                    offsets[group] = max(offsets.get(group, 10), 10 ** len(str(top)))
        for table in tables:
            if table in NOT_SCALED:
                continue
            exprs = []
            for name, kind in columns[table]:
                if table == "rejects" and name == "row_number":
                    expr = f"row_number + k * {10**9}"  # (source_file, row_number) stays unique
                elif name in ID_GROUPS and kind in ("BIGINT", "INTEGER"):
                    expr = f"{name} + k * {offsets[ID_GROUPS[name]]}"
                elif name in TEXT_RULES and not kind.startswith(("BIGINT", "INTEGER")):
                    expr = TEXT_RULES[name].format(c=name)
                else:
                    expr = name
                exprs.append(f"{expr} as {name}" if expr != name else name)
            con.execute(
                f"create table staging.{table}__scaled as select {', '.join(exprs)} "
                f"from staging.{table}, range({factor}) as copies(k) order by k"
            )
            con.execute(f"drop table staging.{table}")
            con.execute(f"alter table staging.{table}__scaled rename to {table}")
        skip = ", ".join(f"'{d}'" for d in NOT_SCALED_DATASETS)
        con.execute(f"update raw.raw_manifest set rows = rows * {factor} where dataset not in ({skip})")
        con.execute("checkpoint")


def largest(db: Path, n: int = 6) -> list[tuple[str, int]]:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "select schema_name || '.' || table_name, estimated_size from duckdb_tables() "
            "where schema_name in ('staging', 'marts')"
        ).fetchall()
        return sorted(
            ((t, con.execute(f"select count(*) from {t}").fetchone()[0]) for t, _ in rows), key=lambda r: -r[1]
        )[:n]


def step_marts(db: Path, staged: Path) -> dict:
    import duckdb

    from flows import transform

    shutil.copyfile(staged, db)
    with duckdb.connect(str(db)) as con:
        started = time.perf_counter()
        built = transform.run_layer(con, "marts", variables())
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "note": f"{len(built)} marts (run_layer: SQL, key checks, comments)"}


def step_quality(db: Path, docs: Path, stage: str, profile: bool) -> dict:
    from flows import quality

    started = time.perf_counter()
    import great_expectations  # noqa: F401  (a run imports it once; reported apart)

    imported = time.perf_counter() - started
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    try:
        result = quality.validate(db, stage, run_id=RUN_ID, report_year=YEAR, docs_dir=docs)
    except quality.QualityError as err:
        result = err.result
    seconds = time.perf_counter() - started
    if profiler:
        import io
        import pstats

        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue(), file=sys.stderr)
    expectations = sum(s.expectations for s in result.suites.values())
    failed = [f.describe() for f in result.critical + result.warnings][:5]
    return {
        "seconds": seconds,
        "note": f"{expectations} expectations in {len(result.suites)} suites, "
        f"{len(result.failed)} failed {failed or ''}; {result.seconds}; GX import {imported:.1f} s",
    }


def _floor_expression(exp: dict) -> str:
    """How many rows break one expectation, as a DuckDB aggregate (null handling as GX's defaults)."""
    kw = exp["kwargs"]
    c, a, b = (f'"{kw[k]}"' if k in kw else None for k in ("column", "column_A", "column_B"))
    kind = exp["type"].removeprefix("expect_")
    if kind == "column_values_to_be_unique":
        return f"count({c}) - count(distinct {c})"
    if kind == "compound_columns_to_be_unique":
        columns = ", ".join(f'"{x}"' for x in kw["column_list"])
        return f"count(*) - count(distinct ({columns}))"
    if kind == "table_row_count_to_equal":
        return "count(*)"
    skip = (
        f"{a} is null or {b} is null"
        if kw.get("ignore_row_if") == "either_value_is_missing"
        else f"{a} is null and {b} is null"
    )
    values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in kw.get("value_set", []))
    regex = str(kw.get("regex", "")).replace("'", "''")
    greater = ">=" if kw.get("or_equal") else ">"
    bounds = " or ".join(f"{c} {op} {kw[k]}" for k, op in (("min_value", "<"), ("max_value", ">")) if k in kw)
    condition = {
        "column_values_to_not_be_null": f"{c} is null",
        "column_values_to_be_null": f"{c} is not null",
        "column_values_to_be_in_set": f"{c} is not null and {c}::varchar not in ({values})",
        "column_values_to_match_regex": f"{c} is not null and not regexp_matches({c}::varchar, '{regex}')",
        "column_values_to_be_between": f"{c} is not null and ({bounds})",
        "column_pair_values_to_be_equal": f"not ({skip}) and {a} is distinct from {b}",
        "column_pair_values_a_to_be_greater_than_b": f"not ({skip}) and not coalesce({a} {greater} {b}, false)",
    }[kind]
    return f"count(*) filter (where {condition})"


def step_floor(db: Path) -> dict:
    """The same expectations with no GX: one aggregate query per suite over its frame, no results, no docs."""
    import duckdb

    from flows import quality
    from flows.settings import PUBLISHED_DIR, REFERENCE_DIR

    seconds, failed = {}, []
    with duckdb.connect(str(db), read_only=True) as con:
        for name, value in {
            "report_year": YEAR,
            "run_id": RUN_ID,
            "reference_dir": str(REFERENCE_DIR),
            "published_dir": str(PUBLISHED_DIR),
        }.items():
            con.execute(f"set variable {name} = ?", [value])
        for stage in quality.STAGES:
            started = time.perf_counter()
            for spec in quality.load_suites(stage):
                meta = spec["meta"]["spfacts"]
                expected = con.execute(meta["rows_expected"]).fetchone()[0] if meta.get("rows_expected") else None
                counts = con.execute(
                    f"with frame as ({meta['frame']}) select "
                    + ", ".join(_floor_expression(e) for e in spec["expectations"])
                    + " from frame"
                ).fetchone()
                for exp, count in zip(spec["expectations"], counts, strict=False):
                    bad = count != expected if exp["type"] == "expect_table_row_count_to_equal" else count > 0
                    failed += [spec["name"]] if bad and spec["name"] not in failed else []
            seconds[stage] = round(time.perf_counter() - started, 2)
    return {"seconds": sum(seconds.values()), "note": f"no GX, no results, no docs: {seconds}; failed {failed}"}


def run_step(step: str, work: Path, docs: Path, profile: bool) -> None:
    db, staged = work / "built.duckdb", work / "staged.duckdb"
    if step == "marts":
        out = step_marts(db, staged)
    elif step == "floor":
        out = step_floor(db)
    else:
        out = step_quality(db, docs, "staging" if step == "staging" else "marts", profile)
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def subprocess_step(step: str, work: Path, docs: Path, profile: bool = False) -> dict:
    command = [sys.executable, __file__, "--step", step, "--work", str(work), "--docs", str(docs)]
    command += ["--profile", step] if profile else []
    proc = subprocess.run(command, capture_output=True, text=True)
    if profile:
        print(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def seed_history(work: Path, runs: int) -> Path:
    """A Data Docs folder holding the results of `runs` earlier runs, as a warehouse's folder does.

    GX's index page reads every result it lists (validation_results_limit), so its cost grows
    with the runs kept. One real run of both stages, its results copied under earlier run times.
    """
    seed = work / "quality-seed"
    if runs:
        subprocess_step("marts", work, seed)  # the warehouse the earlier run validated
        subprocess_step("staging", work, seed)
        subprocess_step("marts-q", work, seed)
        files = [p for p in (seed / "results").rglob("*.json")]
        for n in range(1, runs):
            for path in files:
                suite_dir, run_time = path.parents[2], path.parent.name
                earlier = datetime.strptime(run_time, "%Y%m%dT%H%M%S.%fZ") - timedelta(days=n)
                copy = suite_dir / f"20230101T000000Z-hist{n:02d}" / earlier.strftime("%Y%m%dT%H%M%S.%fZ") / path.name
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, copy)
    return seed


def measure(work: Path, repeat: int, history: int, profile: str | None) -> dict[str, dict]:
    """Each step `repeat` times, the fastest kept; the quality steps of one repeat share a docs folder."""
    results: dict[str, dict] = {}
    seed = seed_history(work, history)
    for attempt in range(repeat):
        docs = work / f"quality-{attempt}"
        if seed.exists():
            shutil.copytree(seed, docs)
        for step in STEPS:
            out = subprocess_step(step, work, docs, profile == step and attempt == 0)
            if step not in results or out["seconds"] < results[step]["seconds"]:
                results[step] = out
    return results


def report(factor: int, tables: list[tuple[str, int]], results: dict[str, dict]) -> float:
    print(f"\nfactor {factor}: largest tables " + ", ".join(f"{t} {n:,}" for t, n in tables))
    print(f"  {'step':<8} {'seconds':>8} {'peak MB':>8}  note")
    for step in STEPS:
        out = results[step]
        print(f"  {step:<8} {out['seconds']:>8.2f} {out['peak_mb']:>8.0f}  {out['note']}")
    ratio = (results["staging"]["seconds"] + results["marts-q"]["seconds"]) / results["marts"]["seconds"]
    print(
        f"  (staging + marts-q) / marts = {ratio:.2f}; floor / marts = "
        f"{results['floor']['seconds'] / results['marts']['seconds']:.2f}"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1, help="runs per step; the fastest is shown")
    parser.add_argument(
        "--history",
        type=int,
        default=0,
        help="earlier runs whose results the Data Docs folder already holds (default: a new folder)",
    )
    parser.add_argument("--profile", choices=["staging", "marts-q"], help="cProfile that step at the factor")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.work, args.docs, args.profile == args.step)
        return
    with tempfile.TemporaryDirectory(prefix="spfacts-bench-scale-") as tmp:
        base = Path(tmp)
        started = time.perf_counter()
        snapshot = base / "snapshot.duckdb"
        build_snapshot(snapshot, base / "raw")
        print(
            f"staged the bundled snapshot in {time.perf_counter() - started:.1f} s; {date.today()}; "
            f"best of {args.repeat}; Data Docs folder holding {args.history} earlier runs"
        )
        summary = []
        for factor in sorted({1, args.factor}):
            work = base / f"x{factor}"
            work.mkdir()
            shutil.copyfile(snapshot, work / "staged.duckdb")
            if factor > 1:
                began = time.perf_counter()
                scale(work / "staged.duckdb", factor)
                print(
                    f"scaled staging by {factor} in {time.perf_counter() - began:.1f} s "
                    f"({(work / 'staged.duckdb').stat().st_size / 1e6:.0f} MB)"
                )
            results = measure(work, args.repeat, args.history, args.profile if factor == args.factor else None)
            tables = largest(work / "built.duckdb")
            summary.append((factor, report(factor, tables, results)))
        print("\n" + "; ".join(f"factor {f}: validation / marts SQL = {r:.2f}" for f, r in summary))


if __name__ == "__main__":
    main()
