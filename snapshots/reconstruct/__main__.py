"""`python -m snapshots.reconstruct [--out DIR] [--year Y] [--seed N] [--variant] [--scale N]`"""

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
    parser.add_argument(
        "--scale",
        type=int,
        default=None,
        help="N times every year-split dataset, new keys (benchmarks)",
    )
    args = parser.parse_args(argv)
    if args.scale is not None:
        return scaled(parser, args)
    if not args.variant and (args.year != 2023 or args.seed != SEED):
        parser.error("the bundled snapshot is year 2023 with the default seed; use --variant")
    entries = build_root(args.out, year=args.year, seed=args.seed, variant=args.variant)
    total = sum(e["bytes"] for e in entries)
    print(f"wrote {len(entries)} files, {total} bytes, to {args.out}")
    return 0


def scaled(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from .scale import build_scaled_root

    if args.variant or args.seed != SEED or args.out == DEFAULT_OUT or args.scale < 0:
        parser.error("--scale N (N >= 0; 0 = one row per table) scales the bundled snapshot into another --out folder")
    entries = build_scaled_root(args.out, args.scale, year=args.year)
    print(f"wrote {len(entries)} files, {sum(e['rows'] for e in entries)} rows, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
