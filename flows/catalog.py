"""The warehouse as analysts see it: `spfacts tables`, `spfacts describe TABLE` and `spfacts sql`.

Every command opens the *published* file read-only. A run never writes that file: it builds a new
one beside it and `os.replace`s it in (flows/publish.py), so a reader keeps the snapshot it opened
(its open file) until it closes it, a run never waits for a reader, and a reader never waits for a
run. The descriptions shown are the warehouse's own COMMENTs, written from sql/<layer>/_<layer>.yml
and the raw column lookups.

Exit status: 0 done; 1 the warehouse, a table or the query failed (one line on stderr); 2 the query
was refused (empty, or several statements); 141 the reader of our output went away (`| head`),
silently, as `cat` or `seq` report it.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows import terminal
from flows.settings import Settings
from flows.terminal import FORMATS, Column

if TYPE_CHECKING:
    import duckdb

LAYERS = ("raw", "staging", "marts")  # listed in the order data flows through them
TABLE_ROWS = 50  # rows a terminal table shows unless --max-rows says otherwise


class CatalogError(Exception):
    """Something the user can act on, said in one line."""

    status = 1


class Refused(CatalogError):
    status = 2


def error_line(err: BaseException) -> str:
    """DuckDB's message on one line: its hints kept, the `LINE 1: ... ^^^` excerpt dropped."""
    kept = [
        line.strip()
        for line in str(err).splitlines()
        if line.strip() and not line.startswith("LINE ") and set(line.strip()) != {"^"}
    ]
    return " ".join(kept) or type(err).__name__


def open_warehouse(warehouse_dir: Path, year: int | None = None) -> duckdb.DuckDBPyConnection:
    """The published warehouse of a report year, read-only (default: the latest published year)."""
    import duckdb

    from flows.settings import reading

    database = reading(warehouse_dir, year).database_path
    if not database.exists():
        raise CatalogError(f"no warehouse at {database}; run `spfacts run` first")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.Error as err:
        raise CatalogError(f"cannot open {database}: {error_line(err)}") from err


# --- tables and columns -----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    kind: str  # table or view
    description: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


def list_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    found = con.execute(
        "select schema_name, table_name, 'table', coalesce(comment, '') from duckdb_tables() "
        "where database_name = current_database() and not internal and not temporary "
        "union all select schema_name, view_name, 'view', coalesce(comment, '') from duckdb_views() "
        "where database_name = current_database() and not internal and not temporary"
    ).fetchall()
    tables = [Table(*row) for row in found]

    def order(t: Table) -> tuple[int, str, str]:
        return (LAYERS.index(t.schema) if t.schema in LAYERS else len(LAYERS), t.schema, t.name)

    return sorted(tables, key=order)


