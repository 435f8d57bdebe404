"""Maintainer script, never run by the pipeline: vendor the Data Docs assets again from the npm registry.

For each package and version of flows/static/datadocs/ASSETS.csv, `npm pack` fetches the package
tarball; the files ASSETS.csv names (and the package's licence text) are copied into
flows/static/datadocs/ and the sha256 column is rewritten. Needs `npm` and the network; run it
after editing ASSETS.csv (a GX upgrade that loads a new CDN file), then commit the files:

    .venv/bin/python tools/refresh_datadocs_assets.py [work_dir]

The pipeline only reads the vendored files (flows/quality/assets.py).
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from flows.quality.assets import ASSETS_CSV, ASSETS_DIR, Asset, read_assets, sha256

LICENCE = re.compile(r"package/(LICEN[CS]E)(\.\w+)?")


def npm_pack(package: str, version: str, work: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--silent"], cwd=work, check=True, capture_output=True, text=True
    ).stdout
    return work / out.strip().splitlines()[-1]


def refresh(work_dir: Path | None = None) -> None:
    work = Path(work_dir or tempfile.mkdtemp(prefix="spfacts-npm-"))
    assets = read_assets()
    packs: dict[tuple[str, str], Path] = {}
    for asset in (a for a in assets if a.vendored):
        key = (asset.package, asset.version)
        if key not in packs:
            packs[key] = npm_pack(asset.package, asset.version, work)
        with tarfile.open(packs[key]) as tar:
            member = tar.extractfile(f"package/{asset.package_file}")
            if member is None:
                raise FileNotFoundError(f"{asset.package}@{asset.version}: no {asset.package_file}")
            dest = ASSETS_DIR / asset.file
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(member.read())
            # the package's licence text travels with its files (MIT and BSD ask for the notice)
            for name in tar.getnames():
                if LICENCE.fullmatch(name):
                    (ASSETS_DIR / Path(asset.file).parts[0] / Path(name).name).write_bytes(tar.extractfile(name).read())
    rows = [{**a.__dict__, "sha256": sha256(ASSETS_DIR / a.file) if a.vendored else ""} for a in assets]
    with ASSETS_CSV.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(Asset.__dataclass_fields__), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    if len(sys.argv) > 2:
        sys.exit("usage: python tools/refresh_datadocs_assets.py [work_dir]")
    refresh(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
