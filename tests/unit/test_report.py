"""The report's reconciliation summary, number style and links, without a warehouse."""

from datetime import date

import pytest

from flows.report import Reconciled, annual_report_symbol, numbers
from flows.report.pages import slug
from flows.report.section2 import UNTRANSLATED, Facts, Writer


def _row(figure_id, status, published="1", computed="1", kind="count"):
    return {
        "year": 2023,
        "figure_id": figure_id,
        "paragraph": 2,
        "kind": kind,
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


def test_the_summary_lists_problems_first_then_the_rest_in_order():
    rec = Reconciled(2023, "A/HRC/55/69", [_row("a", "match"), _row("b", "mismatch", "2", "3"), _row("c", "match")])
    assert [r["figure_id"] for r in rec.problems_first()] == ["b", "a", "c"]


def test_a_year_without_published_values_says_so():
    rec = Reconciled(2021, None, [_row("a", "no reference", None, "5")])
    assert rec.headline() == "1 figures computed for 2021; no published values to compare with"
    assert not rec.has_published


def test_symbol_comes_from_the_reference_table():
    assert annual_report_symbol(2023) == "A/HRC/55/69"
    assert annual_report_symbol(1999) is None


@pytest.mark.parametrize(
    ("kind", "value", "zh", "en"),
    [
        ("count", "1128", "1,128", "1,128"),
        ("count", "7", "7", "7"),
        ("percent_2dp", "43.15", "43.15%", "43.15 per cent"),
        ("percent_2dp", "9.8", "9.80%", "9.80 per cent"),
        ("percent_0dp", "59", "59%", "59 per cent"),
        ("at_least", "257", "至少 257", "at least 257"),
        ("count", None, "—", "—"),
    ],
)
def test_each_language_writes_a_computed_figure_as_the_report_does(kind, value, zh, en):
    assert numbers.figure(kind, value, "zh") == zh
    assert numbers.figure(kind, value, "en") == en


def test_a_published_at_least_figure_reads_more_than():
    assert numbers.published("at_least", "250", "en") == "more than 250"
    assert numbers.published("at_least", "1500", "zh") == "逾 1,500"
    assert numbers.published("count", "1128", "en") == "1,128"


def test_dates_in_each_language():
    assert numbers.day(date(2023, 12, 31), "en") == "31 December 2023"
    assert numbers.day(date(2023, 12, 31), "zh") == "2023 年 12 月 31 日"


def test_links_to_a_figure_use_the_github_slug_of_its_heading():
    assert slug("`replies.response_rate_pct`") == "repliesresponse_rate_pct"
    assert slug("`countries.never_visited.no_request`") == "countriesnever_visitedno_request"


def _facts(published_year=True):
    return Facts(
        year=2023,
        values={"events.count": ("at_least", "257"), "themes.x.mandates": ("list", "SR a; SR b; SR c")},
        published_year=published_year,
        cutoff_date=date(2023, 12, 31),
        groups=[],
        mandates={
            "SR a": {"title": "Special Rapporteur on A", "title_zh": "甲问题特别报告员"},
            "SR b": {"title": "Special Rapporteur on B", "title_zh": None},
            "SR c": {"title": "Special Rapporteur on C", "title_zh": "丙问题特别报告员"},
        },
        established=[],
        wgeid_areas=[],
    )


def test_a_figure_carries_its_id_and_value_and_links_to_its_row():
    span = Writer(_facts(), "en").fig("events.count")
    assert 'data-figure-id="events.count"' in span and 'data-value="257"' in span
    assert '<a href="#figure-events.count">at least 257</a>' in span
    assert "<a " not in Writer(_facts(published_year=False), "en").fig("events.count")


def test_mandate_lists_use_chinese_titles_and_mark_the_english_ones():
    zh = Writer(_facts(), "zh").mandates("themes.x.mandates")
    assert f"甲问题特别报告员、Special Rapporteur on B{UNTRANSLATED}和丙问题特别报告员" in zh
    en = Writer(_facts(), "en").mandates("themes.x.mandates")
    assert "Special Rapporteur on A, Special Rapporteur on B and Special Rapporteur on C" in en
