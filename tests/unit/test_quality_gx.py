"""The DuckDB adjustments of GX (flows/quality_gx.py) are in place, and fail loudly when GX moves."""

from __future__ import annotations

import types

import pytest
import sqlalchemy as sa

from flows import quality_gx


def test_duckdb_keeps_one_persisted_connection_and_has_a_regex_expression() -> None:
    quality_gx.patch_gx_for_duckdb()
    quality_gx.patch_gx_for_duckdb()  # idempotent
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module
    from great_expectations.expectations.metrics.column_map_metrics import column_values_match_regex

    assert list(engine_module._PERSISTED_CONNECTION_DIALECTS).count("duckdb") == 1
    assert engine_module._dialect_requires_persisted_connection(connection_string="duckdb:///x.duckdb")
    assert not engine_module._dialect_requires_persisted_connection(connection_string="postgresql://h/db")
    duckdb_dialect = sa.create_engine("duckdb:///:memory:").dialect
    expression = column_values_match_regex.get_dialect_regex_expression(
        sa.column("ref_no"), "^[A-Z]{3}$", duckdb_dialect
    )
    assert "regexp_matches(ref_no" in str(expression.compile(dialect=duckdb_dialect))


def test_a_gx_that_moved_its_internals_is_reported_not_worked_around() -> None:
    with pytest.raises(quality_gx.GXSetupError, match="_PERSISTED_CONNECTION_DIALECTS"):
        quality_gx._require(types.ModuleType("great_expectations.fake"), "_PERSISTED_CONNECTION_DIALECTS")
