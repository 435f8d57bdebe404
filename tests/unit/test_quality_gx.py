"""The DuckDB adjustments of GX (flows/quality/gx.py): in place, working, and loud when a GX upgrade moves them.

Each adjustment relies on a private part of GX 1.24. These tests fail when an upgrade renames
or reshapes it (signature, type), when it stops being needed (GX learns DuckDB: then remove the
adjustment), and when an expectation over a DuckDB table no longer evaluates through it.
"""

from __future__ import annotations

import inspect
import types
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from flows.quality import gx as quality_gx


def test_the_private_gx_parts_patched_still_have_their_shape() -> None:
    quality_gx.patch_gx_for_duckdb()
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module
    from great_expectations.expectations.metrics import util as metrics_util

    # 1. the persisted-connection dialects: a tuple of names with a .value, read by both functions
    assert isinstance(engine_module._PERSISTED_CONNECTION_DIALECTS, tuple)
    assert all(isinstance(d.value, str) for d in engine_module._PERSISTED_CONNECTION_DIALECTS)
    assert list(inspect.signature(engine_module._dialect_requires_persisted_connection).parameters) == [
        "connection_string",
        "credentials",
        "url",
    ]
    for reader in (
        engine_module._dialect_requires_persisted_connection,
        engine_module.SqlAlchemyExecutionEngine.get_connection,
    ):
        assert "_PERSISTED_CONNECTION_DIALECTS" in inspect.getsource(reader), reader
    # 2. the regex expression, by its signature, looked up by the regex metric
    assert list(inspect.signature(metrics_util.get_dialect_regex_expression).parameters) == [
        "column",
        "regex",
        "dialect",
        "positive",
    ]
    # 3. the persisted connection is kept in the engine's `_connection`
    assert "self._connection" in inspect.getsource(engine_module.SqlAlchemyExecutionEngine.get_connection)


def test_gx_still_needs_the_adjustments() -> None:
    """When GX learns DuckDB (its own persisted connection or regex), these fail: drop the adjustment."""
    quality_gx.patch_gx_for_duckdb()
    quality_gx.patch_gx_for_duckdb()  # idempotent
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module
    from great_expectations.expectations.metrics import util as metrics_util

    duckdb_entries = [d for d in engine_module._PERSISTED_CONNECTION_DIALECTS if d == "duckdb"]
    assert len(duckdb_entries) == 1 and type(duckdb_entries[0]) is quality_gx._DuckDBDialect
    duckdb_dialect = sa.create_engine("duckdb:///:memory:").dialect
    assert metrics_util.get_dialect_regex_expression(sa.column("ref_no"), "^[A-Z]{3}$", duckdb_dialect) is None


def test_the_adjustments_take_effect() -> None:
    quality_gx.patch_gx_for_duckdb()
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module
    from great_expectations.expectations.metrics.column_map_metrics import column_values_match_regex

    assert engine_module._dialect_requires_persisted_connection(connection_string="duckdb:///x.duckdb")
    assert not engine_module._dialect_requires_persisted_connection(connection_string="postgresql://h/db")
    duckdb_dialect = sa.create_engine("duckdb:///:memory:").dialect
    expression = column_values_match_regex.get_dialect_regex_expression(
        sa.column("ref_no"), "^[A-Z]{3}$", duckdb_dialect
    )
    assert "regexp_matches(ref_no" in str(expression.compile(dialect=duckdb_dialect))


def test_expectations_over_a_duckdb_table_evaluate_and_the_file_is_released(tmp_path: Path) -> None:
    import great_expectations as gx

    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create table t as select * from (values ('FRA', 1), ('Fr', 2), (null, 3)) v(iso3, n)")
    context = quality_gx.gx_context(tmp_path / "docs")
    datasource = quality_gx.duckdb_datasource(context, db, {"report_year": 2023})
    try:
        with datasource.get_execution_engine().get_connection() as connection:  # the persisted connection
            connection.exec_driver_sql(
                "create temp table frame as select * from t, (select getvariable('report_year') as y)"
            )
            connection.commit()
        with datasource.get_execution_engine().get_connection() as connection:  # is the same one
            assert connection.exec_driver_sql("select count(*), min(y) from frame").fetchone() == (3, 2023)
        batch = datasource.add_query_asset("t", query="select * from temp.frame").add_batch_definition_whole_table("b")
        suite = gx.ExpectationSuite(
            name="t",
            expectations=[
                gx.expectations.ExpectColumnValuesToMatchRegex(column="iso3", regex="^[A-Z]{3}$"),
                gx.expectations.ExpectColumnValuesToBeInSet(column="n", value_set=[1, 2, 3]),
                gx.expectations.ExpectTableRowCountToEqual(value=3),
            ],
        )
        result = batch.get_batch().validate(suite, result_format={"result_format": "SUMMARY"})
    finally:
        quality_gx.close_datasource(datasource)
    outcomes = [(r.expectation_config.type, r.success, r.result.get("unexpected_count")) for r in result.results]
    assert "'raised_exception': True" not in str([r.exception_info for r in result.results])
    assert outcomes == [
        ("expect_column_values_to_match_regex", False, 1),
        ("expect_column_values_to_be_in_set", True, 0),
        ("expect_table_row_count_to_equal", True, None),
    ]
    with duckdb.connect(str(db)) as con:  # no lock left: the file can be written
        con.execute("insert into t values ('DEU', 4)")


def test_a_gx_that_moved_its_internals_is_reported_not_worked_around() -> None:
    with pytest.raises(quality_gx.GXSetupError, match="_PERSISTED_CONNECTION_DIALECTS"):
        quality_gx._require(types.ModuleType("great_expectations.fake"), "_PERSISTED_CONNECTION_DIALECTS")
