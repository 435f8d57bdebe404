"""load_raw: landed files into raw tables as text, with lineage; broken files stop with LoadError."""

from __future__ import annotations

import pytest

from flows.load import LoadError, load_raw, required_columns
from flows.sources.models import DATASETS
from tests.support.staging import connect, csv_text, landed, rows

REPLIES = ["Reply gId", "Ref. no.", "Date", "From", "Substantive"]


def test_csv_with_bom_other_column_order_extra_column_and_parts(tmp_path):
    part1 = "\ufeff" + csv_text(REPLIES, [["1", "FRA 1/2023", "05 Jan 2023", "France", "Yes"]])
    reordered = ["Substantive", "Source note", "From", "Date", "Ref. no.", "Reply gId"]
    part2 = csv_text(
        reordered,
        [
            ["No", "scanned", "Chile", "06 Jan 2023", "CHL 2/2023", "2"],
            ["Yes", "", "Peru", "07 Jan 2023", "PER 1/2023", "3"],
        ],
    )
    con = connect()
    counts = load_raw(
        con,
        [
            landed(tmp_path, "replies", "replies-2023-002.csv", part2, part=2),
            landed(tmp_path, "replies", "replies-2023-001.csv", part1),
        ],
        "run-1",
    )
    assert counts["raw_replies"] == 3
    assert set(counts) == {"raw_" + d.replace("-", "_") for d in DATASETS}
    got = rows(
        con,
        'select "Reply gId", "Ref. no.", "From", "Source note", _source_file, _row, _year, _run_id '
        "from raw.raw_replies order by _source_file, _row",
    )
    assert got == [
        ("1", "FRA 1/2023", "France", None, "replies/replies-2023-001.csv", 1, 2023, "run-1"),
        ("2", "CHL 2/2023", "Chile", "scanned", "replies/replies-2023-002.csv", 1, 2023, "run-1"),
        ("3", "PER 1/2023", "Peru", None, "replies/replies-2023-002.csv", 2, 2023, "run-1"),  # empty cell -> null
    ]
    types = {name: kind for name, kind, *_ in rows(con, "describe raw.raw_replies")}
    assert types["Reply gId"] == "VARCHAR" and types["_row"] == "BIGINT" and types["_year"] == "INTEGER"
    manifest = rows(con, "select dataset, year, part, path, format, rows, run_id from raw.raw_manifest order by part")
    assert manifest == [
        ("replies", 2023, 1, "replies/replies-2023-001.csv", "csv", 1, "run-1"),
        ("replies", 2023, 2, "replies/replies-2023-002.csv", "csv", 2, "run-1"),
    ]


def test_multiline_quoted_cells_keep_file_order_row_numbers(tmp_path):
    header = ["Case id", "Clarified", "Basis", "Note"]
    data = [
        [str(n), "05 Jan 2023", "Sources", f'line one\nline two of {n}, "quoted"' if n % 3 == 0 else f"short {n}"]
        for n in range(1, 3001)
    ]
    con = connect()
    load_raw(con, [landed(tmp_path, "wgeid-clarifications", "c.csv", csv_text(header, data), rows=3000)], "r")
    got = rows(con, 'select _row, "Case id", "Note" from raw.raw_wgeid_clarifications order by _row')
    assert [(r, int(g)) for r, g, _ in got] == [(n, n) for n in range(1, 3001)]
    assert got[2][2] == 'line one\nline two of 3, "quoted"'


def test_missing_column_stops_the_run_naming_file_and_column(tmp_path):
    content = csv_text(["Reply gId", "Ref. no.", "Date", "From"], [["1", "FRA 1/2023", "05 Jan 2023", "France"]])
    with pytest.raises(LoadError, match=r"replies/replies-2023\.csv.*'Substantive'"):
        load_raw(connect(), [landed(tmp_path, "replies", "replies-2023.csv", content)], "r")


def test_row_count_other_than_the_manifest_stops_the_run(tmp_path):
    content = csv_text(REPLIES, [["1", "FRA 1/2023", "05 Jan 2023", "France", "Yes"]])
    with pytest.raises(LoadError, match=r"replies/r\.csv: 1 rows loaded but the manifest says 2"):
        load_raw(connect(), [landed(tmp_path, "replies", "r.csv", content, rows=2)], "r")


