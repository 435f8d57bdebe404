"""Load landed files into DuckDB `raw` tables: text only, source column names, lineage added.

One table per dataset, `raw.raw_<dataset with - as _>`: every part and year appended, columns
the union by name of the files' columns (unknown extra columns kept), every value VARCHAR as
written (an empty cell is null), plus lineage `_source_file` (manifest path), `_row` (1-based
data row, JSON Lines line, JSON array element or MARC record number), `_year` (the manifest
entry's year) and `_run_id`. `raw.raw_manifest` lists the files loaded. Renaming, typing and
rejecting rows belong to staging (docs/architecture.md#raw-is-passthrough); this module stops the run
only on defects of a file (docs/sources.md#bad-rows-and-bad-files): unreadable, missing column,
wrong row count.

Required columns per dataset: flows/reference/source_columns.csv. MARCXML datasets (reports)
have no columns there: their required fields are per record, so staging rejects the records.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from flows.errors import PipelineError
from flows.load_marc import MARC_COLUMNS, MARC_DATASETS, MarcError, read_marc
from flows.settings import REFERENCE_DIR
from flows.sources.models import DATASETS, LandedFile

SOURCE_COLUMNS_CSV = REFERENCE_DIR / "source_columns.csv"
LINEAGE: tuple[tuple[str, str], ...] = (
    ("_source_file", "VARCHAR"),
    ("_row", "BIGINT"),
    ("_year", "INTEGER"),
    ("_run_id", "VARCHAR"),
)
TABULAR_FORMATS = ("csv", "jsonl", "json")
MANIFEST_COLUMNS = (
    "dataset VARCHAR, year INTEGER, part INTEGER, path VARCHAR, format VARCHAR, rows BIGINT, "
    "bytes BIGINT, sha256 VARCHAR, landed_path VARCHAR, source_url VARCHAR, fetched_at VARCHAR, "
    "reused BOOLEAN, run_id VARCHAR"
)


class LoadError(PipelineError):
    """A landed file cannot be loaded as the source contract says; names the file (and line)."""


def raw_table_name(dataset: str) -> str:
    return "raw_" + dataset.replace("-", "_")


def required_columns(path: Path = SOURCE_COLUMNS_CSV) -> dict[str, list[str]]:
    """{dataset: [column, ...]} from the lookup CSV, in its order."""
    required: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            required.setdefault(row["dataset"], []).append(row["column"])
    return required


def load_raw(
    con: duckdb.DuckDBPyConnection,
    landed: Sequence[LandedFile],
    run_id: str,
    unknown_columns: Sequence[tuple[str, str]] = (),
) -> dict[str, int]:
    """Load every landed file; return {raw table: rows}. Datasets with no file get an empty table.

    `unknown_columns` are the (dataset, column) pairs the manifest's provenance declares unknown
    (an imported export lacks them, docs/imports.md); they go to raw.raw_unknown_columns as written.
    """
    for landed_file in landed:
        if landed_file.dataset not in DATASETS:
            raise LoadError(f"{landed_file.source_file}: unknown dataset {landed_file.dataset!r}")
    required = required_columns()
    con.execute("create schema if not exists raw")
    counts: dict[str, int] = {}
    for dataset in DATASETS:
        files = sorted(
            (f for f in landed if f.dataset == dataset), key=lambda f: (f.entry.year or 0, f.entry.part, f.source_file)
        )
        table = raw_table_name(dataset)
        if dataset in MARC_DATASETS:
            counts[table] = _load_marc(con, table, files, run_id)
        else:
            counts[table] = _load_tabular(con, table, files, required.get(dataset, []), run_id)
    _write_manifest(con, landed, run_id)
    con.execute('create or replace table raw.raw_unknown_columns (dataset VARCHAR, "column" VARCHAR)')
    if unknown_columns:
        con.executemany("insert into raw.raw_unknown_columns values (?, ?)", [list(u) for u in unknown_columns])
    _comment_raw(con)
    return counts


def _load_tabular(
    con: duckdb.DuckDBPyConnection, table: str, files: list[LandedFile], required: list[str], run_id: str
) -> int:
    """Read each file into a temp table, then append them by name into the union of columns."""
    # Required columns first (contract order), then extra ones as first seen; keyed lower-case
    # because DuckDB names ignore case.
    extras: dict[str, str] = {}
    known = {c.lower() for c in required}
    temps: list[tuple[LandedFile, str]] = []
    try:
        for number, landed in enumerate(files):
            temp = f"_load_{table}_{number}"
            header = _read_file(con, landed, temp)
            missing = [c for c in required if c not in header]
            if missing:
                raise LoadError(
                    f"{landed.source_file}: required column {missing[0]!r} is missing "
                    f"(columns found: {', '.join(header)})"
                )
            for name in header:
                if name.lower() not in known:
                    extras.setdefault(name.lower(), name)
            temps.append((landed, temp))
        ordered = [*required, *extras.values()]
        defs = ", ".join([*(f"{_ident(c)} VARCHAR" for c in ordered), *(f"{n} {t}" for n, t in LINEAGE)])
        con.execute(f"create or replace table raw.{table} ({defs})")
        for landed, temp in temps:
            con.execute(
                f"insert into raw.{table} by name select * exclude (_ord), ? as _source_file, "
                f"_ord as _row, ?::integer as _year, ? as _run_id from {temp} order by _ord",
                [landed.source_file, landed.entry.year, run_id],
            )
    finally:
        for number in range(len(files)):
            con.execute(f"drop table if exists _load_{table}_{number}")
    return con.execute(f"select count(*) from raw.{table}").fetchall()[0][0]


def _read_file(con: duckdb.DuckDBPyConnection, landed: LandedFile, temp: str) -> list[str]:
    """Create temp table `temp` (source columns as VARCHAR + `_ord`); return the header."""
    fmt = landed.entry.format
    if fmt not in TABULAR_FORMATS:
        raise LoadError(f"{landed.source_file}: format {fmt!r} is not valid for dataset {landed.dataset}")
    if fmt == "csv":
        header = _csv_header(landed)
        _check_header(landed, header)
        _read_csv(con, landed, header, temp)
    else:
        header, rows = _read_json(landed)
        _check_header(landed, header)
        try:
            _insert_rows(con, temp, [*header, "_ord"], rows)
        except duckdb.Error as err:
            raise LoadError(f"{landed.source_file}: cannot be loaded: {err}") from err
    loaded = con.execute(f"select count(*) from {temp}").fetchall()[0][0]
    _check_rows(landed, loaded)
    return header


def _csv_header(landed: LandedFile) -> list[str]:
    """The header record, read with Python's csv module (BOM dropped by utf-8-sig)."""

    def lines(handle: Any) -> Any:  # decoded one line at a time: a bad byte further down is not the header's
        for number, line in enumerate(handle, start=1):
            yield line.decode("utf-8-sig" if number == 1 else "utf-8")

    try:
        with landed.path.open("rb") as handle:
            header = next(csv.reader(lines(handle), strict=True), None)
    except (UnicodeDecodeError, csv.Error) as err:
        raise LoadError(f"{landed.source_file}: line 1: header cannot be read: {err}") from err
    if not header:
        raise LoadError(f"{landed.source_file}: line 1: no header row")
    return header


