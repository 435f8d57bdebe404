"""The SQL runner: order, rejects split, key checks and comments, on a tiny sql/ tree."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.settings import SQL_DIR
from flows.transform import LAYERS, TransformError, discover, run_layer

STAGING_YML = """
tables:
  stg_things:
    description: "Things, typed"
    dataset: things
    key: [thing_id]
    columns:
      thing_id: {type: BIGINT, description: "id"}
      size: {type: INTEGER, description: "size"}
      _source_file: {type: VARCHAR, description: "file"}
      _row: {type: BIGINT, description: "row"}
  stg_big_things:
    description: "Things of size 10 or more"
    columns:
      thing_id: {type: BIGINT, description: "id"}
  rejects:
    description: "rejected rows"
    columns:
      dataset: {type: VARCHAR, description: "d"}
      source_file: {type: VARCHAR, description: "f"}
      row_number: {type: BIGINT, description: "r"}
      column_name: {type: VARCHAR, description: "c"}
      value: {type: VARCHAR, description: "v"}
      reason: {type: VARCHAR, description: "why"}
      run_id: {type: VARCHAR, description: "run"}
"""

STG_THINGS = """select try_cast(id as bigint) as thing_id, try_cast(size as integer) as size,
       _source_file, _row,
       case when try_cast(size as integer) is null then 'size is not an integer' end as _reject_reason,
       'size' as _reject_column, size as _reject_value
