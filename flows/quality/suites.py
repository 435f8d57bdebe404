"""The expectation suites, written from a readable definition into the JSON that GX loads.

expectations/definitions/<layer>.yml says, per table of sql/<layer>/_<layer>.yml, which
DataFrame to check (`frame`: a query; by default the columns the expectations name) and what to
expect of it, grouped by severity. This module turns that into expectations/suites/<table>.json,
adding what follows from the contract: the `key` of the layer yml becomes "unique" and "not
null" expectations, and a table read from a dataset gets "row count = manifest rows - rejected
rows" (the proof that nothing was lost). `python -m flows.quality.suites` rewrites the JSON;
a unit test fails when the committed JSON differs from what the definitions give.

An accepted, known exception is written beside its expectation as
`accepted: {count: N, date: YYYY-MM-DD, why: ...}`; the expectation itself is never loosened.

Every expectation belongs to one KIND (in its meta, shown with a finding): a family of checks
that look at a table from outside its own SQL. An expectation that only restates the model's
expression (a column compared with the expression that computed it) cannot fail and is not
written. The kind follows from the expectation (KIND_OF_TYPE; a `*_unknown` column is a
cross-table reference); an entry's `kind:` (or a suite's `rows_kind:`) says it where it does not.
tests/unit/test_quality_faults.py plants a fault of every kind.
"""

from __future__ import annotations

import csv
import json
import sys
import uuid
from pathlib import Path
from typing import Any

import yaml

from flows.settings import EXPECTATIONS_DIR, REFERENCE_DIR, SQL_DIR
from flows.sources.models import DATASETS

DEFINITIONS_DIR = EXPECTATIONS_DIR / "definitions"
SUITES_DIR = EXPECTATIONS_DIR / "suites"
LAYERS = ("staging", "marts")
SEVERITIES = ("critical", "warning")
_ID_SPACE = uuid.UUID("5b0f1a52-3c1e-4d0a-9d7e-2f6a1c9b8e11")
_ENTRY_KEYS = {"note", "accepted", "kind", "completeness"}
KINDS = {
    "key": "the table's key, or another column set, identifies one row",
    "nothing-lost": "the rows equal the rows read: the manifest's minus the rejected ones, or a reference file's",
    "fan-out": "the rows equal what the inputs give: a join or unnest neither drops nor duplicates rows",
    "cross-table": "a value agrees with another table: the thing it names exists, dates follow, totals add up",
    "required": "a value the contract or a figure needs is present",
    "value-set": "a value is one of the contract's list",
    "format": "a code or identifier has its contract's format",
    "range": "a number is within its bounds",
    "rule": "the values of one row agree with a rule of the source contract or of the figures",
}
KIND_OF_TYPE = {
    "column_values_to_be_unique": "key",
    "compound_columns_to_be_unique": "key",
    "column_values_to_not_be_null": "required",
    "column_values_to_be_in_set": "value-set",
    "column_values_to_match_regex": "format",
    "column_values_to_be_between": "range",
    "column_pair_values_to_be_equal": "rule",
    "column_pair_values_a_to_be_greater_than_b": "rule",
    "column_values_to_be_null": "rule",
}
_COLUMN_ARGS = ("column", "column_A", "column_B")


class DefinitionError(ValueError):
    """A suite definition is inconsistent with the layer's contract."""


def load_definitions(layer: str, definitions_dir: Path = DEFINITIONS_DIR) -> dict[str, dict[str, Any]]:
    return yaml.safe_load((definitions_dir / f"{layer}.yml").read_text(encoding="utf-8"))["suites"]


def build_suites(layer: str, definitions_dir: Path = DEFINITIONS_DIR, sql_dir: Path = SQL_DIR) -> list[dict[str, Any]]:
    """The suites of a layer as GX suite dicts, in the order of the layer yml."""
    tables = yaml.safe_load((sql_dir / layer / f"_{layer}.yml").read_text(encoding="utf-8"))["tables"]
    definitions = load_definitions(layer, definitions_dir)
    unknown = sorted(set(definitions) - set(tables))
    if unknown:
        raise DefinitionError(f"{layer}.yml defines suites for tables not in _{layer}.yml: {unknown}")
    missing = sorted(set(tables) - set(definitions))
    if missing:
        raise DefinitionError(f"tables of _{layer}.yml without a suite in {layer}.yml: {missing}")
    return [_suite(layer, name, tables[name], definitions[name] or {}) for name in tables]