def _check_header(landed: LandedFile, header: list[str]) -> None:
    seen: set[str] = set()
    lineage = {name for name, _ in LINEAGE} | {"_ord"}
    for name in header:
        if not name.strip():
            raise LoadError(f"{landed.source_file}: the header has an empty column name")
        if name.lower() in seen:
            raise LoadError(f"{landed.source_file}: column {name!r} appears twice in the header")
        if name in lineage:
            raise LoadError(f"{landed.source_file}: column {name!r} clashes with a lineage column")
        seen.add(name.lower())


def _read_csv(con: duckdb.DuckDBPyConnection, landed: LandedFile, header: list[str], temp: str) -> None:
    # The header is given, not sniffed: the sniffer hides the failing line of a broken file and may
    # guess a comment character. Strict RFC 4180: no ignore_errors, no null padding.
    columns = "{" + ", ".join(f"{_literal(c)}: 'VARCHAR'" for c in header) + "}"
    # DuckDB refuses lines over 2 MB by default; extract already bounded the cells and the file
    # (Settings.max_cell_bytes, max_file_bytes), so no line of a landed file is too long to load.
    max_line = max(2 << 20, landed.entry.bytes + 1)
    sql = (
        f"create temp table {temp} as select * from read_csv({_literal(str(landed.path))}, "
        f"columns = {columns}, header = true, auto_detect = false, delim = ',', quote = '\"', "
        "escape = '\"', comment = '', skip = 0, strict_mode = true, null_padding = false, "
        f"ignore_errors = false, encoding = 'utf-8', max_line_size = {max_line})"
    )
    try:
        con.execute(sql)
        # Insertion order is file order (preserve_insertion_order), so rowid numbers the records
        # even when a quoted cell spans lines; tests check it.
        con.execute(f"alter table {temp} add column _ord BIGINT")
        con.execute(f"update {temp} set _ord = rowid + 1")
    except duckdb.Error as err:
        raise LoadError(_duckdb_message(landed, err)) from err


