"""Where the seconds go, at 1, 10 and 100 times the snapshot: spfacts, a DuckDB baseline, a dlt peer.

    .venv/bin/python benchmarks/bench.py [--scales 1 10 100] [--no-e2e] [--keep DIR]
    make bench                      # scales 1 10 100
    make bench SCALES="1 10 100 1000"

For every scale (and an empty root, scale 0, whose fixed costs are subtracted in the growth
line), it writes a scaled source root (snapshots/reconstruct/scale.py), then measures, each in a
fresh process (own wall clock and peak RSS; the stage's imports are outside its clock):

  spfacts   the project's own stage functions in pipeline order, no Prefect: fetch+land
            (sources.land_all), load (load.load_raw), staging SQL (transform.run_layer), validation
            (quality.validate of staging and of marts, Data Docs included), marts SQL, publish
            (rejects counted, run_info stamped, publish.publish), report (report.reconcile + write_html)
  baseline  a plain script, DuckDB alone: the same files read by DuckDB's readers (MARCXML, which
            DuckDB cannot read, through the stdlib parser into a CSV), the same staging and marts
            SQL files run as CREATE TABLE AS: no Python-side checks, no comments, no key checks,
            no Prefect, no GX. The floor.
  peer      dlt (pinned) loading the same files into DuckDB, extract + normalize + load: what an
            engineer would otherwise pick for the load.
  e2e       `spfacts run` cold: a new process, a new warehouse folder, Prefect's temporary
            server (Prefect's home already initialised: the project's .prefect/); then the same
            command again, a no-op rerun (nothing changed: only the manifest is read).

Prints one table; appends every number to benchmarks/results.csv with the date, git commit,
cores, memory, load average and versions. Rows/s is the root's source rows over the stage's
wall seconds; cpu s is the process's CPU time (all threads) over the same span, the number to
read on a shared, busy machine, where wall time mostly measures the neighbours. Nothing is
asserted: numbers to read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results.csv"
RUN_ID = "20240101T000000Z-bench0"
YEAR = 2023
STAGES = ("fetch", "load", "staging", "validate-staging", "marts", "validate-marts", "publish", "report")
LABELS = {
    "fetch": "fetch+land",
    "load": "load",
    "staging": "staging SQL",
    "validation": "validation (staging+marts)",
    "marts": "marts SQL",
    "publish": "publish",
    "report": "report",
    "spfacts-lsm": "spfacts load+staging+marts",
    "baseline-load": "baseline load (DuckDB)",
    "baseline-staging": "baseline staging SQL",
    "baseline-marts": "baseline marts SQL",
    "baseline-lsm": "baseline load+staging+marts",
    "peer-load": "peer load (dlt)",
    "ratio-baseline": "ratio spfacts/baseline (L+S+M)",
    "ratio-peer": "ratio spfacts/peer (load)",
    "e2e": "spfacts run, cold (e2e)",
    "e2e-noop": "spfacts run again (no-op rerun)",
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def variables(root: Path) -> dict:
    """The SQL variables a run sets, marts.run_info's included (its suite checks them)."""
    from datetime import date

    from flows import run_info
    from flows.settings import PUBLISHED_DIR, REFERENCE_DIR
    from flows.sources import SourceRoot

    with SourceRoot.open(str(root)) as src:
        manifest = src.manifest()
    return {
        **run_info.variables(manifest, str(root), datetime.now(UTC)),
        "report_year": YEAR,
        "cutoff_date": date(YEAR, 12, 31),
        "reference_dir": str(REFERENCE_DIR),
        "published_dir": str(PUBLISHED_DIR),
        "run_id": RUN_ID,
    }


