"""Data Docs offline: every asset GX's templates load is vendored, exact, and the pages point at it."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from pathlib import Path

import pytest

from flows.quality import assets as quality_assets

# the installed GX package's templates and styles, found without importing GX (3 s)
RENDER = Path(importlib.util.find_spec("great_expectations").submodule_search_locations[0]) / "render"


def test_every_vendored_file_is_there_with_its_recorded_sha256() -> None:
    for asset in quality_assets.read_assets():
        if asset.vendored:
            assert quality_assets.sha256(quality_assets.ASSETS_DIR / asset.file) == asset.sha256, asset.file
            assert asset.package and asset.version and asset.license


def test_every_remote_url_of_gx_templates_and_styles_is_mapped() -> None:
    """A GX upgrade that loads something new fails here, not silently in a browser."""
    table = quality_assets._table()
    loads = []
    for path in RENDER.rglob("*"):
        if path.suffix in (".j2", ".css"):
            loads += quality_assets.remote_loads(path.read_text(encoding="utf-8"))
    assert loads, "no CDN URL found in GX's templates: has the layout changed?"
    assert sorted({u for u in loads if quality_assets._url_key(u) not in table}) == []


def test_the_vendored_scripts_are_byte_for_byte_those_gx_pins_by_hash() -> None:
    template = (RENDER / "view" / "templates" / "js_script_imports.j2").read_text(encoding="utf-8")
    pinned = dict(re.findall(r'src="([^"]+)" integrity="(sha384-[^"]+)"', template))
    assert len(pinned) == 2
    table = quality_assets._table()
    for url, integrity in pinned.items():
        data = (quality_assets.ASSETS_DIR / table[quality_assets._url_key(url)].file).read_bytes()
        assert "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode() == integrity


PAGE = """<html><head>
<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>
<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js" integrity="sha384-x" crossorigin="anonymous"></script>
<link rel="shortcut icon" href="../../static/images/favicon.ico" type="image/x-icon"/>
<style>.navbar-brand a { background: url('https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png') }</style>
</head><body><img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1&dataContextId=2">
<a href="https://greatexpectations.io">Great Expectations</a></body></html>"""


def test_localize_points_every_load_at_the_local_copy_and_leaves_links(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / "validations" / "suite" / "run" / "time" / "batch.html"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    changed = quality_assets.localize(site)
    text = page.read_text(encoding="utf-8")
    assert changed == [page] and quality_assets.remote_loads(text) == []
    assert 'href="../../../../static/vendor/bootstrap@4.3.1/bootstrap.min.css"' in text
    assert 'src="../../../../static/vendor/bootstrap@4.3.1/bootstrap.min.js">' in text  # SRI and CORS attributes gone
    assert 'href="../../../../static/images/favicon.ico"' in text
    assert "url('../../../../static/vendor/../images/logo-long.png')" in text
    assert 'src="../../../../static/vendor/../images/logo-long.png"' in text
    assert '<a href="https://greatexpectations.io">' in text
    for link in re.findall(r'(?:href|src)="(\.\./[^"]+)"', text):
        if "/images/" not in link:  # GX copies its images itself when it builds a site
            assert (page.parent / link).resolve().is_file(), link
    assert quality_assets.localize(site) == []  # idempotent


def test_an_unknown_remote_load_stops_the_docs_build(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text('<script src="https://cdn.example.org/new-library.js"></script>', encoding="utf-8")
    with pytest.raises(quality_assets.DocsError, match="new-library.js"):
        quality_assets.localize(tmp_path)
