"""What a run records about itself in `marts.run_info`: when, from what source, by which code.

The values reach `sql/marts/run_info.sql` as SQL variables (like `report_year` and `cutoff_date`),
so the table is built by the SQL runner like every other mart; only `run_finished_at` is stamped
afterwards, just before the build is published, because it is not known while the marts are built.

A source root says what it is in its manifest's optional `provenance`
(docs/sources.md#1-manifestjson); whoever reads the results is shown it unless it is an export.
"""

from __future__ import annotations

import hashlib
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import duckdb

from flows.settings import PROJECT_DIR
from flows.sources.manifest import Manifest

# what the code version hashes: everything that decides a figure (code, SQL, reference data, suites)
CODE_GLOBS = ("flows/**/*.py", "flows/**/*.csv", "sql/**/*.sql", "sql/**/*.yml", "expectations/definitions/*.yml")


def variables(manifest: Manifest, source: str, started_at: datetime) -> dict[str, Any]:
    """The SQL variables `run_info.sql` reads (names: [a-z_]+, flows/transform.py)."""
    return {
        "run_started_at": started_at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "source": source,
        "source_snapshot": manifest.snapshot,
        "source_published_date": manifest.published,
        "provenance_kind": manifest.provenance.kind,
        "provenance_statement": manifest.provenance.statement,
        "code_version": code_version(),
        "code_hash": code_hash(),
    }


def code_version(project_dir: Path = PROJECT_DIR) -> str:
    """`git describe` of the checkout when there is one, else the installed package's version."""
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--tags"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return f"git {done.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):  # no git, or not a checkout (an installed copy)
        try:
            return f"spfacts {metadata.version('spfacts')}"
        except metadata.PackageNotFoundError:
            return "unknown"


def code_hash(project_dir: Path = PROJECT_DIR) -> str:
    """sha256 (first 16 hex digits) over the paths and bytes of the files that decide a figure.

    It tells two runs of the same `git describe` apart when the tree was edited (`-dirty`)."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in CODE_GLOBS for p in project_dir.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def stamp_finished(build: Path, finished_at: datetime | None = None) -> None:
    """Record when the run finished building, in the build about to be published."""
    finished = (finished_at or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    with duckdb.connect(str(build)) as con:
        con.execute("update marts.run_info set run_finished_at = ?", [finished])


def read(database_path: Path) -> dict[str, Any] | None:
    """The run_info row of a published warehouse (None without one, or one built before the table existed)."""
    if not Path(database_path).exists():
        return None
    with duckdb.connect(str(database_path), read_only=True) as con:
        found = con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = 'run_info'"
        ).fetchone()[0]
        if not found:
            return None
        cur = con.execute("select * from marts.run_info")
        names = [d[0] for d in cur.description]
        row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row else None


def provenance_line(info: dict[str, Any] | None) -> str | None:
    """One line saying what the source is, or None for an export (the default of the contract)."""
    if not info or (info.get("provenance_kind") or "export") == "export":
        return None
    return f"source: {info['provenance_kind'].upper()} ({info['source_snapshot']}): {info['provenance_statement']}"


def print_provenance(database_path: Path | None, file: TextIO | None = None) -> None:
    """The CLI summary's provenance line (printed only when the source is not an export)."""
    line = provenance_line(read(database_path)) if database_path else None
    if line:
        print(line, file=file)