def validate(build: Path, stage: str, docs: Path) -> str:
    """The one place the bench calls the quality code (flows/quality/). As in a run, the Data Docs
    are built once, by the marts validation, for both stages (staging's pending pages are pickled)."""
    from flows import quality

    pending = docs.parent / "docs-pending.pkl"
    kwargs = {"docs": False} if stage == "staging" else {"docs_with": pickle.loads(pending.read_bytes())}
    try:
        result = quality.validate(build, stage, run_id=RUN_ID, report_year=YEAR, docs_dir=docs, **kwargs)
        outcome = "passed"
    except quality.QualityError as err:
        result, outcome = err.result, "critical failure"
    if stage == "staging":
        pending.write_bytes(pickle.dumps(result.docs_pending))
    split = ", ".join(f"{k.split('.')[-1]} {v:.2f} s" for k, v in result.seconds.items())
    return f"{len(result.failed)} failed ({outcome}); {split}"


# ---------------------------------------------------------------- one stage, in its own process


def stage_main(stage: str, root: Path, state: Path) -> dict:
    """Run one stage on the state folder; return its seconds and peak RSS (imports before the clock)."""
    import duckdb  # every stage opens DuckDB; imported before the clock

    from flows import load, publish, report, run_info, transform
    from flows.sources import SourceRoot, land_all

    build, db, docs = state / "build.duckdb", state / "wh" / "spfacts.duckdb", state / "wh" / "quality"
    note = ""
    if stage.startswith("validate"):
        import great_expectations  # noqa: F401  (a run imports it once; the import is in the e2e line)
    sql_variables = variables(root) if stage in ("staging", "marts") else {}  # a run has them already
    started, cpu = time.perf_counter(), time.process_time()
    if stage == "fetch":
        with SourceRoot.open(str(root)) as src:
            landed = land_all(src, state / "wh" / "raw")
        (state / "landed.pkl").write_bytes(pickle.dumps(landed))
    elif stage == "load":
        landed = pickle.loads((state / "landed.pkl").read_bytes())
        with publish.connect_build(build) as con:
            note = f"{sum(load.load_raw(con, landed, RUN_ID).values())} raw rows"
    elif stage in ("staging", "marts"):
        with publish.connect_build(build) as con:
            note = f"{len(transform.run_layer(con, stage, sql_variables))} tables"
    elif stage.startswith("validate-"):
        note = validate(build, stage.split("-")[1], docs)
    elif stage == "publish":
        with duckdb.connect(str(build), read_only=True) as con:  # what the run's stage line counts
            note = f"{con.execute('select count(*) from staging.rejects').fetchone()[0]} rejects"
        run_info.stamp_finished(build)
        publish.publish(build, db)
    elif stage == "report":
        reconciled = report.reconcile(db, YEAR)
        report.write_html(reconciled, state / "wh" / "report", db)
        note = reconciled.headline()
    else:
        raise ValueError(stage)
    return {
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "note": note,
    }


# ---------------------------------------------------------------- baseline: DuckDB alone


