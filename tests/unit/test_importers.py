"""`spfacts import`: real layouts (invented content, tests/fixtures/imports/) into a mixed source root."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from flows.cli import main
from flows.importers import ImportRefused
from flows.importers.run import import_communications, import_reports
from flows.settings import SNAPSHOT_DIR
from flows.sources import SourceRoot, parse_manifest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
PUBLIC = FIXTURES / "communications-public-layout.xlsx"


def read_csv(root: Path, dataset: str) -> list[dict[str, str]]:
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    found = []
    for entry in (e for e in manifest["files"] if e["dataset"] == dataset):
        found += list(csv.DictReader(io.StringIO((root / entry["path"]).read_text("utf-8"), newline="")))
    return found


def test_the_public_layout_becomes_a_mixed_root(tmp_path):
    out = tmp_path / "mixed"
    manifest = import_communications([PUBLIC], str(SNAPSHOT_DIR), out)
    # the manifest is the project's: it parses, and every file reads back verified
    parsed = parse_manifest((out / "manifest.json").read_bytes(), "manifest.json")
    with SourceRoot.open(out) as root:
        for entry in parsed.files:
            root.fetch(entry)
    provenance = manifest["provenance"]
    assert provenance["kind"] == "mixed" and provenance["statement"]
    export = {
        "name": PUBLIC.name,
        "sha256": hashlib.sha256(PUBLIC.read_bytes()).hexdigest(),
        "export_date": "2024-01-15",
    }
    assert {d["dataset"]: d["exports"] for d in provenance["datasets"]} == {
        "communications": [export],
        "replies": [export],
    }
    assert ("communications", "Nb. of alleged victims (women)") in parsed.unknown_columns
    assert ("replies", "Substantive") in parsed.unknown_columns
    # every other dataset is the base's, byte for byte
    base = json.loads((SNAPSHOT_DIR / "manifest.json").read_text("utf-8"))["files"]
    kept = {e["path"]: e["sha256"] for e in base if e["dataset"] not in ("communications", "replies")}
    assert {e["path"]: e["sha256"] for e in manifest["files"] if e["path"] in kept} == kept
    assert not [e for e in manifest["files"] if e["dataset"] == "communications" and e["year"] == 2022]
    letters = read_csv(out, "communications")
    assert [(r["Ref. no."], r["Type"], r["Mandates"]) for r in letters] == [
        ("FRA 1/2023", "AL", "SR housing"),  # the type in front of the Ref. no. is dropped
        ("FRA 2/2023", "JAL", "SR housing; SR food"),
        ("OTH 1/2023", "AL", "SR food"),
    ]
    assert {r["Nb. of alleged victims (women)"] + r["Tags"] + r["Non-State actors"] for r in letters} == {""}
    assert len({r["gId"] for r in letters}) == 3 and all(r["gId"].isdigit() for r in letters)
    replies = read_csv(out, "replies")
    assert sorted((r["Ref. no."], r["Date"]) for r in replies) == [
        ("FRA 1/2023", "20 Mar 2023"),
        ("FRA 2/2023", "01 Apr 2023"),
        ("FRA 2/2023", "15 Jan 2024"),
    ]
    assert {r["Substantive"] + r["From"] for r in replies} == {""}
    assert {e["path"] for e in manifest["files"] if e["dataset"] == "replies"} == {
        "communications/replies-2023-001.csv",
        "communications/replies-2024-001.csv",
    }


def test_an_unknown_mandate_title_and_country_stop_the_import_and_nothing_is_written(tmp_path):
    out = tmp_path / "never"
    with pytest.raises(ImportRefused) as refused:
        import_communications([FIXTURES / "communications-unmapped.xlsx"], str(SNAPSHOT_DIR), out)
    message = str(refused.value)
    assert "'Special Rapporteur on the rights of imaginary beings'" in message
    assert "communications-unmapped.xlsx row 3 column Mandates (E)" in message
    assert "'Atlantis'" in message and "communications-unmapped.xlsx row 4 column Country (B)" in message
    assert "nothing written" in message
    assert list(tmp_path.iterdir()) == []  # no root, no temporary folder


def test_the_command_line_refuses_with_the_list_and_status_2(tmp_path, capsys):
    status = main(
        ["import", "communications-xlsx", str(FIXTURES / "communications-unmapped.xlsx"),
         "--base", str(SNAPSHOT_DIR), "--out", str(tmp_path / "x")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2 and "Atlantis" in err and "imaginary beings" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_an_existing_out_folder_is_never_overwritten(tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(ImportRefused, match="already exists"):
        import_communications([PUBLIC], str(SNAPSHOT_DIR), tmp_path / "taken")


def test_undl_marcxml_over_loopback_with_prefixed_and_unprefixed_records(tmp_path, http_root):
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(FIXTURES / "undl-response.xml", served / "search")
    server = http_root(served)
    url = server.url + "search?ln=en&p=invented&of=xm"
    manifest = import_reports([url], str(SNAPSHOT_DIR), tmp_path / "mixed")
    assert server.requests == ["search"]
    [entry] = [e for e in manifest["files"] if e["dataset"] == "reports"]
    assert (entry["path"], entry["year"], entry["rows"]) == ("reports/reports-2023.xml", 2023, 2)
    text = (tmp_path / "mixed" / entry["path"]).read_text("utf-8")
    assert text.count("<record>") == 2
    assert text.count('<subfield code="a">SR food</subfield>') == 2  # the Council's 710 is dropped
    assert "Human Rights Council" not in text
    assert '<subfield code="a">Thematic report</subfield>' in text
    assert '<subfield code="a">Country visit report</subfield>' in text
    assert '<subfield code="a">2023-11-02</subfield>' in text  # 269 YYYYMMDD written as the contract's date
    assert "RIGHT TO FOOD" in text and "Promotion and protection" in text  # 650 and 991 kept for raw
    [reports] = [d for d in manifest["provenance"]["datasets"] if d["dataset"] == "reports"]
    assert reports["exports"][0]["name"] == url and reports["layout"] == "undl-marcxml"
    assert {"dataset": "reports", "column": "650 $a sp-theme"} in manifest["provenance"]["unknown_columns"]


def test_undl_marcxml_with_a_doctype_is_refused(tmp_path, http_root):
    with pytest.raises(ImportRefused, match="unsafe XML refused"):
        import_reports([str(FIXTURES / "undl-doctype.xml")], str(SNAPSHOT_DIR), tmp_path / "a", date(2024, 1, 31))
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(FIXTURES / "undl-doctype.xml", served / "search")
    with pytest.raises(ImportRefused, match="unsafe XML refused"):
        import_reports([http_root(served).url + "search?of=xm"], str(SNAPSHOT_DIR), tmp_path / "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["served"]


def test_a_marcxml_file_needs_an_export_date(tmp_path):
    with pytest.raises(ImportRefused, match="--export-date"):
        import_reports([str(FIXTURES / "undl-response.xml")], str(SNAPSHOT_DIR), tmp_path / "a")


def test_imports_chain_and_keep_the_provenance_of_the_base(tmp_path):
    first = tmp_path / "one"
    import_communications([PUBLIC], str(SNAPSHOT_DIR), first)
    second = import_reports([str(FIXTURES / "undl-response.xml")], str(first), tmp_path / "two", date(2024, 2, 1))
    provenance = second["provenance"]
    assert [d["dataset"] for d in provenance["datasets"]] == ["communications", "replies", "reports"]
    assert {u["dataset"] for u in provenance["unknown_columns"]} == {"communications", "replies", "reports"}
    assert second["published"] == "2024-02-01"  # nothing in the root is dated after it


def test_a_title_row_excel_dates_and_short_rows_are_read(tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    from tests.support.import_fixtures import FOOD, PUBLIC_HEADER

    book = Workbook()
    sheet = book.active
    sheet.append(["Invented search results (spfacts test)"])  # a title above the header
    sheet.append(PUBLIC_HEADER)
    sheet.append([datetime(2023, 5, 7), "Chile", "UA", "CHL 3/2023", FOOD, "Invented.", "Latin American and Caribbean States",
                  "Americas", 1.0, 1, datetime(2023, 6, 1)])  # fmt: skip
    sheet.append(["08 May 2023", "Chile", "AL", "CHL 4/2023", FOOD, None, None, None, 2, 0])  # stops early
    book.save(tmp_path / "e.xlsx")
    import_communications([tmp_path / "e.xlsx"], str(SNAPSHOT_DIR), tmp_path / "out", date(2024, 1, 31))
    letters = read_csv(tmp_path / "out", "communications")
    assert [(r["Date"], r["Ref. no."], r["Nb. of alleged victims"]) for r in letters] == [
        ("07 May 2023", "CHL 3/2023", "1"),
        ("08 May 2023", "CHL 4/2023", "2"),
    ]
    assert [(r["Ref. no."], r["Date"]) for r in read_csv(tmp_path / "out", "replies")] == [
        ("CHL 3/2023", "01 Jun 2023")
    ]


@pytest.mark.parametrize(
    ("provenance", "message"),
    [
        ({"kind": "guess"}, "is not one of export, reconstruction, mixed"),
        (
            {"kind": "mixed", "statement": "s", "unknown_columns": [{"dataset": "nowhere", "column": "x"}]},
            "of a known dataset",
        ),
        ({"kind": "mixed", "statement": "s", "unknown_columns": "Tags"}, "must be a list"),
        ({"kind": "mixed", "unknown_columns": []}, "must say what a mixed root is"),
    ],
)
def test_a_manifest_with_a_bad_provenance_is_refused(provenance, message):
    from flows.sources import ManifestError

    doc = {"contract": 1, "snapshot": "s", "published": "2024-01-31", "files": [], "provenance": provenance}
    with pytest.raises(ManifestError, match=message):
        parse_manifest(json.dumps(doc).encode(), "manifest.json")
