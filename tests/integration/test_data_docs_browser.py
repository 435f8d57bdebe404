"""The Data Docs look styled in headless Chromium with the network off, and nothing leaves the machine.

Builds the docs of a tiny run (with one planted warning, so a page shows a failure too), then
opens the index and a validation page in Debian's chromium (installed by `make test`; nothing is
installed here). Every request the pages make is logged over the DevTools protocol: all must be
file: or data: URLs. Style probes read computed styles of Bootstrap elements and check that
jQuery, bootstrap-table, Vega and the Font Awesome font arrived. The screenshots stay in the
test's tmp folder (the path is printed) for a person to look at.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import duckdb
import pytest

from flows import quality
from flows.quality import assets as quality_assets
from flows.sources.manifest import Provenance
from tests.support.browser import inspect_page, screenshot_docs
from tests.support.tiny_warehouse import RUN, YEAR, tiny_warehouse

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("docs")
    db = tiny_warehouse(folder / "tiny.duckdb")
    with duckdb.connect(str(db)) as con:  # a reply dated before its letter: a warning, still published
        con.execute("update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201")
    result = quality.validate(
        db,
        "staging",
        run_id=RUN,
        report_year=YEAR,
        docs_dir=folder / "quality",
        suites=["stg_communications", "stg_replies", "stg_visits"],
    )
    assert [w.suite for w in result.warnings] == ["stg_replies"]
    return folder / "quality"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_no_page_of_the_docs_loads_anything_from_the_network(docs: Path) -> None:
    files = [p for p in docs.rglob("*") if p.suffix in (".html", ".css")]
    assert len(files) > 5
    for path in files:
        assert quality_assets.remote_loads(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("page", ["index", "validation"])
def test_a_page_looks_styled_offline(docs: Path, tmp_path: Path, page: str) -> None:
    if page == "index":
        target = docs / "index.html"
    else:
        target = next((docs / "validations" / "stg_replies" / RUN).rglob("*.html"))
    png = tmp_path / f"screenshot-{page}.png"
    report = inspect_page(target, png)
    print(f"\nscreenshot of the {page} page: {png}")
    assert report.requests and all(u.startswith(("file:", "data:")) for u in report.requests), report.requests
    assert report.remote_requests == [] and report.failed == []
    assert any("/static/vendor/bootstrap@4.3.1/bootstrap.min.css" in u for u in report.requests)
    probes = report.probes
    assert probes["bootstrap_css"] == "#007bff"  # Bootstrap's --primary custom property
    assert probes["navbar_display"] == "flex" and probes["table_styled"] == "collapse"
    assert probes["body_font"].startswith("-apple-system")  # Bootstrap's font stack, not the default serif
    assert (probes["jquery"], probes["bootstrap_js"], probes["bootstrap_table"], probes["vega_embed"]) == (
        "function",
    ) * 4
    assert probes["font_awesome"] is True
    assert png_size(png) == (1280, 900) and png.stat().st_size > 20_000


def test_screenshots_for_the_pipeline_land_beside_the_docs(docs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "quality"
    shutil.copytree(docs, copy)
    shots = screenshot_docs(copy)
    assert [p.name for p in shots] == ["screenshot-index.png", "screenshot-validation.png"]
    assert all(p.parent == copy and png_size(p) == (1280, 900) for p in shots)


# --- Data Docs a reviewer can act on (issue 11): severity and note per row, "passed", no newsletter, provenance

ROWS = (
    "Array.from(document.querySelectorAll('table.table tbody tr'))"
    ".filter(r => r.cells.length >= 5).map(r => ({failed: !!r.querySelector('i.fa-times.text-danger'),"
    " cells: Array.from(r.cells).map(c => c.innerText.trim())}))"
)
REVIEWER_PROBES = {
    "rows": ROWS,
    "headers": "Array.from(document.querySelectorAll('table.table thead tr')).map("
    "r => Array.from(r.cells).map(c => c.innerText.trim())).filter(h => h[0] === 'Status')",
    "text": "document.body.innerText",
    "banner": "(() => { const b = document.getElementById('provenance');"
    " return b ? {text: b.innerText, height: b.offsetHeight} : null; })()",
}
STATEMENT = "Synthetic records made for a test; not an export."


@pytest.fixture(scope="module")
def reviewer_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Docs of a run with a failed critical expectation, a warning, and a reconstructed source."""
    folder = tmp_path_factory.mktemp("reviewer")
    db = tiny_warehouse(folder / "tiny.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("update staging.stg_replies set received_date = date '2023-01-05' where reply_id = 201")
        con.execute(
            "update staging.stg_visits set host_type = 'Planet' where visit_id = (select min(visit_id) from staging.stg_visits)"
        )
    with pytest.raises(quality.QualityError) as failed:
        quality.validate(
            db,
            "staging",
            run_id=RUN,
            report_year=YEAR,
            docs_dir=folder / "quality",
            suites=["stg_communications", "stg_replies", "stg_visits"],
            provenance=Provenance("reconstruction", STATEMENT),
        )
    assert [f.suite for f in failed.value.result.critical] == ["stg_visits"]
    return folder / "quality"


def _page(docs: Path, suite: str) -> Path:
    return next((docs / "validations" / suite / RUN).rglob("*.html"))


def test_a_failed_critical_expectation_reads_critical_in_its_row(reviewer_docs: Path, tmp_path: Path) -> None:
    png = tmp_path / "screenshot-critical.png"
    scroll = "document.querySelector('tr i.fa-times.text-danger').closest('tr').scrollIntoView({block: 'center'})"
    report = inspect_page(_page(reviewer_docs, "stg_visits"), png, probes={**REVIEWER_PROBES, "scroll": scroll})
    print(f"\nscreenshot of a failed critical expectation: {png}")
    assert report.remote_requests == [] and report.failed == []
    headers = report.probes["headers"]  # one table per column checked, plus the table-level one
    assert len(headers) > 5 and all(
        h == ["Status", "Expectation", "Observed Value", "Severity", "Note"] for h in headers
    )
    failed = [r["cells"] for r in report.probes["rows"] if r["failed"]]
    assert len(failed) == 1, failed
    status, expectation, observed, severity, note = failed[0]
    assert "Planet" in expectation and severity == "critical" and note == "(value-set)", failed[0]
    assert all(r["cells"][3] == "critical" for r in report.probes["rows"])  # every row of stg_visits is critical


def test_a_failed_warning_reads_warning_with_its_note(reviewer_docs: Path, tmp_path: Path) -> None:
    report = inspect_page(_page(reviewer_docs, "stg_replies"), tmp_path / "warning.png", probes=REVIEWER_PROBES)
    failed = [r["cells"] for r in report.probes["rows"] if r["failed"]]
    assert len(failed) == 1 and failed[0][3] == "warning", failed
    assert failed[0][4] == "a reply is not dated before the communication it answers (cross-table)", failed[0]


def test_passed_expectations_read_passed_and_no_page_asks_for_a_newsletter(reviewer_docs: Path, tmp_path: Path) -> None:
    png = tmp_path / "screenshot-passed.png"
    report = inspect_page(_page(reviewer_docs, "stg_communications"), png, probes=REVIEWER_PROBES)
    print(f"\nscreenshot of a passed suite: {png}")
    rows = report.probes["rows"]
    assert len(rows) > 10 and not any(r["failed"] for r in rows)
    # the success-only pass computed no observed value: "passed", never GX's "--" or "unknown % not null"
    assert {r["cells"][2] for r in rows} == {"passed"}, rows
    assert {r["cells"][3] for r in rows} == {"critical", "warning"}
    assert all(r["cells"][4] for r in rows)  # every row has a note or at least its kind
    assert "newsletter" not in report.probes["text"].lower()
    for path in reviewer_docs.rglob("*.html"):
        assert "newsletter" not in path.read_text(encoding="utf-8").lower(), path


def test_the_index_shows_the_provenance_banner_of_a_reconstruction(reviewer_docs: Path, tmp_path: Path) -> None:
    png = tmp_path / "screenshot-index.png"
    report = inspect_page(reviewer_docs / "index.html", png, probes=REVIEWER_PROBES)
    print(f"\nscreenshot of the index: {png}")
    banner = report.probes["banner"]
    assert banner and banner["height"] > 20, banner
    assert banner["text"] == f"RECONSTRUCTION: {STATEMENT}"
    assert "newsletter" not in report.probes["text"].lower()


def test_an_export_gets_no_banner(docs: Path) -> None:
    assert 'id="provenance"' not in (docs / "index.html").read_text(encoding="utf-8")
