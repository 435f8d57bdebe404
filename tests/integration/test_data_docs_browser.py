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