def _duckdb_message(landed: LandedFile, err: duckdb.Error) -> str:
    text = str(err)
    line = re.search(r"Line: (\d+)", text)
    detail = re.split(r"\n\s*Possible (?:fixes|Solution)", text)[0].strip()
    where = f"line {line.group(1)}: " if line else ""
    return f"{landed.source_file}: {where}cannot be read as CSV: {detail}"


def _read_json(landed: LandedFile) -> tuple[list[str], list[list[Any]]]:
    """Records of a JSON Lines or JSON array file as text, keyed by the union of their keys."""
    try:
        text = landed.path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(f"{landed.source_file}: byte {err.start}: not UTF-8") from err
    records: list[tuple[int, Any]] = []
    try:
        if landed.entry.format == "jsonl":
            # "\n" only, as extract counts them: str.splitlines would also split at a U+2028 that
            # sits, legally unescaped, inside a JSON string
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip():  # blank lines are not records (docs/sources.md#1-manifestjson: non-empty lines)
                    where = number
                    records.append((number, json.loads(line)))
        else:
            where = 1
            document = json.loads(text)
            if not isinstance(document, list):
                raise LoadError(f"{landed.source_file}: the file is not a JSON array")
            records = list(enumerate(document, start=1))
    except json.JSONDecodeError as err:
        line = where if landed.entry.format == "jsonl" else err.lineno
        raise LoadError(f"{landed.source_file}: line {line}: not valid JSON: {err.msg}") from err
    header: dict[str, None] = {}
    for number, record in records:
        if not isinstance(record, dict):
            unit = "line" if landed.entry.format == "jsonl" else "element"
            raise LoadError(f"{landed.source_file}: {unit} {number}: not a JSON object")
        header.update(dict.fromkeys(record))
    names = list(header)
    rows = [[_json_text(record.get(name)) for name in names] + [number] for number, record in records]
    return names, rows