def baseline_main(root: Path, state: Path) -> dict:
    import duckdb

    from flows.load_marc import MARC_COLUMNS, read_marc
    from flows.transform import discover, load_schema, set_variables

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    path = state / "baseline.duckdb"
    path.unlink(missing_ok=True)
    times: dict[str, float] = {}
    started, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    # the columns a root declares unknown (none here): staging reads the table, as load.py writes it
    con.execute('create table raw.raw_unknown_columns (dataset VARCHAR, "column" VARCHAR)')
    files = [{**e, "landed": str(root / e["path"]), "run_id": RUN_ID} for e in manifest]
    (state / "files.json").write_text(json.dumps(files))
    con.execute(
        f"create table raw.raw_manifest as select dataset, year::integer as year, part::integer as part, path, format,"
        f" rows::bigint as rows, bytes::bigint as bytes, sha256, landed as landed_path, null::varchar as source_url,"
        f" null::varchar as fetched_at, false as reused, run_id from read_json('{state / 'files.json'}')"
    )
    by_dataset: dict[str, list[dict]] = {}
    for e in files:
        by_dataset.setdefault(e["dataset"], []).append(e)
    lineage = "m.path as _source_file, m.year::integer as _year, '" + RUN_ID + "' as _run_id"
    for dataset, entries in by_dataset.items():
        table = "raw.raw_" + dataset.replace("-", "_")
        paths = [e["landed"] for e in entries]
        fmt = entries[0]["format"]
        if fmt == "csv":
            src = f"read_csv({paths}, all_varchar = true, header = true, union_by_name = true, filename = true)"
        elif fmt in ("json", "jsonl"):  # every value as text, lists as JSON text: what load.py keeps
            kind = "array" if fmt == "json" else "newline_delimited"
            objects = f"read_json_objects({paths}, format = '{kind}', filename = true)"
            keys = con.execute(f"select distinct unnest(json_keys(json)) from {objects}").fetchall()
            picks = ", ".join(f'json ->> \'$."{k}"\' as "{k}"' for (k,) in keys)
            src = f"(select filename, {picks} from {objects})"
        else:
            marc = state / f"{dataset}.csv"
            with marc.open("w", encoding="utf-8", newline="") as out:
                w = csv.writer(out)
                w.writerow(["filename", "_row", *(n for n, _ in MARC_COLUMNS)])
                for e in entries:
                    for row in read_marc(Path(e["landed"]))[1]:
                        w.writerow([e["landed"], *row])
            src = f"read_csv('{marc}', all_varchar = true, header = true)"
        con.execute(f"create temp view _src as select * from {src}")
        typed = []
        for name, kind in con.execute("select column_name, column_type from (describe _src)").fetchall():
            if name in ("filename", "_row"):
                continue
            text = f's."{name}"' if kind == "VARCHAR" else f'to_json(s."{name}")::varchar'
            typed.append(f'{text} as "{name}"')
        row = "s._row::bigint" if fmt == "marcxml" else "row_number() over (partition by s.filename)"
        con.execute(
            f"create table {table} as select {', '.join(typed)}, {row} as _row, {lineage} "
            f"from _src as s join raw.raw_manifest as m on m.landed_path = s.filename"
        )
        con.execute("drop view _src")
    times["load"], times["load-cpu"] = time.perf_counter() - started, time.process_time() - cpu
    set_variables(con, variables(root))
    con.execute((ROOT / "sql" / "macros.sql").read_text(encoding="utf-8"))
    for layer in ("staging", "marts"):
        started, cpu = time.perf_counter(), time.process_time()
        con.execute(f"create schema {layer}")
        if layer == "staging":
            spec = load_schema("staging")["rejects"]["columns"]
            columns = ", ".join(f"{n} {c['type']}" for n, c in spec.items())
            con.execute(f"create table staging.rejects ({columns})")
        for model in discover(layer):
            target = f"{layer}.{model.name}"
            if "_reject_reason" in model.sql:
                con.execute(f"create temp table _m as {model.sql}")
                con.execute(
                    f"create table {target} as select * exclude (_reject_reason, _reject_column, _reject_value) "
                    "from _m where _reject_reason is null"
                )
                con.execute(
                    "insert into staging.rejects select ?, _source_file, _row, _reject_column, "
                    "_reject_value::varchar, _reject_reason, ? from _m where _reject_reason is not null",
                    [model.dataset, RUN_ID],
                )
                con.execute("drop table _m")
            else:
                con.execute(f"create table {target} as {model.sql}")
        times[layer], times[f"{layer}-cpu"] = time.perf_counter() - started, time.process_time() - cpu
    figures = con.execute("select count(*) from marts.facts_and_figures").fetchone()[0]
    con.close()
    return {**times, "peak_mb": peak_mb(), "note": f"{figures} facts"}


# ---------------------------------------------------------------- peer: dlt


