"""Great Expectations 1.24 set up for spfacts: the context, and its SQL datasource made to work on DuckDB.

Why SQL and not DataFrames, measured by benchmarks/bench_quality.py at 100 times the snapshot
(the three largest staging tables, 3M rows, 48 expectations, on 2 cores): GX's pandas path takes
7.4-10.3 s and 1.8 GB (frames become Python objects, GX fingerprints each one); this SQL path
2.5-4.4 s and 0.85 GB; the same checks as hand-written SQL 1.1-1.4 s; building the five
communications marts from those tables 0.8-0.9 s. Unpatched, GX's SQL path evaluates none of them.
GX's SQL datasource needs three adjustments for DuckDB (docs/stack.md), made here and nowhere
else; each names the GX issue it works around, and tests/unit/test_quality_gx.py fails when a GX
upgrade moves what it relies on (or makes it unnecessary):

1. DuckDB joins the dialects that keep one persisted connection (as sqlite does): GX reads a
   result after returning a pooled connection, and DuckDB results are then empty ("list index
   out of range" on every expectation; GX issues 11579 and 10738). The frames' temp tables
   (flows/quality/validate.py) live on that connection too.
2. A regex expression for DuckDB, `regexp_matches(column, pattern)` (RE2 syntax), in the one
   metric the suites use (expect_column_values_to_match_regex): GX has none for DuckDB, which it
   does not support (GX issue 10738), and refuses the expectation there.
3. The persisted connection is closed and the engines disposed after each validation
   (`close_datasource`), so the process keeps no lock on the file: GX keeps them open.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from flows.settings import EXPECTATIONS_DIR

GX_CONFIG = EXPECTATIONS_DIR / "great_expectations.yml"
SUITES_DIR = EXPECTATIONS_DIR / "suites"
_PATCHED = False


class GXSetupError(RuntimeError):
    """GX's internals are not where spfacts expects them (a GX upgrade): see flows/quality/gx.py."""


class _DuckDBDialect(str):
    """Equal to the dialect name "duckdb", with the `.value` GX reads from its GXSqlDialect members."""

    @property
    def value(self) -> str:
        return str(self)


def _require(module: Any, name: str) -> Any:
    if not hasattr(module, name):
        raise GXSetupError(
            f"great_expectations {module.__name__} has no {name} any more; "
            "revisit flows/quality/gx.py for this GX version"
        )
    return getattr(module, name)


def patch_gx_for_duckdb() -> None:
    """Apply the DuckDB adjustments 1 and 2 once per process (idempotent)."""
    global _PATCHED
    if _PATCHED:
        return
    import sqlalchemy as sa
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module
    from great_expectations.expectations.metrics import util as metrics_util
    from great_expectations.expectations.metrics.column_map_metrics import column_values_match_regex

    # 1. GX issues 11579 and 10738: one persisted connection for duckdb. GX reads this tuple both when
    # it builds the engine (_dialect_requires_persisted_connection: a StaticPool) and per query
    # (get_connection: the one kept connection).
    dialects = _require(engine_module, "_PERSISTED_CONNECTION_DIALECTS")
    engine_module._PERSISTED_CONNECTION_DIALECTS = (*dialects, _DuckDBDialect("duckdb"))

    # 2. GX issue 10738: a regex expression for duckdb, where the regex metric looks it up (it
    # imports the function by name from metrics/util.py).
    original = _require(metrics_util, "get_dialect_regex_expression")
    if _require(column_values_match_regex, "get_dialect_regex_expression") is not original:
        raise GXSetupError(
            "GX's column_values_match_regex no longer uses metrics.util.get_dialect_regex_expression; "
            "revisit flows/quality/gx.py"
        )

    def regex_expression(column: Any, regex: str, dialect: Any, positive: bool = True) -> Any:
        if getattr(dialect, "name", None) == "duckdb" or getattr(getattr(dialect, "dialect", None), "name", None) == (
            "duckdb"
        ):
            matches = sa.func.regexp_matches(column, sa.literal(regex))
            return matches if positive else sa.not_(matches)
        return original(column, regex, dialect, positive)

    column_values_match_regex.get_dialect_regex_expression = regex_expression
    _PATCHED = True


def gx_context(docs_dir: Path, suites_dir: Path = SUITES_DIR) -> Any:
    """An in-memory GX context configured by expectations/great_expectations.yml for this docs folder."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import DataContextConfig

    patch_gx_for_duckdb()
    config = yaml.safe_load(GX_CONFIG.read_text(encoding="utf-8"))
    backends = [s["store_backend"] for s in config["stores"].values()]
    backends += [s["store_backend"] for s in config["data_docs_sites"].values()]
    for backend in backends:
        if backend["class_name"] == "TupleFilesystemStoreBackend":
            backend["root_directory"] = str(EXPECTATIONS_DIR)
    config["stores"]["expectations_store"]["store_backend"]["base_directory"] = str(Path(suites_dir).resolve())
    docs_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(**config),
        runtime_environment={"SPFACTS_QUALITY_DIR": str(docs_dir.resolve())},
    )
    context.variables.progress_bars = {"globally": False}
    return context


def duckdb_datasource(context: Any, db_path: Path, variables: dict[str, Any]) -> Any:
    """A GX SQL datasource on the DuckDB file, read-only, with the SQL variables the frames read."""
    datasource = context.data_sources.add_sql(
        "spfacts", connection_string=f"duckdb:///{Path(db_path).resolve()}?access_mode=read_only"
    )
    engine = datasource.get_execution_engine()
    with engine.get_connection() as connection:  # the persisted one every query of GX will use
        for name, value in variables.items():
            connection.exec_driver_sql(f"set variable {name} = ?", (value,))
    return datasource


def close_datasource(datasource: Any) -> None:
    """Release the DuckDB file: close GX's persisted connection and dispose of the engine.

    Adjustment 3: GX keeps the persisted connection of adjustment 1 in the private `_connection`
    of its execution engine and never closes it (its own close() only disposes of the engine).
    """
    engine = datasource.get_execution_engine()
    connection = getattr(engine, "_connection", None)
    if connection is not None:
        connection.close()
        engine._connection = None
    engine.engine.dispose()
    datasource.get_engine().dispose()  # the datasource's own engine, which tested the connection