def row_count(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    return con.execute(f"select count(*) from {quote(table.schema)}.{quote(table.name)}").fetchone()[0]


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def resolve(con: duckdb.DuckDBPyConnection, name: str) -> Table:
    """`schema.table` or a bare table name (case-insensitive); an unknown name suggests close ones."""
    tables = list_tables(con)
    parts = [p.strip().strip('"') for p in name.strip().split(".")]
    if len(parts) == 3 and parts[0].lower() == con.execute("select current_database()").fetchone()[0].lower():
        parts = parts[1:]
    wanted = ".".join(parts).lower()
    if len(parts) == 2:
        matches = [t for t in tables if t.qualified.lower() == wanted]
    else:
        matches = [t for t in tables if t.name.lower() == wanted]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        names = ", ".join(t.qualified for t in matches)
        raise CatalogError(f"{name} is in several schemas ({names}); name one of them")
    by_key = {t.qualified.lower(): t.qualified for t in tables} | {t.name.lower(): t.qualified for t in tables}
    close = dict.fromkeys(by_key[k] for k in difflib.get_close_matches(wanted, by_key, n=6, cutoff=0.6))
    hint = f"; did you mean {', '.join(list(close)[:3])}?" if close else ""
    raise CatalogError(f"no table {name} in the warehouse{hint} (`spfacts tables` lists them)")


def describe_columns(con: duckdb.DuckDBPyConnection, table: Table) -> list[tuple[str, str, str]]:
    return con.execute(
        "select column_name, data_type, coalesce(comment, '') from duckdb_columns() "
        "where database_name = current_database() and schema_name = ? and table_name = ? order by column_index",
        [table.schema, table.name],
    ).fetchall()


# --- one query --------------------------------------------------------------------------------


def check_one_statement(con: duckdb.DuckDBPyConnection, query: str) -> None:
    import duckdb

    if not query.strip():
        raise Refused("the query is empty; give one SQL statement, e.g. spfacts sql 'select 1'")
    try:
        count = len(con.extract_statements(query))
    except duckdb.Error as err:
        raise CatalogError(error_line(err)) from err
    if count == 0:
        raise Refused("the query holds no SQL statement (only comments or semicolons)")
    if count > 1:
        raise Refused(f"the query holds {count} statements; spfacts sql runs one at a time, so run them one by one")


@dataclass
class Result:
    columns: list[Column]
    rows: Iterator[tuple[Any, ...]]
    hidden: int | None = None  # rows past --max-rows, known once `rows` is exhausted


def run_query(con: duckdb.DuckDBPyConnection, query: str, max_rows: int | None) -> Result | None:
    """Run one statement; None when it returns nothing. Rows stream; past max_rows they are only counted."""
    import duckdb

    check_one_statement(con, query)
    try:
        con.execute(query)
    except duckdb.Error as err:
        raise CatalogError(error_line(err)) from err
    if con.description is None:
        return None
    result = Result([Column.from_duckdb(d[0], d[1]) for d in con.description], iter(()))

    def rows() -> Iterator[tuple[Any, ...]]:
        left = max_rows or None
        try:
            while left is None or left > 0:  # fetch no row past max_rows, so that the rest can be counted
                batch = con.fetchmany(1000 if left is None else min(1000, left))
                if not batch:
                    result.hidden = 0
                    return
                yield from batch
                left = None if left is None else left - len(batch)
            result.hidden = _count_rest(con)
        except duckdb.Error as err:
            raise CatalogError(error_line(err)) from err

    result.rows = rows()
    return result


def _count_rest(con: duckdb.DuckDBPyConnection) -> int:
    """Rows left in the open result, counted in vectors rather than Python tuples."""
    total = 0
    while True:
        chunk = con.fetch_df_chunk(100)
        if len(chunk) == 0:
            return total
        total += len(chunk)


# --- the commands -----------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction, defaults: Settings) -> None:
    """Add `tables`, `describe` and `sql` to spfacts' subcommands (flows/cli.py)."""
    tables = sub.add_parser(
        "tables",
        help="list the warehouse's tables with their row counts and descriptions",
        description="List every table of the published warehouse (raw, staging, marts) with its row count "
        "and the description the warehouse stores as its COMMENT.",
    )
    tables.add_argument("schema", nargs="?", help="only this schema (raw, staging or marts)")
    _common(tables, defaults)
    tables.set_defaults(command=cmd_tables)

    describe = sub.add_parser(
        "describe",
        help="show a table's columns, types and descriptions",
        description="Show one table of the published warehouse: its description, row count, and each column "
        "with its type and description.",
    )
    describe.add_argument("table", help="schema.table, or a table name found in one schema only")
    _common(describe, defaults)
    describe.set_defaults(command=cmd_describe)

    sql = sub.add_parser(
        "sql",
        help="run a SQL query on the published warehouse (read-only)",
        description="Run one SQL statement on the published warehouse, opened read-only: a run in progress "
        "neither waits for it nor changes what it reads. Exit status 0 done, 1 the query failed, 2 the query "
        "was refused (empty or several statements), 141 the output's reader went away (e.g. `| head`).",
    )
    sql.add_argument("query", help='one SQL statement, e.g. "select * from marts.facts_and_figures"; - reads stdin')
    _common(sql, defaults)
    sql.add_argument(
        "--max-rows",
        type=int,
        default=None,
        metavar="N",
        help=f"show at most N rows and say how many were left out; 0 shows all (default {TABLE_ROWS} for "
        "--format table, all rows otherwise)",
    )
    sql.set_defaults(command=cmd_sql)


def _common(p: argparse.ArgumentParser, defaults: Settings) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (fits the terminal; COLUMNS overrides its width), csv, json (an array of objects) or "
        "markdown (default %(default)s)",
    )
    reader_options(p, defaults)


