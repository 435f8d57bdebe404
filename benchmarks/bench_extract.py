"""Time extract: landing a source root over the folder transport and over loopback HTTP.

    .venv/bin/python benchmarks/bench_extract.py [SOURCE_ROOT_FOLDER]

Without an argument it lands snapshots/ohchr-2023 when present, else a synthetic root
(CSV, JSONL and MARCXML of a few MB). Prints seconds and MB/s; asserts nothing about speed.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: the repository holds flows/ and tests/support/

from flows.sources import SourceRoot, land_all  # noqa: E402
from tests.support.loopback import LoopbackServer  # noqa: E402
from tests.support.roots import RootFile, write_root  # noqa: E402


def synthetic_root(folder: Path, rows: int = 100_000) -> Path:
    lines = ["gId,Date,Type,Ref. no.,Summary"]
    lines += [f'{i},05 Jan 2023,AL,ABC {i}/2023,"Summary {i}, with a comma\nand a second line"' for i in range(rows)]
    csv = ("\n".join(lines) + "\n").encode()
    jsonl = "".join(f'{{"id": "pr-{i}", "title": "t{i}"}}\n' for i in range(rows)).encode()
    marc = ['<collection xmlns="http://www.loc.gov/MARC21/slim">']
    marc += [f'<record><controlfield tag="001">{i}</controlfield></record>' for i in range(rows // 10)]
    xml = ("\n".join(marc) + "\n</collection>\n").encode()
    write_root(
        folder,
        [
            RootFile("c/communications-2023-001.csv", csv, "communications", "csv", rows, 2023),
            RootFile("m/media-2023.jsonl", jsonl, "media", "jsonl", rows, 2023),
            RootFile("r/reports-2023.xml", xml, "reports", "marcxml", rows // 10, 2023),
        ],
        snapshot="synthetic",
    )
    return folder


def timed_land(location: str | Path, raw: Path) -> tuple[float, list]:
    start = time.perf_counter()
    with SourceRoot.open(location) as root:
        landed = land_all(root, raw)
    return time.perf_counter() - start, landed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        default = HERE.parent / "snapshots" / "ohchr-2023"
        if len(sys.argv) > 1:
            folder = Path(sys.argv[1])
        elif (default / "manifest.json").exists():
            folder = default
        else:
            folder = synthetic_root(tmp / "root")
        with SourceRoot.open(folder) as root:
            manifest = root.manifest()
        size = sum(e.bytes for e in manifest.files) / 1e6
        print(f"root {folder}: {len(manifest.files)} files, {size:.1f} MB")
        with LoopbackServer(folder) as server:
            runs = [
                ("folder", folder, tmp / "raw-folder"),
                ("http", server.url, tmp / "raw-http"),
                ("http again (reused)", server.url, tmp / "raw-http"),
            ]
            shas = {}
            for name, location, raw in runs:
                seconds, landed = timed_land(location, raw)
                shas[name] = [hashlib.sha256(f.path.read_bytes()).hexdigest() for f in landed]
                reused = sum(f.reused for f in landed)
                print(f"{name:22s} {seconds:7.2f} s  {size / seconds:7.1f} MB/s  reused {reused}")
            print("identical landed sha256s:", len(set(map(tuple, shas.values()))) == 1)


if __name__ == "__main__":
    main()
