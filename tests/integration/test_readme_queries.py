"""README's queries run on the session's warehouse of the bundled snapshot and print what README shows.

When numbers move on purpose, `make run && .venv/bin/python -m flows.readme_queries` rewrites the
README tables (flows/readme_queries.py); this test then passes again.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.readme_queries import examples, from_bundled_snapshot, refreshed, sql_blocks

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text("utf-8")
EXAMPLES = examples(README)


@pytest.fixture
def warehouse(snapshot_run):
    warehouse = snapshot_run.database_path.parent.parent  # <warehouse>/<year>/spfacts.duckdb
    assert from_bundled_snapshot(warehouse)
    return warehouse


def test_readme_shows_five_questions_with_their_output():
    assert len(EXAMPLES) == 5
    assert all(e.output.count("\n") >= 3 for e in EXAMPLES)  # a header, a rule and at least one row


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example{k + 1}" for k in range(len(EXAMPLES))])
def test_readme_query_prints_the_table_the_readme_shows(warehouse, capsys, example):
    status = main(["sql", example.sql, "--format", "markdown", "--warehouse", str(warehouse)])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out == example.output, "README is stale: run `make run && .venv/bin/python -m flows.readme_queries`"


def test_every_sql_block_of_the_readme_runs(warehouse, capsys):
    blocks = sql_blocks(README)
    assert len(blocks) > len(EXAMPLES)  # the examples, and the first one on duckdb_tables()
    with duckdb.connect() as parser:
        statements = [s.query for block in blocks for s in parser.extract_statements(block)]
    for statement in statements:
        status = main(["sql", statement, "--format", "csv", "--warehouse", str(warehouse)])
        out, err = capsys.readouterr()
        assert (status, err) == (0, ""), statement
        assert out.count("\n") > 1, f"no rows: {statement}"


def test_the_refresh_rewrites_a_stale_table(warehouse):
    stale = EXAMPLES[0]
    lines = stale.output.splitlines(keepends=True)
    damaged = README[: stale.start] + "".join(lines[:-1]) + README[stale.end :]  # its last row lost
    fixed, changed = refreshed(damaged, warehouse)
    assert (fixed, changed) == (README, 1)