def _suite(layer: str, table: str, spec: dict[str, Any], definition: dict[str, Any]) -> dict[str, Any]:
    entries: list[tuple[str, dict[str, Any]]] = []
    key = spec.get("key") or []
    for column in key:
        entries.append(
            (
                "critical",
                {
                    "column_values_to_not_be_null": {"column": column},
                    "note": f"part of the key ({', '.join(key)}) of _{layer}.yml",
                    "kind": "key",
                },
            )
        )
    if len(key) == 1:
        entries.append(
            (
                "critical",
                {"column_values_to_be_unique": {"column": key[0]}, "note": f"the key of _{layer}.yml", "kind": "key"},
            )
        )
    elif key:
        entries.append(
            (
                "critical",
                {
                    "compound_columns_to_be_unique": {"column_list": key},
                    "note": f"the key of _{layer}.yml",
                    "kind": "key",
                },
            )
        )
    rows_sql = _rows_sql(table, definition)
    if rows_sql:
        entries.append(
            (
                "critical",
                {
                    "table_row_count_to_equal": {"value": {"$PARAMETER": f"rows_expected_{table}"}},
                    "note": definition.get("rows_note") or _rows_note(definition),
                    "kind": definition.get("rows_kind") or ("nothing-lost" if "dataset" in definition else "fan-out"),
                },
            )
        )
    for severity in SEVERITIES:
        for entry in definition.get(severity) or []:
            entries.extend((severity, e) for e in _expand(entry))

    expectations = [_expectation(table, i, severity, entry) for i, (severity, entry) in enumerate(entries)]
    # a frame shared by several tables (a YAML anchor) names its table as {table}
    frame = (definition.get("frame") or _default_frame(layer, table, expectations)).replace("{table}", table)
    columns = set(spec["columns"])
    for exp in expectations:
        for name in _columns_of(exp["kwargs"]):
            if definition.get("frame") is None and name not in columns:
                raise DefinitionError(
                    f"{table}: expectation on {name!r}, not a column of _{layer}.yml; give a frame that derives it"
                )
    return {
        "name": table,
        "id": str(uuid.uuid5(_ID_SPACE, table)),
        "expectations": expectations,
        "meta": {
            "spfacts": {"layer": layer, "table": f"{layer}.{table}", "frame": frame.strip(), "rows_expected": rows_sql}
        },
        # the suite page of the Data Docs shows the notes: what the table is and which rows are checked
        "notes": f"{definition.get('description') or spec.get('description')}\n\nRows checked (the suite's frame, "
        f"expectations/definitions/{layer}.yml):\n{frame.strip()}",
    }


def _rows_sql(table: str, definition: dict[str, Any]) -> str | None:
    if "dataset" in definition:
        dataset = definition["dataset"]
        if dataset not in DATASETS:
            raise DefinitionError(f"{table}: unknown dataset {dataset!r}")
        return (
            "select (select coalesce(sum(rows), 0) from raw.raw_manifest where dataset = "
            f"'{dataset}') - (select count(*) from staging.rejects where dataset = '{dataset}')"
        )
    return definition.get("rows")


def _rows_note(definition: dict[str, Any]) -> str:
    if "dataset" in definition:
        return (
            f"nothing lost: rows of the manifest's {definition['dataset']} files minus the rows "
            "staging.rejects holds for that dataset"
        )
    return "row count equals the query in meta.spfacts.rows_expected"