@pytest.mark.parametrize(
    "body, line",
    [
        ("1,FRA 1/2023,05 Jan 2023,France,Yes,surplus\n", 3),  # a record with too many cells
        ('1,"FRA 1/2023,05 Jan 2023,France,Yes\n', 3),  # a quote never closed
        ("1,FRA 1/2023,05 Jan 2023\n", 3),  # too few cells: no null padding
    ],
)
def test_malformed_csv_stops_naming_file_and_line(tmp_path, body, line):
    content = csv_text(REPLIES, [["9", "FRA 9/2023", "05 Jan 2023", "France", "No"]]) + body
    with pytest.raises(LoadError, match=rf"replies/bad\.csv: line {line}: cannot be read as CSV"):
        load_raw(connect(), [landed(tmp_path, "replies", "bad.csv", content, rows=2)], "r")


def test_bytes_that_are_not_utf8_stop_the_run(tmp_path):
    content = csv_text(REPLIES, []).encode() + b"1,FRA 1/2023,05 Jan 2023,Fran\xe7e,Yes\n"
    with pytest.raises(LoadError, match=r"replies/latin1\.csv: line 2"):
        load_raw(connect(), [landed(tmp_path, "replies", "latin1.csv", content, rows=1)], "r")


def test_duplicate_header_column_stops_the_run(tmp_path):
    content = csv_text([*REPLIES, "Date"], [["1", "FRA 1/2023", "05 Jan 2023", "France", "Yes", "x"]])
    with pytest.raises(LoadError, match=r"replies/dup\.csv: column 'Date' appears twice"):
        load_raw(connect(), [landed(tmp_path, "replies", "dup.csv", content)], "r")


MEDIA_LINE = (
    '{"id": "pr-1", "date": "2023-01-05", "type": "press release", "title": "T", '
    '"mandates": ["SR housing", "SR Iran"], "url": "https://x/1", "views": 12}'
)


def test_jsonl_values_as_text_lists_as_json_and_line_numbers(tmp_path):
    second = '{"id": "pr-2", "date": null, "type": "media advisory", "title": "U", "mandates": [], "url": "u"}'
    content = MEDIA_LINE + "\n\n" + second + "\n"
    con = connect()
    assert load_raw(con, [landed(tmp_path, "media", "media-2023.jsonl", content, fmt="jsonl")], "r")["raw_media"] == 2
    got = rows(con, "select id, date, mandates, views, _row from raw.raw_media order by _row")
    assert got == [
        ("pr-1", "2023-01-05", '["SR housing", "SR Iran"]', "12", 1),
        ("pr-2", None, "[]", None, 3),
    ]  # line 2 is blank: not a record


def test_jsonl_line_separator_inside_a_string_is_not_a_line_end(tmp_path):
    content = MEDIA_LINE.replace('"T"', '"one\u2028two"') + "\n"  # U+2028 unescaped, legal in JSON
    con = connect()
    assert load_raw(con, [landed(tmp_path, "media", "m.jsonl", content, fmt="jsonl", rows=1)], "r")["raw_media"] == 1
    assert rows(con, "select title from raw.raw_media") == [("one\u2028two",)]


def test_jsonl_line_that_is_not_json_stops_naming_the_line(tmp_path):
    content = MEDIA_LINE + "\n{not json\n"
    with pytest.raises(LoadError, match=r"media/m\.jsonl: line 2: not valid JSON"):
        load_raw(connect(), [landed(tmp_path, "media", "m.jsonl", content, fmt="jsonl", rows=2)], "r")


def test_json_array_elements_numbered(tmp_path):
    events = [
        {
            "id": "e1",
            "name": "Forum",
            "series": None,
            "type": "forum",
            "start": "2023-11-27",
            "end": "2023-11-29",
            "place": "Geneva",
            "participants_in_person": 483,
            "participants_online": None,
            "countries": 144,
            "sessions": 39,
            "panellists": 219,
        },
        {
            "id": "e2",
            "name": "Seminar",
            "series": None,
            "type": "seminar",
            "start": "2023-03-01",
            "end": "2023-03-01",
            "place": "Online",
            "participants_in_person": None,
            "participants_online": 30,
            "countries": None,
            "sessions": 2,
            "panellists": 5,
        },
    ]
    import json

    con = connect()
    load_raw(con, [landed(tmp_path, "events", "events-2023.json", json.dumps(events, indent=1), fmt="json")], "r")
    got = rows(con, "select id, participants_in_person, countries, series, _row from raw.raw_events order by _row")
    assert got == [("e1", "483", "144", None, 1), ("e2", None, None, None, 2)]


