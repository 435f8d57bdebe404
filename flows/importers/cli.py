"""`spfacts import ...`: the command line of the importers (registered by flows/cli.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def add_import_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="write a source root from real exports (communications database, UN Digital Library)",
        description="Map a real export to the source contract and write a new root: the imported datasets "
        "from the export, every other dataset from --base. See docs/imports.md.",
    )
    layouts = p.add_subparsers(title="layouts", required=True, metavar="LAYOUT", help="the layout of the export")
    comms = layouts.add_parser(
        "communications-xlsx",
        help="communications and replies from the communications database's Excel export",
        description="Read search-result exports (.xlsx) of the communications database.",
    )
    comms.add_argument("exports", nargs="+", type=Path, metavar="FILE", help="export workbook(s)")
    comms.set_defaults(command=cmd_import, layout="communications-xlsx")
    undl = layouts.add_parser(
        "undl-marcxml",
        help="reports from UN Digital Library MARCXML (files or a search URL with of=xm)",
        description="Read MARCXML search results of the UN Digital Library, from files or one http(s) URL.",
    )
    undl.add_argument("inputs", nargs="+", metavar="FILE|URL", help="MARCXML file(s) or a search URL")
    undl.set_defaults(command=cmd_import, layout="undl-marcxml")
    for layout in (comms, undl):
        layout.add_argument("--base", required=True, help="source root giving every other dataset (folder or URL)")
        layout.add_argument("--out", required=True, type=Path, help="folder of the new root (must not exist)")
        layout.add_argument(
            "--export-date",
            type=date.fromisoformat,
            default=None,
            help="date the export was taken, YYYY-MM-DD (default: the workbook's date, or today for a URL)",
        )


def cmd_import(args: argparse.Namespace) -> int:
    from flows.errors import PipelineError

    from .run import import_communications, import_reports

    try:
        if args.layout == "communications-xlsx":
            manifest = import_communications(args.exports, args.base, args.out, args.export_date)
        else:
            manifest = import_reports(args.inputs, args.base, args.out, args.export_date)
    except (PipelineError, ValueError) as err:
        print(f"spfacts import: {err}", file=sys.stderr)
        return 2
    real = [d["dataset"] for d in manifest["provenance"]["datasets"]]
    unknown = manifest["provenance"]["unknown_columns"]
    print(f"wrote {args.out} ({len(manifest['files'])} files; from exports: {', '.join(real)})")
    if unknown:
        print("unknown (left empty; the figures that need them are null):")
        for item in unknown:
            print(f"  {item['dataset']}: {item['column']}")
    print(f"next: spfacts run --source {args.out}")
    return 0
