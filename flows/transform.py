"""The SQL runner: materialises sql/<layer>/<table>.sql as <layer>.<table>, in dependency order.

One file per table, file name = table name (docs/architecture.md#sql-style). The runner adds what SQL
files cannot say well on their own: the order they run in (from the tables each query reads,
parsed with sqlglot in DuckDB's dialect: a name in a comment or a string is no dependency), the
split of rejected rows into staging.rejects (filed under the model's `dataset` in
sql/staging/_staging.yml), the key checks that stop a run, and the COMMENTs from
sql/<layer>/_<layer>.yml, so the warehouse documents itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
import yaml
from sqlglot import exp

from flows.errors import PipelineError
from flows.settings import SQL_DIR

LAYERS = ("staging", "marts")
REJECT_COLUMNS = ("_reject_reason", "_reject_column", "_reject_value")


class TransformError(PipelineError):
    """A model failed, or its output broke a key: the run stops here."""


@dataclass(frozen=True)
class Model:
    layer: str
    name: str
    path: Path
    sql: str
    dataset: str | None = None  # the source dataset its rejected rows are filed under (_staging.yml)

    def tables(self) -> set[tuple[str, str]]:
        """The (schema, table) pairs the query reads, from its parse tree (CTE names are not tables)."""
        try:
            statements = sqlglot.parse(self.sql, read="duckdb")
        except sqlglot.errors.SqlglotError as err:
            raise TransformError(f"{self.path}: sqlglot cannot parse it (DuckDB dialect): {err}") from err
        return {(t.db, t.name) for s in statements if s is not None for t in s.find_all(exp.Table) if t.db}


def load_schema(layer: str, sql_dir: Path = SQL_DIR) -> dict[str, Any]:
    """The yml contract of a layer: {table: {description, key, columns}}."""
    path = sql_dir / layer / f"_{layer}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["tables"]


def discover(layer: str, sql_dir: Path = SQL_DIR) -> list[Model]:
    """Models of a layer, each after every model of its layer whose table it reads."""
    schema = load_schema(layer, sql_dir)
    models = {
        p.stem: Model(
            layer,
            p.stem,
            p,
            p.read_text(encoding="utf-8").strip().rstrip(";"),
            (schema.get(p.stem) or {}).get("dataset"),
        )
        for p in sorted((sql_dir / layer).glob("*.sql"))
    }
    graph: dict[str, set[str]] = {}
    for name, model in models.items():
        graph[name] = {table for db, table in model.tables() if db == layer and table in models and table != name}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as err:
        raise TransformError(f"sql/{layer}: models depend on each other in a cycle: {err.args[1]}") from err
    return [models[name] for name in order]


def set_variables(con: duckdb.DuckDBPyConnection, variables: dict[str, Any]) -> None:
    for key, value in variables.items():
        if not re.fullmatch(r"[a-z_]+", key):
            raise ValueError(f"bad SQL variable name {key!r}")
        if isinstance(value, date):
            con.execute(f"set variable {key} = ?::date", [value.isoformat()])
        else:
            con.execute(f"set variable {key} = ?", [value])


def run_layer(
    con: duckdb.DuckDBPyConnection, layer: str, variables: dict[str, Any], sql_dir: Path = SQL_DIR
) -> list[str]:
    """Build every table of a layer; return their names in the order they were built."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}")
    schema = load_schema(layer, sql_dir)
    set_variables(con, variables)
    macros = sql_dir / "macros.sql"
    if macros.exists():  # the contract's parsing rules, shared by every model
        con.execute(macros.read_text(encoding="utf-8"))
    con.execute(f"create schema if not exists {layer}")
    if layer == "staging":
        _create_rejects(con, schema["rejects"])
    built = []
    for model in discover(layer, sql_dir):
        if model.name not in schema:
            raise TransformError(f"{model.path}: table {model.name} has no entry in _{layer}.yml")
        _materialise(con, model, variables.get("run_id"))
        _check_key(con, model, schema[model.name].get("key") or [])
        _comment(con, model, schema[model.name])
        built.append(model.name)
    return built


@dataclass(frozen=True)
class LayerBuilt:
    """What one layer's models left in the build: a stage line of `spfacts run` reads it."""

    layer: str
    tables: int
    rows: int
    rejects: int  # rows of staging.rejects (this run's); 0 for the marts

    def describe(self) -> str:
        rejected = f", {self.rejects} rejected" if self.layer == "staging" else ""
        return f"{self.rows} rows in {self.tables} {self.layer} tables{rejected}"