def test_json_missing_key_in_every_record_is_a_missing_column(tmp_path):
    content = '{"id": "pr-1", "date": "2023-01-05", "type": "press release", "title": "T", "mandates": []}\n'
    with pytest.raises(LoadError, match=r"media/m\.jsonl: required column 'url' is missing"):
        load_raw(connect(), [landed(tmp_path, "media", "m.jsonl", content, fmt="jsonl")], "r")


MARC = """<?xml version="1.0" encoding="UTF-8"?>
<{p}collection xmlns{colon}{pn}="http://www.loc.gov/MARC21/slim">
 <{p}record>
  <{p}leader>00000nam a2200000 a 4500</{p}leader>
  <{p}controlfield tag="001">4012345</{p}controlfield>
  <{p}datafield tag="191" ind1=" " ind2=" "><{p}subfield code="a">A/78/160</{p}subfield></{p}datafield>
  <{p}datafield tag="650" ind1=" " ind2="7"><{p}subfield code="a">climate</{p}subfield><{p}subfield code="2">sp-theme</{p}subfield></{p}datafield>
 </{p}record>
 <{p}record><{p}controlfield tag="001">4012346</{p}controlfield></{p}record>
</{p}collection>
"""


@pytest.mark.parametrize("prefix", ["", "marc", "m21"])
def test_marcxml_is_read_by_namespace_whatever_the_prefix(tmp_path, prefix):
    xml = MARC.format(p=f"{prefix}:" if prefix else "", colon=":" if prefix else "", pn=prefix)
    con = connect()
    counts = load_raw(con, [landed(tmp_path, "reports", "reports-2023.xml", xml, fmt="marcxml", rows=2)], "r")
    assert counts["raw_reports"] == 2
    got = rows(
        con,
        "select _row, field_seq, tag, ind1, ind2, code, value from raw.raw_reports "
        "where tag <> 'LDR' order by _row, field_seq, code",
    )
    assert got == [
        (1, 2, "001", None, None, None, "4012345"),
        (1, 3, "191", " ", " ", "a", "A/78/160"),
        (1, 4, "650", " ", "7", "2", "sp-theme"),
        (1, 4, "650", " ", "7", "a", "climate"),
        (2, 1, "001", None, None, None, "4012346"),
    ]


def test_marcxml_in_another_namespace_has_no_records(tmp_path):
    xml = MARC.format(p="", colon="", pn="").replace("http://www.loc.gov/MARC21/slim", "urn:other")
    with pytest.raises(LoadError, match=r"reports/r\.xml: 0 rows loaded but the manifest says 2"):
        load_raw(connect(), [landed(tmp_path, "reports", "r.xml", xml, fmt="marcxml", rows=2)], "r")


def test_marcxml_with_entities_is_refused(tmp_path):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY e "boom">]>'
        '<collection xmlns="http://www.loc.gov/MARC21/slim"><record>&e;</record></collection>'
    )
    with pytest.raises(LoadError, match=r"reports/evil\.xml: unsafe XML refused"):
        load_raw(connect(), [landed(tmp_path, "reports", "evil.xml", xml, fmt="marcxml", rows=1)], "r")


def test_datasets_without_files_get_empty_tables_with_their_columns(tmp_path):
    con = connect()
    counts = load_raw(con, [], "r")
    assert set(counts.values()) == {0}
    columns = [name for name, *_ in rows(con, "describe raw.raw_communications")]
    assert columns == [*required_columns()["communications"], "_source_file", "_row", "_year", "_run_id"]
    assert rows(con, "select count(*) from raw.raw_manifest") == [(0,)]


def test_every_raw_table_and_column_is_described(tmp_path):
    import duckdb

    from flows.load import load_raw

    con = duckdb.connect()
    load_raw(con, [], "run-1")
    undescribed = con.execute(
        "select table_name, column_name from duckdb_columns() "
        "where schema_name = 'raw' and (comment is null or comment = '')"
    ).fetchall()
    assert undescribed == []
    tables = con.execute("select count(*), count(comment) from duckdb_tables() where schema_name = 'raw'").fetchone()
    assert tables[0] == tables[1] == 18  # 16 datasets, raw_manifest, raw_unknown_columns
