"""Fetched bytes are refused unless they are exactly the file the manifest describes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from flows.sources import ManifestEntry, SourceFileError, SourceRoot, verify
from tests.support.roots import COMMUNICATIONS_CSV, REPORTS_XML, RootFile, tiny_files, write_root


def _entry(content: bytes, fmt: str, rows: int, path: str = "d/f") -> ManifestEntry:
    return ManifestEntry(
        dataset="events",
        year=2023,
        part=1,
        path=path,
        format=fmt,
        rows=rows,
        bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _refusal(content: bytes, fmt: str, rows: int, path: str = "d/f") -> SourceFileError:
    with pytest.raises(SourceFileError) as err:
        verify(_entry(content, fmt, rows, path), content)
    assert err.value.path == path
    assert str(err.value).startswith(f"{path}: ")
    return err.value


def test_tiny_root_files_verify_over_folder(tiny_root: Path) -> None:
    with SourceRoot.open(tiny_root) as root:
        for entry in root.manifest().files:
            assert root.fetch(entry) == (tiny_root / entry.path).read_bytes()


@pytest.mark.parametrize(
    ("patch", "needle"),
    [
        ({"sha256": "0" * 64}, "sha256"),
        ({"bytes": len(COMMUNICATIONS_CSV) - 1}, "more than the"),
        ({"bytes": len(COMMUNICATIONS_CSV) + 1}, "bytes, manifest says"),
        ({"rows": 3}, "2 csv records, manifest says 3"),
    ],
)
def test_mismatch_refused_naming_file(tmp_path: Path, patch, needle) -> None:
    folder = tmp_path / "root"
    write_root(folder, tiny_files(), overrides={0: patch})
    with SourceRoot.open(folder) as root:
        entry = root.manifest().files[0]
        with pytest.raises(SourceFileError) as err:
            root.fetch(entry)
    assert err.value.path == "communications/communications-2023-001.csv"
    assert "communications/communications-2023-001.csv" in str(err.value)
    assert needle in str(err.value)


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    folder = tmp_path / "root"
    write_root(folder, tiny_files())
    (folder / "media/media-2023.jsonl").unlink()
    with SourceRoot.open(folder) as root:
        with pytest.raises(SourceFileError, match="listed in the manifest but missing"):
            root.fetch(root.manifest().files[2])


def test_csv_rows_count_records_not_lines() -> None:
    # 2 records over 4 physical lines; BOM ignored; a blank line is not a record.
    verify(_entry(COMMUNICATIONS_CSV, "csv", 2), COMMUNICATIONS_CSV)
    verify(_entry(COMMUNICATIONS_CSV + b"\r\n", "csv", 2), COMMUNICATIONS_CSV + b"\r\n")
    assert "csv records, manifest says 4" in str(_refusal(COMMUNICATIONS_CSV, "csv", 4))


def test_invalid_utf8_names_line_and_column() -> None:
    content = b"a,b\n1,ok\n2,caf\xe9\n"  # latin-1 e-acute on line 3, byte column 6
    err = _refusal(content, "csv", 2, "communications/x.csv")
    assert (err.line, err.column) == (3, 6)
    assert "not UTF-8" in str(err) and "0xe9" in str(err)
    assert "line 3, column 6" in str(err)


def test_csv_broken_quoting_names_row_line_and_column() -> None:
    content = (
        b"id,Summary,Mandates\n"
        b'1,"fine\nacross lines",x\n'
        b'2,"bad" quote,y\n'  # record 2, line 4: text after a closing quote
        b"3,z,w\n"
    )
    err = _refusal(content, "csv", 3, "communications/q.csv")
    assert (err.row, err.line, err.column, err.column_name) == (2, 4, 2, "Summary")
    assert "row 2, line 4, column 2 'Summary'" in str(err)


def test_csv_unclosed_quote_blames_where_it_opened() -> None:
    content = b'id,Summary,Mandates\n1,a,b\n2,c,"never closed\n3,d,e\n'
    err = _refusal(content, "csv", 3)
    assert (err.row, err.line, err.column, err.column_name) == (2, 3, 3, "Mandates")
    assert "broken CSV" in str(err)


def test_csv_without_header_or_with_duplicate_columns() -> None:
    assert "no header" in str(_refusal(b"", "csv", 0))
    assert "duplicate column" in str(_refusal(b"a,b,a\n1,2,3\n", "csv", 1))


def test_jsonl_counts_non_empty_lines_only() -> None:
    content = '{"a": "x\u2028y"}\n\n  \n{"a": 2}'.encode()  # no final newline, U+2028 in a string
    verify(_entry(content, "jsonl", 2), content)
    assert "manifest says 3" in str(_refusal(content, "jsonl", 3))


def test_json_counts_array_elements_and_refuses_others() -> None:
    verify(_entry(b"[1, {}, []]", "json", 3), b"[1, {}, []]")
    assert "must be a JSON array" in str(_refusal(b'{"a": 1}', "json", 1))
    err = _refusal(b"[1,\n 2,,]", "json", 2)
    assert (err.line, err.column) == (2, 4) and "not JSON" in str(err)


def test_marcxml_counts_records_by_namespace_not_prefix() -> None:
    verify(_entry(REPORTS_XML, "marcxml", 2), REPORTS_XML)
    default_ns = REPORTS_XML.replace(b"marc:", b"").replace(b"xmlns:marc", b"xmlns")
    verify(_entry(default_ns, "marcxml", 2), default_ns)
    other_prefix = REPORTS_XML.replace(b"marc:", b"m21:").replace(b"xmlns:marc", b"xmlns:m21")
    verify(_entry(other_prefix, "marcxml", 2), other_prefix)


def test_marcxml_records_outside_the_namespace_are_a_defect() -> None:
    wrong = REPORTS_XML.replace(b"http://www.loc.gov/MARC21/slim", b"urn:other")
    assert "none in namespace" in str(_refusal(wrong, "marcxml", 2))


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?>\n<!DOCTYPE collection [<!ENTITY x "boom">]>\n'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record>&x;</record></collection>',
        b'<?xml version="1.0"?>\n<!DOCTYPE collection SYSTEM "http://evil.example/x.dtd">\n'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record/></collection>',
        b'<?xml version="1.0"?>\n<!DOCTYPE collection>\n'
        b'<collection xmlns="http://www.loc.gov/MARC21/slim"><record/></collection>',
    ],
)
def test_marcxml_doctype_and_entities_are_refused(xml: bytes) -> None:
    err = _refusal(xml, "marcxml", 1, "reports/r.xml")
    assert "unsafe XML refused" in str(err)


def test_marcxml_malformed_and_non_utf8_declaration() -> None:
    err = _refusal(b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n<record></recrd>', "marcxml", 1)
    assert "malformed XML" in str(err) and err.line == 2
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?><collection/>'
    assert "must be UTF-8" in str(_refusal(latin, "marcxml", 0))


def test_hand_built_entry_with_unsafe_path_is_not_fetched(tiny_root: Path) -> None:
    entry = _entry(b"x", "jsonl", 1, path="../root/manifest.json")
    with SourceRoot.open(tiny_root) as root:
        with pytest.raises(SourceFileError, match="unsafe path refused"):
            root.fetch(entry)


def test_parts_and_null_year(tmp_path: Path) -> None:
    csv = b"Mandate,Title\nA,x\n"
    files = [
        RootFile("m/mandates.csv", csv, "mandates", "csv", 1),
        RootFile("c/c-1.csv", csv, "communications", "csv", 1, 2023, 1),
        RootFile("c/c-2.csv", csv, "communications", "csv", 1, 2023, 2),
    ]
    write_root(tmp_path / "r", files)
    with SourceRoot.open(f"file://{tmp_path / 'r'}") as root:
        manifest = root.manifest()
        assert [(e.year, e.part) for e in manifest.files] == [(None, 1), (2023, 1), (2023, 2)]
        assert all(root.fetch(e) == csv for e in manifest.files)