def reader_options(p: argparse.ArgumentParser, defaults: Settings) -> None:
    """--warehouse and --year of every command that reads a published warehouse (docs/operations.md)."""
    p.add_argument(
        "--warehouse", type=Path, default=defaults.warehouse_dir, help="warehouse folder (default %(default)s)"
    )
    p.add_argument(
        "--year", type=int, default=None, help="report year (default: the latest published in the warehouse)"
    )


def _guarded(work) -> int:
    """Run a command: errors as one line on stderr, a closed pipe silently (status 141)."""
    try:
        status = work()
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        return terminal.closed_pipe()
    except CatalogError as err:
        print(f"spfacts: {err}", file=sys.stderr)
        return err.status
    except KeyboardInterrupt:
        print("spfacts: interrupted", file=sys.stderr)
        return 130


def cmd_tables(args: argparse.Namespace) -> int:
    def work() -> int:
        with open_warehouse(args.warehouse, args.year) as con:
            tables = [t for t in list_tables(con) if not args.schema or t.schema.lower() == args.schema.lower()]
            if args.schema and not tables:
                schemas = sorted({t.schema for t in list_tables(con)})
                raise CatalogError(f"no schema {args.schema} in the warehouse; it has {', '.join(schemas)}")
            columns = [Column("schema"), Column("table"), Column("rows", numeric=True)]
            columns.append(Column("description", wrap=True))
            rows = [(t.schema, t.name, row_count(con, t), t.description) for t in tables]
        terminal.write_result(args.format, columns, rows, sys.stdout)
        return 0

    return _guarded(work)


def cmd_describe(args: argparse.Namespace) -> int:
    def work() -> int:
        with open_warehouse(args.warehouse, args.year) as con:
            table = resolve(con, args.table)
            rows = describe_columns(con, table)
            count = row_count(con, table)
        columns = [Column("column"), Column("type"), Column("description", wrap=True)]
        if args.format == "table":
            width = terminal.terminal_width()
            head = f"{table.qualified} ({table.kind}, {terminal.plural(count, 'row')})"
            for line in [head, *terminal.wrap_words(table.description, width), ""]:
                sys.stdout.write(line + "\n")
        terminal.write_result(args.format, columns, rows, sys.stdout)
        return 0

    return _guarded(work)


def cmd_sql(args: argparse.Namespace) -> int:
    def work() -> int:
        query = sys.stdin.read() if args.query == "-" else args.query
        if args.max_rows is not None and args.max_rows < 0:
            raise Refused("--max-rows takes 0 (all rows) or a positive number")
        max_rows = args.max_rows if args.max_rows is not None else (TABLE_ROWS if args.format == "table" else 0)
        with open_warehouse(args.warehouse, args.year) as con:
            result = run_query(con, query, max_rows)
            if result is None:
                return 0
            if args.format == "table":
                shown = list(result.rows)
                terminal.write_result("table", result.columns, shown, sys.stdout)
            else:
                terminal.write_result(args.format, result.columns, result.rows, sys.stdout)
                shown = None
        hidden = result.hidden or 0
        if args.format == "table":
            total = terminal.plural(len(shown) + hidden, "row")
            note = f"{total}, {len(shown):,} shown; --max-rows 0 shows all" if hidden else total
            for line in terminal.wrap_words(note, terminal.terminal_width()):
                sys.stdout.write(line + "\n")
        elif hidden:
            sys.stdout.flush()
            print(f"spfacts: {terminal.plural(hidden, 'more row')} not shown; --max-rows 0 shows all", file=sys.stderr)
        return 0

    return _guarded(work)
