"""Keep README's example queries true: rerun each one and rewrite the table printed under it.

README's "Querying the warehouse" section shows questions analysts ask, each as a ```sql block
followed by what `spfacts sql --format markdown` prints for it, between two markers:

    <!-- output of the query above: spfacts sql --format markdown; refresh: python -m flows.readme_queries -->
    | ... |
    <!-- end of output -->

`make run` and then `.venv/bin/python -m flows.readme_queries` rewrites those tables from
warehouse/; `--check` only compares (exit 1 when one differs). The tables must come from the
bundled snapshot, so both refuse a warehouse whose raw files are not exactly the snapshot's.
tests/integration/test_readme_queries.py runs the same comparison on the test session's warehouse.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from flows.settings import DEFAULT_WAREHOUSE_DIR, PROJECT_DIR, SNAPSHOT_DIR, reading

README = PROJECT_DIR / "README.md"
OPEN = "<!-- output of the query above: spfacts sql --format markdown; refresh: python -m flows.readme_queries -->"
CLOSE = "<!-- end of output -->"
EXAMPLE = re.compile(
    r"```sql\n(?P<sql>(?:(?!```).)*)```\n\n" + re.escape(OPEN) + r"\n(?P<output>.*?)" + re.escape(CLOSE), re.DOTALL
)
SQL_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    sql: str
    output: str  # the markdown table as the README holds it
    start: int  # span of `output` in the README text
    end: int


def examples(readme: str) -> list[Example]:
    found = EXAMPLE.finditer(readme)
    return [Example(m["sql"].strip(), m["output"], m.start("output"), m.end("output")) for m in found]


def sql_blocks(readme: str) -> list[str]:
    """Every ```sql block of the README, examples or not."""
    return [m["sql"].strip() for m in SQL_BLOCK.finditer(readme)]


def markdown_of(query: str, warehouse: Path) -> str:
    """Exactly what `spfacts sql QUERY --format markdown --warehouse DIR` prints."""
    from flows.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["sql", query, "--format", "markdown", "--warehouse", str(warehouse)])
    if status != 0:
        raise RuntimeError(f"README query failed ({err.getvalue().strip()}):\n{query}")
    return out.getvalue()


def from_bundled_snapshot(warehouse: Path) -> bool:
    """The warehouse's raw files are exactly the bundled snapshot's (same sha256 set)."""
    import duckdb

    manifest = json.loads((SNAPSHOT_DIR / "manifest.json").read_text("utf-8"))
    with duckdb.connect(str(reading(warehouse).database_path), read_only=True) as con:
        landed = {row[0] for row in con.execute("select sha256 from raw.raw_manifest").fetchall()}
    return landed == {f["sha256"] for f in manifest["files"]}


def refreshed(readme: str, warehouse: Path) -> tuple[str, int]:
    """The README with every example's output rerun; and how many outputs changed."""
    parts, last, changed = [], 0, 0
    for example in examples(readme):
        output = markdown_of(example.sql, warehouse)
        changed += output != example.output
        parts += [readme[last : example.start], output]
        last = example.end
    return "".join(parts) + readme[last:], changed


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m flows.readme_queries", description=__doc__.split("\n\n")[0])
    p.add_argument("--warehouse", type=Path, default=DEFAULT_WAREHOUSE_DIR, help="built by `make run`")
    p.add_argument("--check", action="store_true", help="only compare; exit 1 when an output differs")
    args = p.parse_args(argv)
    if not reading(args.warehouse).database_path.exists():
        print(f"no warehouse in {args.warehouse}; run `make run` first", file=sys.stderr)
        return 1
    if not from_bundled_snapshot(args.warehouse):
        print(f"the warehouse in {args.warehouse} was not built from {SNAPSHOT_DIR}; run `make run`", file=sys.stderr)
        return 1
    text = README.read_text("utf-8")
    new, changed = refreshed(text, args.warehouse)
    count = len(examples(text))
    if args.check:
        print(f"{changed} of {count} README query outputs differ from the warehouse")
        return 1 if changed else 0
    if changed:
        README.write_text(new, "utf-8")
    print(f"{changed} of {count} README query outputs rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
