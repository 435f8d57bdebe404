"""The reproduction report's headline and page say what matched and what did not."""

from flows.report import Reconciled, annual_report_symbol, render


def _row(figure_id, status, published="1", computed="1"):
    return {
        "year": 2023,
        "figure_id": figure_id,
        "paragraph": 2,
        "kind": "count",
        "published": published,
        "computed": computed,
        "status": status,
        "label_en": figure_id,
        "label_zh": "标签",
    }


def test_headline_counts_matches_over_checked_figures():
    rec = Reconciled(
        2023, "A/HRC/55/69", [_row("a", "match"), _row("b", "mismatch", "2", "3"), _row("c", "missing", "4", None)]
    )
    assert rec.headline() == "1/3 figures of A/HRC/55/69 reproduced"
    assert [r["figure_id"] for r in rec.problems] == ["b", "c"]


def test_a_year_without_published_values_says_so():
    rec = Reconciled(2021, None, [_row("a", "no reference", None, "5")])
    assert rec.headline() == "1 figures computed for 2021; no published values to compare with"


def test_page_escapes_values_and_marks_mismatches():
    html = render(Reconciled(2023, "A/HRC/55/69", [_row("x<y", "mismatch", "<b>", "2")]))
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<tr class="mismatch">' in html and "不一致" in html


def test_symbol_comes_from_the_reference_table():
    assert annual_report_symbol(2023) == "A/HRC/55/69"
    assert annual_report_symbol(1999) is None