def _json_text(value: Any) -> str | None:
    """Strings as they are, null as null, anything else (numbers, lists, objects) as JSON text."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _load_marc(con: duckdb.DuckDBPyConnection, table: str, files: list[LandedFile], run_id: str) -> int:
    defs = ", ".join(
        [f"{n} {t}" for n, t in LINEAGE[:2]]
        + [f"{n} {t}" for n, t in MARC_COLUMNS]
        + [f"{n} {t}" for n, t in LINEAGE[2:]]
    )
    con.execute(f"create or replace table raw.{table} ({defs})")
    names = [n for n, _ in MARC_COLUMNS]
    for landed in files:
        if landed.entry.format != "marcxml":
            raise LoadError(
                f"{landed.source_file}: format {landed.entry.format!r} is not valid "
                f"for dataset {landed.dataset} (marcxml expected)"
            )
        try:
            records, rows = read_marc(landed.path)
        except MarcError as err:
            raise LoadError(f"{landed.source_file}: {err}") from err
        _check_rows(landed, records)
        try:
            _insert_rows(con, "_load_marc", ["_row", *names], [list(r) for r in rows])
            con.execute(
                f"insert into raw.{table} by name select ? as _source_file, _row::bigint as _row, "
                f"field_seq::integer as field_seq, {', '.join(f'{n}::varchar as {n}' for n in names[1:])}, "
                "?::integer as _year, ? as _run_id from _load_marc order by _row, field_seq",
                [landed.source_file, landed.entry.year, run_id],
            )
        except duckdb.Error as err:
            raise LoadError(f"{landed.source_file}: cannot be loaded: {err}") from err
        finally:
            con.execute("drop table if exists _load_marc")
    return con.execute(f"select count(distinct (_source_file, _row)) from raw.{table}").fetchall()[0][0]


def _insert_rows(con: duckdb.DuckDBPyConnection, temp: str, names: list[str], rows: list[list[Any]]) -> None:
    """Rows built in Python into temp table `temp`: text columns, `_ord`/`_row`/`field_seq` integers."""
    frame = pd.DataFrame(rows, columns=names, dtype=object)
    view = f"{temp}_frame"
    con.register(view, frame)
    try:
        select = ", ".join(
            f"{_ident(n)}::{'BIGINT' if n in ('_ord', '_row', 'field_seq') else 'VARCHAR'} as {_ident(n)}"
            for n in names
        )
        con.execute(f"create or replace temp table {temp} as select {select} from {view}")
    finally:
        con.unregister(view)


def _check_rows(landed: LandedFile, loaded: int) -> None:
    if loaded != landed.entry.rows:
        raise LoadError(f"{landed.source_file}: {loaded} rows loaded but the manifest says {landed.entry.rows}")


def _write_manifest(con: duckdb.DuckDBPyConnection, landed: Sequence[LandedFile], run_id: str) -> None:
    con.execute(f"create or replace table raw.raw_manifest ({MANIFEST_COLUMNS})")
    rows = [
        (
            f.dataset,
            f.entry.year,
            f.entry.part,
            f.source_file,
            f.entry.format,
            f.entry.rows,
            f.entry.bytes,
            f.entry.sha256,
            str(f.path),
            f.source_url,
            f.fetched_at,
            f.reused,
            run_id,
        )
        for f in landed
    ]
    if rows:
        con.executemany(f"insert into raw.raw_manifest values ({', '.join('?' * 13)})", rows)


def _comment_raw(con: duckdb.DuckDBPyConnection) -> None:
    """Describe the raw tables in the warehouse itself (COMMENTs), from the lookup CSVs."""
    with open(REFERENCE_DIR / "datasets.csv", encoding="utf-8", newline="") as f:
        datasets = {r["dataset"]: r["description"] for r in csv.DictReader(f)}
    with open(REFERENCE_DIR / "raw_columns.csv", encoding="utf-8", newline="") as f:
        known = {r["column"]: r["description"] for r in csv.DictReader(f)}
    for dataset, description in datasets.items():
        table = f"raw.{raw_table_name(dataset)}"
        con.execute(
            f"comment on table {table} is {_literal(description + ': the source as fetched, every value as text')}"
        )
        for (column,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = ?",
            [raw_table_name(dataset)],
        ).fetchall():
            text = known.get(column) or f"source column {column!r} as published, as text"
            con.execute(f"comment on column {table}.{_ident(column)} is {_literal(text)}")
    con.execute(
        "comment on table raw.raw_unknown_columns is 'columns the manifest provenance declares unknown "
        "(an imported export lacks them), as written'"
    )
    con.execute("comment on column raw.raw_unknown_columns.dataset is 'dataset of the source contract'")
    con.execute(
        "comment on column raw.raw_unknown_columns.\"column\" is 'column (or MARC field) the root does not know'"
    )
    con.execute(
        "comment on table raw.raw_manifest is 'manifest entries of the files this run loaded, "
        "with where each landed copy is and where it came from'"
    )
    for (column,) in con.execute(
        "select column_name from duckdb_columns() where schema_name = 'raw' and table_name = 'raw_manifest'"
    ).fetchall():
        con.execute(
            f"comment on column raw.raw_manifest.{_ident(column)} is {_literal(f'manifest or landing field {column}')}"
        )


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
