"""Time `spfacts import` on synthetic exports in the real layouts (invented rows).

    .venv/bin/python benchmarks/bench_import.py [ROWS]

Writes a communications export workbook of ROWS rows (default 50,000; real years hold about
700) and a MARCXML response of ROWS / 10 records, imports each onto the bundled snapshot, and
prints seconds, rows per second and the peak memory of the process. Asserts nothing about speed.
"""

from __future__ import annotations

import csv
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from openpyxl import Workbook  # noqa: E402

from flows.importers.marcxml import MARC_NS  # noqa: E402
from flows.importers.run import import_communications, import_reports  # noqa: E402
from flows.settings import REFERENCE_DIR, SNAPSHOT_DIR  # noqa: E402

HEADER = ["Date", "Country", "Type", "Ref. no.", "Mandates", "Summary", "UN Region", "OHCHR Region",
          "Nb. of alleged victims", "Nb. of replies", "Replies", "Replies2"]  # fmt: skip


def reference() -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    with (REFERENCE_DIR / "countries.csv").open(encoding="utf-8", newline="") as f:
        countries = [(r["name_en"], r["iso3"], r["regional_group"]) for r in csv.DictReader(f) if r["regional_group"]]
    with (REFERENCE_DIR / "mandate_names.csv").open(encoding="utf-8", newline="") as f:
        names = [r for r in csv.DictReader(f) if r["mandate"]]
    return (
        countries,
        [r["name"] for r in names if r["form"] == "title"],
        [r["name"] for r in names if r["form"] == "undl_corporate_name"],
    )


def workbook(path: Path, rows: int) -> None:
    countries, titles, _ = reference()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Search results")
    sheet.append(HEADER)
    numbers: dict[str, int] = {}
    for i in range(rows):
        name, iso3, region = countries[i % len(countries)]
        numbers[iso3] = numbers.get(iso3, 0) + 1
        day = f"{1 + i % 28:02d} {('Jan', 'Apr', 'Jul', 'Oct')[i % 4]} 2023"
        replies = ["15 Dec 2023", "10 Jan 2024"][: i % 3]
        first = i % (len(titles) - 1)
        mandates = "; ".join(titles[first : first + 2]) if i % 2 else titles[first]  # JAL: two mandates
        kind = "JAL" if i % 2 else "AL"
        summary = "Invented summary of a communication."
        sheet.append([day, name, kind, f"{iso3} {numbers[iso3]}/2023", mandates, summary, region, "Region", i % 7,
                      len(replies), *replies])  # fmt: skip
    book.save(path)


def marcxml(path: Path, records: int) -> None:
    _, _, corporate = reference()
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC_NS}">']
    for i in range(records):
        lines.append(
            f'<record><controlfield tag="001">{i}</controlfield>'
            f'<datafield tag="191" ind1=" " ind2=" "><subfield code="a">A/HRC/99/{i}</subfield></datafield>'
            f'<datafield tag="245" ind1=" " ind2=" "><subfield code="a">Invented report {i}</subfield></datafield>'
            f'<datafield tag="269" ind1=" " ind2=" "><subfield code="a">2023-05-{1 + i % 28:02d}</subfield></datafield>'
            f'<datafield tag="710" ind1=" " ind2=" "><subfield code="a">{corporate[i % len(corporate)]}</subfield>'
            '</datafield><datafield tag="989" ind1=" " ind2=" "><subfield code="a">Reports</subfield>'
            '<subfield code="b">Thematic reports</subfield></datafield></record>'
        )
    path.write_text("\n".join(lines) + "\n</collection>\n", encoding="utf-8")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        workbook(work / "export.xlsx", rows)
        marcxml(work / "undl.xml", rows // 10)
        size = (work / "export.xlsx").stat().st_size / 1e6
        start = time.perf_counter()
        import_communications([work / "export.xlsx"], str(SNAPSHOT_DIR), work / "one", date(2024, 1, 31))
        xlsx_s = time.perf_counter() - start
        start = time.perf_counter()
        import_reports([str(work / "undl.xml")], str(work / "one"), work / "two", date(2024, 1, 31))
        xml_s = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"communications-xlsx: {rows} rows ({size:.1f} MB) in {xlsx_s:.1f} s = {rows / xlsx_s:,.0f} rows/s")
    print(f"undl-marcxml: {rows // 10} records in {xml_s:.1f} s = {rows / 10 / xml_s:,.0f} records/s")
    print(f"peak memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