def peer_main(root: Path, state: Path) -> dict:
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    import dlt

    from flows.load_marc import MARC_COLUMNS, read_marc

    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"]
    names = [n for n, _ in MARC_COLUMNS]

    def records(e: dict):
        path = root / e["path"]
        if e["format"] == "csv":
            with path.open(encoding="utf-8-sig", newline="") as f:
                yield from csv.DictReader(f)
        elif e["format"] == "jsonl":
            with path.open(encoding="utf-8") as f:
                yield from (json.loads(line) for line in f if line.strip())
        elif e["format"] == "json":
            yield from json.loads(path.read_text(encoding="utf-8"))
        else:
            yield from (dict(zip(["_row", *names], r, strict=True)) for r in read_marc(path)[1])

    def rows(entries: list[dict]):  # lists of rows, as dlt's docs advise for speed
        batch: list[dict] = []
        for e in entries:
            for r in records(e):
                batch.append(r)
                if len(batch) >= 10_000:
                    yield batch
                    batch = []
        if batch:
            yield batch

    by_dataset: dict[str, list[dict]] = {}
    for e in manifest:
        by_dataset.setdefault(e["dataset"], []).append(e)
    resources = [
        dlt.resource(rows(entries), name="raw_" + d.replace("-", "_"), write_disposition="replace")
        for d, entries in by_dataset.items()
    ]
    target = state / "peer.duckdb"
    target.unlink(missing_ok=True)
    pipe = dlt.pipeline(
        pipeline_name="bench_peer",
        destination=dlt.destinations.duckdb(str(target)),
        dataset_name="raw",
        pipelines_dir=str(state / "dlt"),
    )
    started, cpu = time.perf_counter(), time.process_time()
    # jsonl load files: dlt's default for DuckDB without pyarrow (insert_values) took 70 s and
    # 2.8 GB at scale 10 in this bench, and over 10 GB at scale 100 (README "Performance")
    info = pipe.run(resources, loader_file_format="jsonl")
    seconds = time.perf_counter() - started
    return {
        "load": seconds,
        "load-cpu": time.process_time() - cpu,
        "peak_mb": peak_mb(),
        "note": f"{len(info.loads_ids)} load, dlt {dlt.__version__}",
    }


# ---------------------------------------------------------------- the driver


def child(args: list[str]) -> dict:
    """Run this file in a fresh process; its last stdout line is its JSON result."""
    cmd = [sys.executable, __file__, *args]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"bench step {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_main(cmd: list[str]) -> dict:
    """Run a command; its wall time and the peak RSS of its largest process (RUSAGE_CHILDREN)."""
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": use.ru_utime + use.ru_stime,
        "peak_mb": use.ru_maxrss / 1024,
        "rc": done.returncode,
        "tail": done.stdout[-300:] + done.stderr[-600:],
    }