def _expand(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """`{not_null: [a, b]}` is shorthand for one not-null expectation per column."""
    if "not_null" in entry:
        extra = {k: v for k, v in entry.items() if k in _ENTRY_KEYS}
        return [{"column_values_to_not_be_null": {"column": c}, **extra} for c in entry["not_null"]]
    return [entry]


def _expectation(table: str, index: int, severity: str, entry: dict[str, Any]) -> dict[str, Any]:
    names = [k for k in entry if k not in _ENTRY_KEYS]
    if len(names) != 1:
        raise DefinitionError(f"{table}: an entry must name one expectation, not {names}")
    kind = names[0]
    kwargs = {k: _resolve(v) for k, v in (entry[kind] or {}).items()}
    if "mostly" in kwargs:
        raise DefinitionError(f"{table}: 'mostly' loosens an expectation; record an accepted exception instead")
    meta: dict[str, Any] = {"severity": severity, "kind": _kind(table, kind, kwargs, entry.get("kind"))}
    if entry.get("note"):
        meta["note"] = entry["note"]
    if entry.get("completeness"):  # needs the whole year: a warning while the year is provisional (flows/years.py)
        meta["completeness"] = True
    if entry.get("accepted"):
        accepted = entry["accepted"]
        if not {"count", "date", "why"} <= set(accepted):
            raise DefinitionError(f"{table}: an accepted exception needs count, date and why")
        meta["accepted_exception"] = {
            "count": int(accepted["count"]),
            "date": str(accepted["date"]),
            "why": accepted["why"],
        }
    body = json.dumps([kind, kwargs], sort_keys=True)
    return {
        "type": f"expect_{kind}",
        "kwargs": kwargs,
        "meta": meta,
        "severity": severity,
        "id": str(uuid.uuid5(_ID_SPACE, f"{table}/{index}/{body}")),
    }


def _kind(table: str, expectation: str, kwargs: dict[str, Any], given: str | None) -> str:
    kind = given
    if kind is None and expectation == "column_values_to_be_null" and str(kwargs.get("column")).endswith("_unknown"):
        kind = "cross-table"
    kind = kind or KIND_OF_TYPE.get(expectation)
    if kind not in KINDS:
        raise DefinitionError(f"{table}: {expectation} has no kind (give `kind:` one of {sorted(KINDS)})")
    return kind


def _resolve(value: Any) -> Any:
    """`reference:<file>.csv:<column>` and `datasets` stand for value sets kept elsewhere."""
    if value == "datasets":
        return list(DATASETS)
    if isinstance(value, str) and value.startswith("reference:"):
        _, file, column = value.split(":")
        with (REFERENCE_DIR / file).open(encoding="utf-8", newline="") as handle:
            return sorted({row[column].strip() for row in csv.DictReader(handle) if row[column].strip()})
    return value


def _columns_of(kwargs: dict[str, Any]) -> list[str]:
    return [kwargs[a] for a in _COLUMN_ARGS if a in kwargs] + list(kwargs.get("column_list") or [])


def _default_frame(layer: str, table: str, expectations: list[dict[str, Any]]) -> str:
    used: list[str] = []
    for exp in expectations:
        used += [c for c in _columns_of(exp["kwargs"]) if c not in used]
    return f"select {', '.join(used) or '1 as row'} from {layer}.{table}"


def write_suites(suites_dir: Path = SUITES_DIR) -> list[Path]:
    suites_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for layer in LAYERS:
        for suite in build_suites(layer):
            path = suites_dir / f"{suite['name']}.json"
            path.write_text(render(suite), encoding="utf-8")
            written.append(path)
    stale = {p for p in suites_dir.glob("*.json")} - set(written)
    for path in stale:
        path.unlink()
    return written


def render(suite: dict[str, Any]) -> str:
    return json.dumps(suite, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def suite_names(layer: str) -> list[str]:
    return [s["name"] for s in build_suites(layer)]


def count_expectations(suites_dir: Path = SUITES_DIR) -> dict[str, int]:
    return {
        p.stem: len(json.loads(p.read_text(encoding="utf-8"))["expectations"])
        for p in sorted(suites_dir.glob("*.json"))
    }


if __name__ == "__main__":
    paths = write_suites()
    counts = count_expectations()
    print(f"wrote {len(paths)} suites, {sum(counts.values())} expectations, to {SUITES_DIR}")
    sys.exit(0)