def layer_built(con: duckdb.DuckDBPyConnection, layer: str) -> LayerBuilt:
    tables, rows = con.execute(
        "select count(*), coalesce(sum(estimated_size), 0) from duckdb_tables() where schema_name = ?", [layer]
    ).fetchone()
    rejects = con.execute("select count(*) from staging.rejects").fetchone()[0] if layer == "staging" else 0
    return LayerBuilt(layer, tables, rows, rejects)


def _create_rejects(con: duckdb.DuckDBPyConnection, spec: dict[str, Any]) -> None:
    columns = ", ".join(f"{name} {col['type']}" for name, col in spec["columns"].items())
    con.execute(f"create or replace table staging.rejects ({columns})")
    _comment(con, Model("staging", "rejects", SQL_DIR / "staging" / "_staging.yml", ""), spec)


def _materialise(con: duckdb.DuckDBPyConnection, model: Model, run_id: str | None) -> None:
    target = f"{model.layer}.{model.name}"
    try:
        con.execute(f"create or replace temp table _model as {model.sql}")
        columns = [row[0] for row in con.execute("describe _model").fetchall()]
        if "_reject_reason" not in columns:
            con.execute(f"create or replace table {target} as select * from _model")
            return
        if not model.dataset:
            raise TransformError(f"{model.path}: selects _reject_reason but has no `dataset` in _{model.layer}.yml")
        missing = [c for c in (*REJECT_COLUMNS, "_source_file", "_row") if c not in columns]
        if missing:
            raise TransformError(f"{model.path}: rejecting model lacks columns {missing}")
        kept = ", ".join(f'"{c}"' for c in columns if c not in REJECT_COLUMNS)
        con.execute(f"create or replace table {target} as select {kept} from _model where _reject_reason is null")
        con.execute(
            "insert into staging.rejects select ?, _source_file, _row, _reject_column, "
            "_reject_value::varchar, _reject_reason, ? from _model where _reject_reason is not null "
            "order by _source_file, _row",
            [model.dataset, run_id],
        )
    except duckdb.Error as err:
        raise TransformError(f"{model.path}: {err}") from err
    finally:
        con.execute("drop table if exists _model")


def _check_key(con: duckdb.DuckDBPyConnection, model: Model, key: list[str]) -> None:
    if not key:
        return
    target = f"{model.layer}.{model.name}"
    cols = ", ".join(key)
    nulls = " or ".join(f"{c} is null" for c in key)
    has_lineage = {"_source_file", "_row"} <= {r[0] for r in con.execute(f"describe {target}").fetchall()}
    place = "_source_file || ' row ' || _row"
    places = f"string_agg({place}, ', ' order by {place})" if has_lineage else "null"
    bad = con.execute(f"""
        select {cols}, count(*) as n, {places} as places
        from {target} group by all having count(*) > 1 or bool_or({nulls}) limit 5""").fetchall()
    if bad:
        first = bad[0]
        value = ", ".join(f"{c}={v!r}" for c, v in zip(key, first, strict=False))
        places = f" at {first[-1]}" if first[-1] else ""
        raise TransformError(
            f"{target}: key ({cols}) is not unique and not null: {value} occurs "
            f"{first[-2]} times{places} (column {key[0]}); {len(bad)} such value(s) at least"
        )


def _comment(con: duckdb.DuckDBPyConnection, model: Model, spec: dict[str, Any]) -> None:
    target = f"{model.layer}.{model.name}"
    con.execute(f"comment on table {target} is '{_quote(spec['description'])}'")
    actual = [r[0] for r in con.execute(f"describe {target}").fetchall()]
    documented = spec.get("columns") or {}
    undocumented = [c for c in actual if c not in documented]
    absent = [c for c in documented if c not in actual]
    if undocumented or absent:
        raise TransformError(
            f"{target}: columns differ from _{model.layer}.yml "
            f"(not documented: {undocumented}; documented but not built: {absent})"
        )
    for column in actual:
        con.execute(f"comment on column {target}.\"{column}\" is '{_quote(documented[column]['description'])}'")


def _quote(text: str) -> str:
    return str(text).replace("'", "''")