from raw.raw_things
"""


@pytest.fixture
def sql_dir(tmp_path: Path) -> Path:
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "_staging.yml").write_text(STAGING_YML)
    (tmp_path / "staging" / "stg_things.sql").write_text(STG_THINGS)
    # named so that alphabetical order would be wrong: the runner must read the dependency
    (tmp_path / "staging" / "stg_big_things.sql").write_text(
        "select thing_id from staging.stg_things where size >= 10;\n"
    )
    return tmp_path


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema raw")
    con.execute(
        "create table raw.raw_things as select * from (values "
        "('1', '12', 'things/a.csv', 1), ('2', 'big', 'things/a.csv', 2), "
        "('3', '3', 'things/a.csv', 3)) t(id, size, _source_file, _row)"
    )
    return con


VARS = {"report_year": 2023, "cutoff_date": date(2023, 12, 31), "run_id": "run-1"}


def test_models_run_after_what_they_mention(sql_dir):
    assert [m.name for m in discover("staging", sql_dir)] == ["stg_things", "stg_big_things"]


def test_rejected_rows_are_kept_apart_with_reason(sql_dir, con):
    assert run_layer(con, "staging", VARS, sql_dir) == ["stg_things", "stg_big_things"]
    assert con.execute("select thing_id from staging.stg_things order by 1").fetchall() == [(1,), (3,)]
    assert con.execute("select * from staging.rejects").fetchall() == [
        ("things", "things/a.csv", 2, "size", "big", "size is not an integer", "run-1")
    ]
    assert "_reject_reason" not in [r[0] for r in con.execute("describe staging.stg_things").fetchall()]
    assert con.execute("select thing_id from staging.stg_big_things").fetchall() == [(1,)]


def test_comments_come_from_the_yml(sql_dir, con):
    run_layer(con, "staging", VARS, sql_dir)
    assert con.execute("select comment from duckdb_tables() where table_name = 'stg_things'").fetchone() == (
        "Things, typed",
    )
    assert con.execute(
        "select comment from duckdb_columns() where table_name = 'stg_things' and column_name = 'size'"
    ).fetchone() == ("size",)


def test_duplicate_key_stops_the_run_naming_file_and_rows(sql_dir, con):
    con.execute("insert into raw.raw_things values ('1', '5', 'things/b.csv', 7)")
    with pytest.raises(TransformError, match=r"thing_id=1 occurs 2 times at things/a.csv row 1, things/b.csv row 7"):
        run_layer(con, "staging", VARS, sql_dir)


def test_undocumented_column_is_an_error(sql_dir, con):
    (sql_dir / "staging" / "stg_big_things.sql").write_text("select thing_id, size from staging.stg_things")
    with pytest.raises(TransformError, match=r"not documented: \['size'\]"):
        run_layer(con, "staging", VARS, sql_dir)


def test_sql_error_names_the_file(sql_dir, con):
    (sql_dir / "staging" / "stg_big_things.sql").write_text("select nope from staging.stg_things")
    with pytest.raises(TransformError, match=r"stg_big_things.sql"):
        run_layer(con, "staging", VARS, sql_dir)


def test_key_of_a_table_without_lineage_is_checked_too(sql_dir, con):
    # stg_big_things has no _source_file/_row: the check must still run (and pass or fail)
    (sql_dir / "staging" / "_staging.yml").write_text(
        STAGING_YML.replace(
            'description: "Things of size 10 or more"', 'description: "Things of size 10 or more"\n    key: [thing_id]'
        )
    )
    (sql_dir / "staging" / "stg_big_things.sql").write_text(
        "select thing_id from staging.stg_things where size >= 10 union all select 1"
    )
    with pytest.raises(TransformError, match=r"staging.stg_big_things: key \(thing_id\).*thing_id=1 occurs 2 times"):
        run_layer(con, "staging", VARS, sql_dir)


def test_a_name_in_a_comment_or_a_string_is_no_dependency(sql_dir):
    # stg_things mentions stg_big_things only in a comment and a string: were that an edge, the
    # two models would form a cycle; the runner reads the tables the query reads
    (sql_dir / "staging" / "stg_things.sql").write_text(
        "-- unlike staging.stg_big_things, every thing\n"
        + STG_THINGS.replace("from raw.raw_things", "from raw.raw_things where 'staging.stg_big_things' <> ''")
    )
    assert [m.name for m in discover("staging", sql_dir)] == ["stg_things", "stg_big_things"]


def test_a_cte_named_like_a_model_is_no_dependency(sql_dir):
    (sql_dir / "staging" / "stg_things.sql").write_text(
        "with stg_big_things as (select 1 as x)\n"
        + STG_THINGS.replace("from raw.raw_things", "from raw.raw_things, stg_big_things")
    )
    assert [m.name for m in discover("staging", sql_dir)] == ["stg_things", "stg_big_things"]


def test_a_cycle_is_reported(sql_dir):
    (sql_dir / "staging" / "stg_things.sql").write_text(STG_THINGS.replace("raw.raw_things", "staging.stg_big_things"))
    with pytest.raises(TransformError, match="cycle"):
        discover("staging", sql_dir)


def test_sql_that_sqlglot_cannot_parse_names_the_file(sql_dir):
    (sql_dir / "staging" / "stg_big_things.sql").write_text("select thing_id from (select")
    with pytest.raises(TransformError, match="stg_big_things.sql: sqlglot cannot parse"):
        discover("staging", sql_dir)


def test_rejects_are_filed_under_the_dataset_of_the_yml(sql_dir, con):
    (sql_dir / "staging" / "_staging.yml").write_text(STAGING_YML.replace("dataset: things", "dataset: big-things"))
    run_layer(con, "staging", VARS, sql_dir)
    assert con.execute("select distinct dataset from staging.rejects").fetchall() == [("big-things",)]


def test_a_rejecting_model_without_a_dataset_stops_the_run(sql_dir, con):
    (sql_dir / "staging" / "_staging.yml").write_text(STAGING_YML.replace("    dataset: things\n", ""))
    with pytest.raises(TransformError, match=r"stg_things.sql: selects _reject_reason but has no `dataset`"):
        run_layer(con, "staging", VARS, sql_dir)


@pytest.mark.parametrize("layer", LAYERS)
def test_every_model_of_the_project_parses_and_runs_after_what_it_reads(layer):
    """sqlglot reads every model of sql/ (DuckDB dialect, getvariable and the macros of sql/macros.sql)."""
    models = discover(layer, SQL_DIR)
    order = [m.name for m in models]
    assert sorted(order) == sorted(p.stem for p in (SQL_DIR / layer).glob("*.sql"))
    edges = 0
    for model in models:
        for db, name in model.tables():
            if db == layer and name in order:
                assert order.index(name) < order.index(model.name), (name, model.name)
                edges += 1
    assert edges >= 10  # the layers do read their own tables: a parse that found none would be wrong
