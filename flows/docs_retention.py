"""Data Docs retention: keep the last N runs' results, mark the published run, point to its pages.

GX keeps every validation result (`<quality>/results/<suite>/<run id>/...`) and its page
(`<quality>/validations/<suite>/<run id>/...`) forever, about 2-3 MB and 48 index rows per run,
and its index lists failed runs first with nothing to tell which run is published. So, in a
year's Data Docs folder:

- `prune(docs_dir, keep)`, called under the writer lock before a run validates, deletes the
  results and pages of all but the last `keep - 1` runs (the new run makes `keep`) and the
  published run, whatever its age; the index the run then builds lists only those.
- `after_publish(docs_dir, run_id, keep)` records the published run in `published.json`, writes
  `published.html` (the published run's suites, each linked to its page) and marks the index.
- `mark_index(docs_dir)` puts the "published run" banner back at the top of `index.html`; call it
  after every Data Docs build, since GX rewrites the index each time (flows/pipeline.py calls it
  after each quality stage, whether it passed or not).

Run ids sort by time (flows/publish.py: 20231231T235959Z-1a2b3c), so "last" is by run id.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

PUBLISHED_JSON = "published.json"
PUBLISHED_PAGE = "published.html"
_RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]+")
_BANNER = re.compile(r"<!-- spfacts:published -->.*?<!-- /spfacts:published -->\n?", re.S)


def runs(docs_dir: Path) -> list[str]:
    """Run ids with results in the Data Docs folder, oldest first."""
    found = {p.name for p in Path(docs_dir).glob("results/*/*") if p.is_dir() and _RUN_ID.fullmatch(p.name)}
    return sorted(found)


def published_run(docs_dir: Path) -> str | None:
    path = Path(docs_dir) / PUBLISHED_JSON
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("run_id")


def prune(docs_dir: Path, keep: int) -> list[str]:
    """Delete the results and pages of runs beyond the last keep - 1 (and the published one)."""
    docs_dir = Path(docs_dir)
    all_runs = runs(docs_dir)
    kept = set(all_runs[-(keep - 1) :] if keep > 1 else []) | {published_run(docs_dir)}
    removed = [r for r in all_runs if r not in kept]
    for run in removed:
        for folder in (*docs_dir.glob(f"results/*/{run}"), *docs_dir.glob(f"validations/*/{run}")):
            shutil.rmtree(folder, ignore_errors=True)
    return removed


def pages(docs_dir: Path, run_id: str) -> list[tuple[str, Path, bool | None]]:
    """(suite, page, success) of each suite validated in a run, by suite name."""
    docs_dir = Path(docs_dir)
    found = []
    for result in sorted(docs_dir.glob(f"results/*/{run_id}/*/*.json")):
        suite = result.relative_to(docs_dir / "results").parts[0]
        page = docs_dir / "validations" / result.relative_to(docs_dir / "results").with_suffix(".html")
        try:
            success = json.loads(result.read_text(encoding="utf-8")).get("success")
        except (OSError, ValueError):
            success = None
        found.append((suite, page, success))
    return found


def after_publish(docs_dir: Path, run_id: str, keep: int, note: str = "") -> Path:
    """Record the published run, write its page, mark the index; returns the page.

    `note`: "provisional, sources as at <published>" for a year in progress (flows/years.py).
    """
    docs_dir = Path(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    record = {"run_id": run_id, "published_at": datetime.now(UTC).isoformat(timespec="seconds"), "keep": keep}
    (docs_dir / PUBLISHED_JSON).write_text(json.dumps({**record, "note": note}, indent=2) + "\n", encoding="utf-8")
    page = write_published_page(docs_dir, run_id, note)
    mark_index(docs_dir)
    return page


def write_published_page(docs_dir: Path, run_id: str, note: str = "") -> Path:
    rows = "\n".join(
        f'<tr class="{"passed" if ok else "failed"}"><td><a href="{html.escape(p.relative_to(docs_dir).as_posix())}">'
        f"{html.escape(suite)}</a></td><td>{'passed' if ok else 'failed' if ok is False else '?'}</td></tr>"
        for suite, p, ok in pages(docs_dir, run_id)
    )
    page = Path(docs_dir) / PUBLISHED_PAGE
    note = f"<p><b>{html.escape(note)}</b></p>" if note else ""
    page.write_text(_PAGE.format(run=html.escape(run_id), rows=rows, note=note), encoding="utf-8")
    return page


def mark_index(docs_dir: Path) -> None:
    """Put the published run's banner at the top of the index (idempotent; no index or record: nothing)."""
    docs_dir = Path(docs_dir)
    index, run_id = docs_dir / "index.html", published_run(docs_dir)
    if not index.exists() or not run_id:
        return
    text = _BANNER.sub("", index.read_text(encoding="utf-8"))
    banner = (
        '<!-- spfacts:published --><div style="padding:.6rem 1rem;margin:0;background:#e6f4ea;'
        'border-left:6px solid #2f855a;font:1rem sans-serif">Published run: '
        f'<a href="{PUBLISHED_PAGE}"><b>{html.escape(run_id)}</b></a> (its suites and results); '
        "other runs listed below did not publish or were replaced.</div><!-- /spfacts:published -->\n"
    )
    text, n = re.subn(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + banner, text, count=1)
    if n:
        index.write_text(text, encoding="utf-8")


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>spfacts · published run {run}</title>
<style>body {{ font-family: sans-serif; margin: 2rem auto; max-width: 48rem; }}
td {{ padding: .3rem .8rem; border-bottom: 1px solid #ddd; }} tr.failed td {{ background: #fff4e5; }}</style>
</head><body>
<h1>Published run {run}</h1>
{note}
<p>The Great Expectations results of the run whose warehouse is published (failed suites hold only
warnings or accepted exceptions). <a href="index.html">All kept runs</a>.</p>
<table><thead><tr><th>suite</th><th>result</th></tr></thead><tbody>
{rows}
</tbody></table></body></html>
"""