def measure_scale(n: int, work: Path, e2e: bool) -> dict[str, dict]:

    root, state = work / f"x{n}", work / f"state-{n}"
    # generated in a child: a forked process starts with its parent's peak RSS (Linux), so the
    # driver must stay small for the children's peaks to be their own
    generated = child(["--generate", str(n), "--root", str(root)])["seconds"]
    rows = sum(e["rows"] for e in json.loads((root / "manifest.json").read_text(encoding="utf-8"))["files"])
    state.mkdir(parents=True)
    print(f"scale {n}: {rows} source rows, generated in {generated:.1f} s", file=sys.stderr, flush=True)
    out: dict[str, dict] = {"generate": {"seconds": generated, "rows": rows}}
    for stage in STAGES:
        out[stage] = child(["--stage", stage, "--root", str(root), "--state", str(state)])
        print(f"  {stage}: {out[stage]['seconds']:.2f} s {out[stage]['note']}", file=sys.stderr, flush=True)
    out["validation"] = {
        "seconds": out["validate-staging"]["seconds"] + out["validate-marts"]["seconds"],
        "cpu": out["validate-staging"]["cpu"] + out["validate-marts"]["cpu"],
        "peak_mb": max(out["validate-staging"]["peak_mb"], out["validate-marts"]["peak_mb"]),
    }
    base = child(["--stage", "baseline", "--root", str(root), "--state", str(state)])
    for part in ("load", "staging", "marts"):
        out[f"baseline-{part}"] = {"seconds": base[part], "cpu": base[f"{part}-cpu"], "peak_mb": base["peak_mb"]}
    peer = child(["--stage", "peer", "--root", str(root), "--state", str(state)])
    out["peer-load"] = {"seconds": peer["load"], "cpu": peer["load-cpu"], "peak_mb": peer["peak_mb"]}
    same = same_facts(state / "wh" / "spfacts.duckdb", state / "baseline.duckdb")
    print(f"  baseline {base['note']} ({same}), peer {peer['note']}", file=sys.stderr, flush=True)
    if same != "same facts":
        raise SystemExit(f"scale {n}: the baseline computed other facts than spfacts: {same}")
    parts = ("load", "staging", "marts")
    out["spfacts-lsm"] = {
        "seconds": sum(out[p]["seconds"] for p in parts),
        "cpu": sum(out[p]["cpu"] for p in parts),
        "peak_mb": max(out[p]["peak_mb"] for p in parts),
    }
    out["baseline-lsm"] = {
        "seconds": sum(base[p] for p in parts),
        "cpu": sum(base[f"{p}-cpu"] for p in parts),
        "peak_mb": base["peak_mb"],
    }
    for key, a, b in (("ratio-baseline", "spfacts-lsm", "baseline-lsm"), ("ratio-peer", "load", "peer-load")):
        out[key] = {"ratio": out[a]["seconds"] / out[b]["seconds"], "cpu_ratio": out[a]["cpu"] / out[b]["cpu"]}
    if e2e and n > 0:
        wh = work / f"e2e-{n}"
        cmd = [str(ROOT / ".venv" / "bin" / "spfacts"), "run", "--source", str(root), "--warehouse", str(wh)]
        out["e2e"] = child(["--measure", *cmd])
        print(f"  e2e: {out['e2e']['seconds']:.1f} s rc {out['e2e']['rc']}", file=sys.stderr, flush=True)
        if out["e2e"]["rc"] not in (0, 1):
            print(out["e2e"]["tail"], file=sys.stderr)
        out["e2e-noop"] = child(["--measure", *cmd])  # the same run again: nothing new, a no-op rerun
        print(f"  no-op rerun: {out['e2e-noop']['seconds']:.1f} s rc {out['e2e-noop']['rc']}", file=sys.stderr)
    for r in out.values():
        r["rows"] = rows
    shutil.rmtree(state, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    return out


def same_facts(spfacts: Path, baseline: Path) -> str:
    """The floor must compute what spfacts computes, or its seconds mean nothing."""
    import duckdb

    sql = "select year, figure_id, value from marts.facts_and_figures"
    with duckdb.connect(str(spfacts), read_only=True) as a, duckdb.connect(str(baseline), read_only=True) as b:
        differ = set(a.execute(sql).fetchall()) ^ set(b.execute(sql).fetchall())
    return "same facts" if not differ else f"{len(differ)} facts differ, e.g. {sorted(differ)[:2]}"


def cell(r: dict | None) -> str:
    if not r:
        return f"{'':>35}"
    if "ratio" in r:
        return f"{r['ratio']:>7.2f}x{r['cpu_ratio']:>7.2f}x{'':>19}"
    rate = r["rows"] / r["seconds"] if r["seconds"] > 0 and r["rows"] else 0
    return f"{r['seconds']:>8.2f}{r.get('cpu', 0):>8.2f}{rate:>11,.0f}{r.get('peak_mb', 0):>8.0f}"


def table(results: dict[int, dict[str, dict]], scales: list[int]) -> str:
    titles = [f"scale {n} ({results[n]['generate']['rows']:,} rows)" for n in scales]
    head = f"{'':<32}" + "".join(f"{t:>35}" for t in titles)
    sub = f"{'stage':<32}" + "".join(f"{'wall s':>8}{'cpu s':>8}{'rows/s':>11}{'RSS MB':>8}" for _ in scales)
    lines = [head, sub, "-" * len(sub)]
    for key, label in LABELS.items():
        lines.append(f"{label:<32}" + "".join(cell(results[n].get(key)) for n in scales))
    return "\n".join(lines)


def growth(results: dict[int, dict[str, dict]]) -> str:
    lines = ["growth 10 -> 100 after subtracting the near-empty root (target <= 12x), wall | cpu:"]
    for key in ("fetch", "load", "staging", "validation", "marts", "publish", "report", "baseline-lsm", "peer-load"):
        text = []
        for measure in ("seconds", "cpu"):
            empty = results[0][key][measure]
            a, b = results[10][key][measure] - empty, results[100][key][measure] - empty
            grow = f"{b / a:5.1f}x" if a > 0.005 else "  n/a"
            text.append(f"empty {empty:6.2f} x10 {a:+7.2f} x100 {b:+7.2f} {grow}")
        lines.append(f"  {LABELS[key]:<28} " + " | ".join(text))
    return "\n".join(lines)


def context() -> dict:
    import importlib.metadata as md

    def version(p: str) -> str:
        try:
            return md.version(p)
        except md.PackageNotFoundError:
            return ""

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit.stdout.strip() + ("+dirty" if dirty else ""),
        "cores": os.cpu_count(),
        "memory_gb": round(pages / 2**30, 1),
        "load_avg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "duckdb": version("duckdb"),
        "prefect": version("prefect"),
        "great_expectations": version("great_expectations"),
        "dlt": version("dlt"),
    }


