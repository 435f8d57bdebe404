"""Data Docs that render fully styled offline.

GX 1.24's page templates load Bootstrap, jQuery, popper, bootstrap-table, bootstrap-datepicker,
bootstrap-dark, Font Awesome and Vega from CDNs, and its logo from S3 (with the data context id
in the query string). Offline those requests fail and the pages render unstyled. The exact
files, at the exact versions the templates name, were taken from the npm registry (`npm pack`,
by tools/refresh_datadocs_assets.py) and are vendored in flows/static/datadocs/; ASSETS.csv maps each CDN URL to its
local file and records package, version, license and sha256. After GX writes a page, `localize`
copies the files into the site (`static/vendor/`) and rewrites every URL a page would *load*
(script/link/img src or href, CSS url()) to a relative path. A remote URL that is not in the
table stops the docs build: a GX upgrade that adds one must be noticed, not half-rendered.
Plain links (<a href>) are left alone: nothing is fetched unless a reader clicks them.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flows.errors import PipelineError

ASSETS_DIR = Path(__file__).resolve().parents[1] / "static" / "datadocs"
ASSETS_CSV = ASSETS_DIR / "ASSETS.csv"
SITE_VENDOR = Path("static") / "vendor"

# Tags whose src/href the browser fetches by itself; <a href> is navigation and stays.
_LOADING_TAG = re.compile(r"<(?:script|link|img|source|iframe)\b[^>]*>", re.IGNORECASE)
_TAG_URL = re.compile(r"""\b(src|href)\s*=\s*(["'])((?:https?:)?//[^"']+)\2""", re.IGNORECASE)
_SRI = re.compile(r"""\s(?:integrity|crossorigin)\s*=\s*(["'])[^"']*\1""", re.IGNORECASE)
# GX's favicon link counts one "../" too few on validation pages: point it at the site's copy
_STATIC_IMAGE = re.compile(r"""\b(href|src)=(["'])(?:\.\./|\./)*static/images/([^"']+)\2""")
_CSS_URL = re.compile(r"""url\(\s*(["']?)((?:https?:)?//[^"')\s]+)\1\s*\)""", re.IGNORECASE)


class DocsError(PipelineError):
    """A Data Docs page would load something from the network."""


@dataclass(frozen=True)
class Asset:
    cdn_url: str  # empty for files only referenced from another asset (Font Awesome's fonts)
    package: str
    version: str
    package_file: str  # path inside the npm package
    file: str  # path under static/vendor of a site (and under flows/static/datadocs)
    license: str
    sha256: str

    @property
    def vendored(self) -> bool:
        """False for GX's own images (the S3 logos), which GX already copies into every site."""
        return not self.file.startswith("../")


def read_assets() -> list[Asset]:
    with ASSETS_CSV.open(encoding="utf-8", newline="") as handle:
        return [Asset(**row) for row in csv.DictReader(handle)]


def _url_key(url: str) -> str:
    # the S3 logo carries a time stamp and the context id in its query: match without it
    return re.sub(r"^(https?:)?//", "", url).split("?", 1)[0]


def _table() -> dict[str, Asset]:
    return {_url_key(a.cdn_url): a for a in read_assets() if a.cdn_url}


def install(site_dir: Path) -> Path:
    """Copy the vendored files into `<site>/static/vendor` (idempotent); return that folder."""
    target = site_dir / SITE_VENDOR
    files = {a.file for a in read_assets() if a.vendored}
    files |= {str(p.relative_to(ASSETS_DIR)) for p in ASSETS_DIR.glob("*/LICEN[CS]E*")}  # licences travel along
    for file in sorted(files):
        source, dest = ASSETS_DIR / file, target / file
        if dest.exists() and dest.stat().st_size == source.stat().st_size:
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    return target


def remote_loads(text: str) -> list[str]:
    """The URLs a page or stylesheet would fetch from another machine."""
    found = [m.group(3) for tag in _LOADING_TAG.findall(text) for m in _TAG_URL.finditer(tag)]
    return found + [m.group(2) for m in _CSS_URL.finditer(text)]


# a further rewrite of a page's text, (site folder, page, text) -> text: flows/quality/docs.py
Rewrite = Callable[[Path, Path, str], str]


def localize_file(
    path: Path, site_dir: Path, table: dict[str, Asset] | None = None, rewrite: Rewrite | None = None
) -> bool:
    """Point one HTML or CSS file of the site at the local copies (then `rewrite` it); True when it changed."""
    table = table if table is not None else _table()
    text = path.read_text(encoding="utf-8")
    vendor = os.path.relpath(site_dir / SITE_VENDOR, path.parent).replace(os.sep, "/")

    def local(url: str) -> str:
        asset = table.get(_url_key(url))
        if asset is None:
            raise DocsError(f"{path}: Data Docs would load {url} from the network; add it to {ASSETS_CSV}")
        return f"{vendor}/{asset.file}"

    def fix_tag(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not _TAG_URL.search(tag):
            return tag
        # SRI needs a CORS fetch, which file:// pages cannot make; the hashes are checked instead
        # by tests/unit/test_quality_assets.py against the vendored files.
        tag = _SRI.sub("", tag)
        return _TAG_URL.sub(lambda m: f"{m.group(1)}={m.group(2)}{local(m.group(3))}{m.group(2)}", tag)

    new = _LOADING_TAG.sub(fix_tag, text)
    images = os.path.relpath(site_dir / "static" / "images", path.parent).replace(os.sep, "/")
    new = _STATIC_IMAGE.sub(lambda m: f"{m.group(1)}={m.group(2)}{images}/{m.group(3)}{m.group(2)}", new)
    new = _CSS_URL.sub(lambda m: f"url({m.group(1)}{local(m.group(2))}{m.group(1)})", new)
    if rewrite is not None:
        new = rewrite(site_dir, path, new)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def localize(site_dir: Path, since: float | None = None, rewrite: Rewrite | None = None) -> list[Path]:
    """Install the assets and rewrite the site's pages (those modified at or after `since`)."""
    install(site_dir)
    table = _table()
    files = [p for p in site_dir.rglob("*") if p.suffix in (".html", ".css") and SITE_VENDOR.parts[1] not in p.parts]
    if since is not None:
        files = [p for p in files if p.stat().st_mtime >= since]
    return [p for p in files if localize_file(p, site_dir, table, rewrite)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
