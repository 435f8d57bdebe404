"""`python -m snapshots.reconstruct [--out DIR] [--year Y] [--seed N] [--variant]`"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import SEED, build_root

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "ohchr-2023"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m snapshots.reconstruct", description="Write a source root (manifest + datasets)."
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder to write (emptied first); default: snapshots/ohchr-2023"
    )
    parser.add_argument("--year", type=int, default=2023, help="report year (default 2023)")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed")
    parser.add_argument(
        "--variant", action="store_true", help="perturbed counts, shuffled columns, other splits (for tests)"
    )
    args = parser.parse_args(argv)
    if not args.variant and (args.year != 2023 or args.seed != SEED):
        parser.error("the bundled snapshot is year 2023 with the default seed; use --variant")
    entries = build_root(args.out, year=args.year, seed=args.seed, variant=args.variant)
    total = sum(e["bytes"] for e in entries)
    print(f"wrote {len(entries)} files, {total} bytes, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
