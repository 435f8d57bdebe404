"""What validation costs at 100 times the snapshot (about a million rows), by each way GX could do it.

Builds, in DuckDB, synthetic staging tables at scale (stg_communications 1M rows, stg_replies
500k, stg_communication_mandates ~1.5M; the reference tables are the real ones), then times in
separate processes (so that each peak RSS is its own):

  spfacts     the project's path (flows.quality.validate): GX's SQL datasource on DuckDB with the
              adjustments of flows/quality/gx.py, each suite's frame query as a query asset, one
              checkpoint; Data Docs timed apart
  gx-pandas   the same suites through GX's pandas datasource (unpatched): each frame read from
              DuckDB as a DataFrame (only the columns the suite names), one checkpoint per frame
  gx-whole    GX's pandas datasource on a whole table (select *), the suite's table-column
              expectations only: the naive pandas path (GX fingerprints each batch and pickles it
              when a column holds lists)
  gx-sql      GX's SQL datasource over duckdb-engine, unpatched
  sql-floor   the same expectations as plain DuckDB aggregate queries: no GX, the floor
  marts-sql   the yardstick of the issue: the real sql/marts SQL of the communications marts
              (mart_report_years, mart_communications and its by-state/region/mandate marts)

Usage: python benchmarks/bench_quality.py [--rows 1000000] [--cases spfacts,gx-whole,...]
Prints one line per case: seconds, peak RSS (MB) and a note. No assertion: numbers to read.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SUITES = ["stg_communications", "stg_replies", "stg_communication_mandates"]
CASES = ["spfacts", "gx-pandas", "gx-whole", "gx-sql", "sql-floor", "marts-sql"]
MARTS = [
    "mart_report_years",
    "mart_communications",
    "mart_communications_by_state",
    "mart_communications_by_regional_group",
    "mart_communications_by_mandate",
]


def build(path: Path, rows: int) -> None:
    """Synthetic staging tables that pass the suites: valid codes, regions from the reference."""
    import duckdb

    from flows.load import MANIFEST_COLUMNS
    from flows.settings import PUBLISHED_DIR, REFERENCE_DIR, SQL_DIR

    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema staging; create schema marts")
        con.execute(f"set variable reference_dir = '{REFERENCE_DIR}'")
        con.execute(f"set variable published_dir = '{PUBLISHED_DIR}'")
        for name in ("stg_regional_groups", "stg_countries", "stg_published_figures"):
            con.execute(f"create table staging.{name} as {(SQL_DIR / 'staging' / f'{name}.sql').read_text()}")
        con.execute("""create table staging.stg_mandates as
            select 'SR m' || lpad(i::varchar, 2, '0') as mandate, 'Special Rapporteur ' || i as title,
                   'Thematic' as mandate_type, 'Special Rapporteur' as mandate_kind, null::varchar as country_iso3,
                   date '2000-01-01' as established_date, '1/' || i as resolution, null::date as ended_date,
                   'mandates/mandates.csv' as _source_file, i::bigint as _row
            from range(1, 61) t(i)""")
        con.execute(f"""create table staging.stg_communications as
            with states as (
                select row_number() over (order by iso3) - 1 as k, iso3, name_en, regional_group
                from staging.stg_countries where is_member_state
            ),
            base as (
                select i, i % 193 as k, i % 6 as t, date '2019-01-01' + (i % 1825)::integer as sent_date
                from range(1, {rows} + 1) r(i)
            )
            select
                i::bigint as communication_id, s.iso3 || ' ' || i || '/' || year(sent_date) as ref_no,
                s.iso3 as addressee_code, s.iso3 as addressee_iso3, false as is_non_state, sent_date,
                year(sent_date)::integer as sent_year,
                ['AL', 'UA', 'OL', 'JAL', 'JUA', 'JOL'][t + 1] as communication_type,
                t >= 3 as is_joint, s.name_en as country_name, s.regional_group as un_region,
                ['Africa', 'Americas', 'Asia and the Pacific', 'Europe and Central Asia',
                 'Middle East and North Africa'][i % 5 + 1] as ohchr_region,
                (i % 7)::integer as victims_count, (i % 7 // 2)::integer as victims_women_count,
                i % 50 = 0 as is_reprisal,
                'Summary of the allegations of communication ' || i as summary,
                case when t >= 3 then ['SR m' || lpad((i % 60 + 1)::varchar, 2, '0'),
                                       'SR m' || lpad(((i + 1) % 60 + 1)::varchar, 2, '0')]
                     else ['SR m' || lpad((i % 60 + 1)::varchar, 2, '0')] end as mandates,
                []::varchar[] as non_state_actors,
                case when i % 50 = 0 then ['reprisals'] else []::varchar[] end as tags,
                'communications/communications-' || year(sent_date) || '-001.csv' as _source_file, i::bigint as _row
            from base join states as s using (k)""")
        con.execute("""create table staging.stg_communication_mandates as
            select communication_id, unnest(mandates) as mandate from staging.stg_communications""")
        con.execute("""create table staging.stg_replies as
            select (1000000000 + communication_id)::bigint as reply_id, ref_no, communication_id,
                   sent_date + 20 as received_date, year(sent_date + 20)::integer as received_year,
                   country_name as reply_from, communication_id % 3 = 0 as is_substantive,
                   'communications/replies-' || year(sent_date + 20) || '-001.csv' as _source_file,
                   communication_id as _row
            from staging.stg_communications where communication_id % 2 = 0""")
        con.execute(
            "create table staging.rejects (dataset VARCHAR, source_file VARCHAR, row_number BIGINT, "
            "column_name VARCHAR, value VARCHAR, reason VARCHAR, run_id VARCHAR)"
        )
        con.execute(f"create table raw.raw_manifest ({MANIFEST_COLUMNS})")
        for dataset, table in (("communications", "stg_communications"), ("replies", "stg_replies")):
            con.execute(
                f"insert into raw.raw_manifest (dataset, part, path, format, rows) "
                f"select '{dataset}', 1, 'synthetic', 'csv', count(*) from staging.{table}"
            )


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def case_spfacts(db: Path, work: Path) -> dict:
    from flows import quality

    started = time.perf_counter()
    import great_expectations  # noqa: F401  (import cost reported apart)

    imported = time.perf_counter()
    result = quality.validate(db, "staging", run_id="bench", report_year=2023, docs_dir=work / "docs", suites=SUITES)
    total = time.perf_counter() - imported
    return {
        "seconds": round(total, 2),
        "note": f"GX import {imported - started:.1f} s; {result.seconds}; "
        f"{sum(s.expectations for s in result.suites.values())} expectations in {len(result.suites)} suites; "
        f"{len(result.failed)} failed",
    }


def case_gx_pandas(db: Path, work: Path) -> dict:
    import duckdb
    import great_expectations as gx

    from flows import quality

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_pandas("p")
    started = time.perf_counter()
    read = 0.0
    failed = []
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("set variable report_year = 2023").fetchall()
        con.execute("set variable run_id = 'bench'").fetchall()
        for spec in quality.load_suites("staging"):
            if spec["name"] not in SUITES:
                continue
            began = time.perf_counter()
            frame = con.sql(spec["meta"]["spfacts"]["frame"]).df()
            rows = con.execute(spec["meta"]["spfacts"]["rows_expected"]).fetchall()[0][0]
            read += time.perf_counter() - began
            suite = context.suites.add(
                gx.ExpectationSuite(spec["name"], expectations=[_gx_expectation(e) for e in spec["expectations"]])
            )
            batch = source.add_dataframe_asset(spec["name"]).add_batch_definition_whole_dataframe("w")
            vd = context.validation_definitions.add(gx.ValidationDefinition(name=spec["name"], data=batch, suite=suite))
            checkpoint = context.checkpoints.add(gx.Checkpoint(name=spec["name"], validation_definitions=[vd]))
            result = checkpoint.run(
                batch_parameters={"dataframe": frame}, expectation_parameters={f"rows_expected_{spec['name']}": rows}
            )
            failed += [spec["name"]] if not result.success else []
            del frame
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "note": f"frames read as DataFrames {read:.1f} s; failed {failed}; no Data Docs",
    }


def _table_expectations(name: str) -> list[dict]:
    """The suite's expectations on the table's own columns (the derived ones need the frame)."""
    import yaml

    from flows import quality
    from flows.settings import SQL_DIR

    columns = yaml.safe_load((SQL_DIR / "staging" / "_staging.yml").read_text())["tables"][name]["columns"]
    suite = json.loads((quality.SUITES_DIR / f"{name}.json").read_text())
    keep = []
    for exp in suite["expectations"]:
        named = [exp["kwargs"][k] for k in ("column", "column_A", "column_B") if k in exp["kwargs"]]
        named += exp["kwargs"].get("column_list", [])
        if all(c in columns for c in named) and exp["type"] != "expect_table_row_count_to_equal":
            keep.append(exp)
    return keep


def case_gx_whole(db: Path, work: Path) -> dict:
    import duckdb
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    started = time.perf_counter()
    with duckdb.connect(str(db), read_only=True) as con:
        frame = con.sql("select * from staging.stg_communications").df()
    loaded = time.perf_counter()
    expectations = _table_expectations("stg_communications")
    suite = context.suites.add(gx.ExpectationSuite("whole", expectations=[_gx_expectation(e) for e in expectations]))
    batch = context.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe("w")
    vd = context.validation_definitions.add(gx.ValidationDefinition(name="whole", data=batch, suite=suite))
    result = vd.run(batch_parameters={"dataframe": frame})
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "note": f"select * as DataFrame {loaded - started:.1f} s; {len(expectations)} expectations "
        f"on stg_communications only; success {result.success}",
    }


def _gx_expectation(exp: dict):
    from great_expectations.expectations.registry import get_expectation_impl

    return get_expectation_impl(exp["type"])(**exp["kwargs"], meta=exp["meta"])


def case_gx_sql(db: Path, work: Path) -> dict:
    try:
        import duckdb_engine  # noqa: F401
    except ImportError:
        return {"seconds": None, "note": "skipped: duckdb-engine is not installed"}
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    started = time.perf_counter()
    source = context.data_sources.add_sql("d", connection_string=f"duckdb:///{db}?access_mode=read_only")
    asset = source.add_table_asset("c", table_name="stg_communications", schema_name="staging")
    expectations = _table_expectations("stg_communications")
    suite = context.suites.add(gx.ExpectationSuite("sql", expectations=[_gx_expectation(e) for e in expectations]))
    vd = context.validation_definitions.add(
        gx.ValidationDefinition(name="sql", data=asset.add_batch_definition_whole_table("w"), suite=suite)
    )
    result = vd.run()
    errors = sum(1 for r in result.results if r.exception_info and r.exception_info.get("raised_exception"))
    errors += sum(1 for r in result.results if not r.success and not r.result)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "note": (
            f"unpatched; {len(expectations)} expectations, {errors} could not be evaluated; success {result.success}"
        ),
    }


def _violations_sql(exp: dict, frame: str) -> str:
    """How many rows break one expectation, in DuckDB SQL over the frame query."""
    kw = exp["kwargs"]
    c, a, b = (f'"{kw[k]}"' if k in kw else None for k in ("column", "column_A", "column_B"))
    kind = exp["type"].removeprefix("expect_")
    greater = ">=" if kw.get("or_equal") else ">"
    value_set = ", ".join(repr(str(v)) for v in kw.get("value_set", []))
    either = f"{a} is not null and {b} is not null" if kw.get("ignore_row_if") == "either_value_is_missing" else "true"
    conditions = {
        "column_values_to_not_be_null": f"{c} is null",
        "column_values_to_be_null": f"{c} is not null",
        "column_values_to_be_in_set": f"{c} is not null and {c}::varchar not in ({value_set})",
        "column_values_to_match_regex": f"{c} is not null and not regexp_matches({c}::varchar, {kw.get('regex')!r})",
        "column_values_to_be_between": f"{c} < {kw.get('min_value')}",
        "column_pair_values_to_be_equal": f"{a} is distinct from {b} and not ({a} is null and {b} is null)",
        "column_pair_values_a_to_be_greater_than_b": f"{either} and not ({a} {greater} {b})",
    }
    if kind == "column_values_to_be_unique":
        return f"select count(*) - count(distinct {c}) from ({frame})"
    if kind == "compound_columns_to_be_unique":
        cols = ", ".join(f'"{x}"' for x in kw["column_list"])
        return f"select count(*) - count(distinct ({cols})) from ({frame})"
    if kind == "table_row_count_to_equal":
        return f"select count(*) from ({frame})"
    return f"select count(*) from ({frame}) where {conditions[kind]}"


def case_sql_floor(db: Path, work: Path) -> dict:
    import duckdb

    from flows import quality

    started = time.perf_counter()
    checks = 0
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("set variable report_year = 2023").fetchall()
        con.execute("set variable run_id = 'bench'").fetchall()
        for spec in quality.load_suites("staging"):
            if spec["name"] not in SUITES:
                continue
            con.execute(f"create or replace temp table frame as {spec['meta']['spfacts']['frame']}").fetchall()
            for exp in spec["expectations"]:
                con.execute(_violations_sql(exp, "select * from frame")).fetchall()
                checks += 1
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "note": f"{checks} expectations as DuckDB queries over the same frames (no GX, no results, no docs)",
    }


def case_marts_sql(db: Path, work: Path) -> dict:
    import duckdb

    from flows.settings import SQL_DIR

    copy = work / "yardstick.duckdb"  # not marts.duckdb: the catalog name would clash with the schema
    copy.write_bytes(db.read_bytes())
    with duckdb.connect(str(copy)) as con:
        con.execute("set variable report_year = 2023; set variable cutoff_date = date '2023-12-31'")
        started = time.perf_counter()
        for name in MARTS:
            con.execute(f"create or replace table marts.{name} as {(SQL_DIR / 'marts' / f'{name}.sql').read_text()}")
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "note": f"{len(MARTS)} communications marts from the real sql/marts files"}


def run_case(case: str, db: Path, work: Path) -> None:
    functions = {
        "spfacts": case_spfacts,
        "gx-pandas": case_gx_pandas,
        "gx-whole": case_gx_whole,
        "gx-sql": case_gx_sql,
        "sql-floor": case_sql_floor,
        "marts-sql": case_marts_sql,
    }
    out = functions[case](db, work)
    out["peak_mb"] = peak_mb()
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case, args.db, args.work)
        return
    with tempfile.TemporaryDirectory(prefix="spfacts-bench-quality-") as tmp:
        work = Path(tmp)
        db = work / "bench.duckdb"
        started = time.perf_counter()
        build(db, args.rows)
        print(
            f"built {args.rows:,} communications (+ replies, communication mandates) in "
            f"{time.perf_counter() - started:.1f} s, {db.stat().st_size / 1e6:.0f} MB; {date.today()}"
        )
        print(f"{'case':<10} {'seconds':>8} {'peak MB':>8}  note")
        for case in args.cases.split(","):
            proc = subprocess.run(
                [sys.executable, __file__, "--case", case, "--db", str(db), "--work", str(work)],
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                print(f"{case:<10} {'failed':>8} {'':>8}  {proc.stderr.strip().splitlines()[-1]}")
                continue
            out = json.loads(proc.stdout.strip().splitlines()[-1])
            seconds = "-" if out["seconds"] is None else f"{out['seconds']:.2f}"
            print(f"{case:<10} {seconds:>8} {out['peak_mb']:>8.0f}  {out['note']}")


if __name__ == "__main__":
    main()
