"""Staging of reports (MARCXML records), their authors and themes."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.staging import assert_balanced, landed, mandates_file, rejects, rows, stage


def record(
    rid=None,
    symbol=None,
    issued="2023-07-10",
    authors=("SR housing",),
    doc_type="Thematic report",
    country=None,
    themes=(),
    subjects=(),
    title="A report",
    extra="",
):
    fields = [f'<controlfield tag="001">{rid}</controlfield>' if rid else ""]
    sub = '<datafield tag="{tag}" ind1=" " ind2="{ind2}">{subs}</datafield>'
    if symbol:
        fields.append(sub.format(tag="191", ind2=" ", subs=f'<subfield code="a">{symbol}</subfield>'))
    fields.append(sub.format(tag="245", ind2="0", subs=f'<subfield code="a">{title}</subfield>'))
    if issued:
        fields.append(sub.format(tag="269", ind2=" ", subs=f'<subfield code="a">{issued}</subfield>'))
    fields += [sub.format(tag="710", ind2=" ", subs=f'<subfield code="a">{a}</subfield>') for a in authors]
    if country:
        fields.append(sub.format(tag="651", ind2="7", subs=f'<subfield code="a">{country}</subfield>'))
    fields += [
        sub.format(tag="650", ind2="7", subs=f'<subfield code="a">{t}</subfield><subfield code="2">sp-theme</subfield>')
        for t in themes
    ]
    # library subject headings: 650 $a without $2 sp-theme are not themes
    fields += [
        sub.format(tag="650", ind2="7", subs=f'<subfield code="a">{t}</subfield><subfield code="2">unbist</subfield>')
        for t in subjects
    ]
    if doc_type:
        fields.append(sub.format(tag="989", ind2=" ", subs=f'<subfield code="a">{doc_type}</subfield>'))
    return "<record>" + "".join(fields) + extra + "</record>"


RECORDS = [
    record("r1", "A/HRC/53/27", themes=("climate", "sdgs"), subjects=("HOUSING",), authors=("SR housing", "SR Iran")),
    record("r2", "A/78/160", issued="2023-07-20", themes=("migration",)),
    record("r3", "A/HRC/53/27/Add.1", doc_type="Thematic report"),  # thematic addendum
    record("r4", "A/HRC/54/67/Corr.1", doc_type="Corrigendum"),
    record("r5", "A/HRC/52/68/Add.2", doc_type="Country visit report", country="CHL"),
    record("r6", "E/CN.4/2023/1", doc_type="Other"),
    record(None, "A/HRC/53/1"),  # 7
    record("r8", None),  # 8
    record("r9", "A/HRC/53/9", issued="10 Jul 2023"),  # 9
    record("r10", "A/HRC/53/10", issued="2022-12-31"),  # 10
    record("r11", "A/HRC/53/11", authors=()),  # 11
    record("r12", "A/HRC/53/12", authors=("SR nobody",)),  # 12
    record("r13", "A/HRC/53/13", authors=("SR housing", "SR housing")),  # 13
    record("r14", "A/HRC/53/14", doc_type="Study"),  # 14
    record("r15", "A/HRC/53/15", doc_type="Country visit report", country="ZZZ"),  # 15
    record("r16", "A/HRC/53/16", themes=("oceans",)),  # 16
    record("r17", "A/HRC/53/17", themes=("sdgs", "sdgs")),  # 17
    record("r18", "A/HRC/53/18", extra='<controlfield tag="001">again</controlfield>'),  # 18
]
XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
    + "\n".join(RECORDS)
    + "\n</collection>\n"
)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    return stage([mandates_file(folder), landed(folder, "reports", "reports-2023.xml", XML, fmt="marcxml")])


def test_reports_typed_with_body_from_symbol(con):
    got = rows(
        con,
        "select report_id, symbol, issued_date, issued_year, body_code, document_type, country_iso3, _row "
        "from staging.stg_reports order by _row",
    )
    assert got == [
        ("r1", "A/HRC/53/27", date(2023, 7, 10), 2023, "hrc", "Thematic report", None, 1),
        ("r2", "A/78/160", date(2023, 7, 20), 2023, "ga", "Thematic report", None, 2),
        ("r3", "A/HRC/53/27/Add.1", date(2023, 7, 10), 2023, "hrc", "Thematic report", None, 3),
        ("r4", "A/HRC/54/67/Corr.1", date(2023, 7, 10), 2023, "hrc", "Corrigendum", None, 4),
        ("r5", "A/HRC/52/68/Add.2", date(2023, 7, 10), 2023, "hrc", "Country visit report", "CHL", 5),
        ("r6", "E/CN.4/2023/1", date(2023, 7, 10), 2023, "other", "Other", None, 6),
    ]
    assert rows(con, "select title from staging.stg_reports where report_id = 'r1'") == [("A report",)]
    assert_balanced(con, "raw_reports", "stg_reports", "reports")


def test_report_rejects(con):
    assert {row: reason for row, (_, reason, _) in rejects(con, "reports").items()} == {
        7: "the record does not have exactly one 001",
        8: "the record does not have exactly one 191 $a",
        9: "the record does not have one 269 $a date YYYY-MM-DD",
        10: "269 $a is not in the year of its file",
        11: "the record has no 710 $a author",
        12: "710 $a names a mandate not in mandates.csv",
        13: "710 $a names a mandate twice",
        14: "the record does not have one known 989 $a document type",
        15: "651 $a is not in the country reference",
        16: "a 650 $a sp-theme is not a known theme code",
        17: "a theme is given twice",
        18: "the record does not have exactly one 001",
    }
    assert rejects(con, "reports")[12] == ("710 $a", "710 $a names a mandate not in mandates.csv", "SR nobody")


def test_authors_and_themes_of_valid_reports_only(con):
    assert rows(con, "select * from staging.stg_report_authors order by all") == [
        ("r1", "SR Iran"),
        ("r1", "SR housing"),
        ("r2", "SR housing"),
        ("r3", "SR housing"),
        ("r4", "SR housing"),
        ("r5", "SR housing"),
        ("r6", "SR housing"),
    ]
    assert rows(con, "select * from staging.stg_report_themes order by all") == [
        ("r1", "climate"),
        ("r1", "sdgs"),
        ("r2", "migration"),
    ]


def test_an_empty_record_is_rejected_not_lost(tmp_path):
    xml = '<collection xmlns="http://www.loc.gov/MARC21/slim">' + record("a1", "A/HRC/53/1") + "<record/></collection>"
    con = stage([mandates_file(tmp_path), landed(tmp_path, "reports", "r.xml", xml, fmt="marcxml", rows=2)])
    assert rows(con, "select report_id from staging.stg_reports") == [("a1",)]
    assert rejects(con, "reports") == {2: ("001", "the record does not have exactly one 001", None)}