def append_results(ctx: dict, results: dict[int, dict[str, dict]]) -> None:
    fields = [*ctx, "scale", "source_rows", "measure", "seconds", "cpu_seconds", "rows_per_s", "peak_mb", "ratio"]
    new = not RESULTS.exists()
    with RESULTS.open("a", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        if new:
            w.writeheader()
        for n, measures in results.items():
            for key, r in measures.items():
                seconds = r.get("seconds")
                rate = r["rows"] / seconds if seconds and r["rows"] else None
                w.writerow(
                    {
                        **ctx,
                        "scale": n,
                        "source_rows": r["rows"],
                        "measure": key,
                        "seconds": f"{seconds:.3f}" if seconds is not None else "",
                        "cpu_seconds": f"{r['cpu']:.3f}" if "cpu" in r else "",
                        "rows_per_s": f"{rate:.0f}" if rate else "",
                        "peak_mb": f"{r['peak_mb']:.0f}" if "peak_mb" in r else "",
                        "ratio": f"{r['ratio']:.3f}" if "ratio" in r else "",
                    }
                )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    p.add_argument("--no-e2e", action="store_true", help="skip the cold `spfacts run` per scale")
    p.add_argument("--no-empty", action="store_true", help="skip the empty root (no growth line)")
    p.add_argument("--stage")
    p.add_argument("--generate", type=int)
    p.add_argument("--root", type=Path)
    p.add_argument("--state", type=Path)
    if sys.argv[1:2] == ["--measure"]:  # --measure CMD...: time a command in its own process tree
        print(json.dumps(measure_main(sys.argv[2:])))
        return
    args = p.parse_args()
    if args.generate is not None:
        from snapshots.reconstruct.scale import build_scaled_root

        started = time.perf_counter()
        build_scaled_root(args.root, args.generate)
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    if args.stage:
        runner = {"baseline": baseline_main, "peer": peer_main}.get(args.stage)
        result = runner(args.root, args.state) if runner else stage_main(args.stage, args.root, args.state)
        print(json.dumps(result))
        return
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    ctx = context()
    scales = sorted(set(args.scales) | (set() if args.no_empty else {0}))
    started = time.perf_counter()
    results: dict[int, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="spfacts-bench-") as tmp:
        for n in scales:
            results[n] = measure_scale(n, Path(tmp), not args.no_e2e)
            append_results(ctx, {n: results[n]})  # a scale measured is kept even if a later one fails
    shown = [n for n in scales if n > 0]
    print(
        f"spfacts bench {ctx['date']} commit {ctx['commit']}: {ctx['cores']} cores, {ctx['memory_gb']} GB, "
        f"load average at start {ctx['load_avg']}; duckdb {ctx['duckdb']}, prefect {ctx['prefect']}, "
        f"great_expectations {ctx['great_expectations']}, dlt {ctx['dlt']}, python {ctx['python']}"
    )
    print(table(results, shown))
    if {0, 10, 100} <= set(results):
        print("\n" + growth(results))
    print(
        f"\nbench took {time.perf_counter() - started:.0f} s; load average now {os.getloadavg()[0]:.2f}; "
        f"appended to {RESULTS.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
