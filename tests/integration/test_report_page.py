"""The report and a State page as a person sees them (headless Chromium, network off), and section
II regenerated from the session's warehouse: every figure of the report year, in both languages,
exactly as the warehouse holds it, and changing with it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from flows.report import numbers, reconcile, write_html
from tests.support.browser import inspect_page

pytestmark = pytest.mark.integration

CHARTS = ("communications", "replies", "visits", "holders", "reports")
# each expression returns a number or a JSON string, evaluated in the loaded page
PROBES = {
    "chart_marks": "JSON.stringify(Object.fromEntries([...document.querySelectorAll('figure.chart')].map("
    "f => [f.id, f.querySelectorAll('svg g.role-mark > path, svg g.role-mark > rect').length])))",
    "zh_width": "document.querySelector('.section2 .col[lang=zh]').getBoundingClientRect().width",
    "en_width": "document.querySelector('.section2 .col[lang=en]').getBoundingClientRect().width",
    "zh_text": "document.querySelector('.section2 .col[lang=zh]').innerText.slice(0, 40)",
    "banner_height": "document.querySelector('#provenance').getBoundingClientRect().height",
    "banner_text": "document.querySelector('#provenance').innerText",
    "header_background": "getComputedStyle(document.querySelector('th')).backgroundColor",
}
# the language switch, clicked as a reader would: Chinese alone, then English alone
SWITCH = {
    lang: f"(document.getElementById('lang-{lang}').click(), JSON.stringify(["
    f"getComputedStyle(document.querySelector('.section2 .col[lang={other}]')).display,"
    f"document.querySelector('.section2 .col[lang={lang}]').getBoundingClientRect().width]))"
    for lang, other in (("zh", "en"), ("en", "zh"))
}
STATE_PROBES = {
    "banner_height": "document.querySelector('#provenance').getBoundingClientRect().height",
    "zh_title_width": "document.querySelector('h1 span[lang=zh]').getBoundingClientRect().width",
    "en_title": "document.querySelector('h1 span[lang=en]').innerText",
    "rows": "document.querySelectorAll('tbody tr').length",
}


@pytest.fixture(scope="module")
def pages(snapshot_run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    write_html(reconcile(snapshot_run.database_path, 2023), out, snapshot_run.database_path)
    return out


def test_the_machine_can_draw_the_chinese_labels():
    # without a CJK font Chromium draws boxes; `make test` installs Debian's fonts-wqy-microhei
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-wqy-microhei"


def test_the_report_page_shows_charts_both_languages_and_the_provenance_offline(pages, tmp_path):
    seen = inspect_page(pages / "index.html", tmp_path / "report.png", width=1280, height=3200, probes=PROBES)
    shutil.copy(seen.screenshot, pages / "screenshot-report.png")
    print(f"screenshot: {pages / 'screenshot-report.png'}")
    assert seen.remote_requests == [] and seen.failed == []
    marks = json.loads(seen.probes["chart_marks"])
    assert sorted(marks) == sorted(f"chart-{c}" for c in CHARTS)
    assert all(n > 0 for n in marks.values()), marks
    assert seen.probes["zh_width"] > 200 and seen.probes["en_width"] > 200  # side by side, both laid out
    assert "情况与数字" in seen.probes["zh_text"]
    assert seen.probes["banner_height"] > 40
    assert "reconstruction" in seen.probes["banner_text"].lower() and "重建" in seen.probes["banner_text"]
    assert seen.probes["header_background"] == "rgb(36, 59, 83)"
    switched = inspect_page(pages / "index.html", tmp_path / "switch.png", width=1280, height=600, probes=SWITCH)
    for lang in ("zh", "en"):
        other_display, width = json.loads(switched.probes[lang])
        assert other_display == "none" and width > seen.probes[f"{lang}_width"] * 1.5, lang  # alone, full width


def test_a_state_page_shows_its_profile_in_both_languages_with_the_provenance(pages, tmp_path):
    seen = inspect_page(
        pages / "states" / "HND.html", tmp_path / "state.png", width=1100, height=1200, probes=STATE_PROBES
    )
    shutil.copy(seen.screenshot, pages / "screenshot-state-HND.png")
    assert seen.remote_requests == [] and seen.failed == []
    assert seen.probes["banner_height"] > 40
    assert seen.probes["zh_title_width"] > 20 and seen.probes["en_title"] == "Honduras"
    assert seen.probes["rows"] == 18
    assert 'href="states/HND.html"' in (pages / "index.html").read_text("utf-8")


class _Figures(HTMLParser):
    """figure id -> (data-value, rendered text) of the spans inside each language's column."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.found: dict[str, dict[str, tuple[str, str]]] = {"zh": {}, "en": {}}
        self._open: list[str] = []  # figure ids whose text is being collected
        self._text: dict[str, list[str]] = {}
        self._depth = 0
        self._span_depth: list[int] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and a.get("class") == "col":
            self.lang = a["lang"]
        if tag == "span":
            self._depth += 1
            if "data-figure-id" in a and self.lang:
                fid = a["data-figure-id"]
                self._open.append(fid)
                self._span_depth.append(self._depth)
                self._text[fid] = []
                self.found[self.lang][fid] = (a["data-value"], "")

    def handle_endtag(self, tag):
        if tag == "span":
            if self._span_depth and self._span_depth[-1] == self._depth:
                fid = self._open.pop()
                self._span_depth.pop()
                value, _ = self.found[self.lang][fid]
                self.found[self.lang][fid] = (value, "".join(self._text[fid]))
            self._depth -= 1

    def handle_data(self, data):
        for fid in self._open:
            self._text[fid].append(data)


def _section2(page: Path) -> dict[str, dict[str, tuple[str, str]]]:
    parser = _Figures()
    parser.feed(page.read_text("utf-8"))
    return parser.found


def _warehouse_figures(database: Path) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select f.figure_id, f.kind, f.value from marts.facts_and_figures as f "
            "join marts.reconciliation as r using (year, figure_id) "
            "where f.year = 2023 and r.paragraph between 2 and 30"
        ).fetchall()
    return {f: (k, v) for f, k, v in rows}


def _names(database: Path) -> dict[str, dict[str, str]]:
    """How each language names a mandate (by short name) or a country (by English name), per the warehouse."""
    with duckdb.connect(str(database), read_only=True) as con:
        mandates = con.execute(
            "select m.mandate, m.title, coalesce(t.title_zh, m.title || '*') from staging.stg_mandates as m "
            "left join staging.stg_mandate_titles as t using (mandate)"
        ).fetchall()
        countries = con.execute("select name_en, name_en, name_zh from staging.stg_countries").fetchall()
    rows = mandates + countries
    return {"en": {k: en for k, en, _ in rows}, "zh": {k: zh for k, _, zh in rows}}


def test_section_ii_shows_every_figure_of_the_year_as_the_warehouse_holds_it(pages, snapshot_run):
    expected = _warehouse_figures(snapshot_run.database_path)
    names = _names(snapshot_run.database_path)
    assert len(expected) > 60  # paras 2-30 hold most of the report's figures
    shown = _section2(pages / "index.html")
    for lang in ("zh", "en"):
        assert sorted(shown[lang]) == sorted(expected), lang
        for fid, (kind, value) in expected.items():
            got_value, text = shown[lang][fid]
            assert got_value == value, (lang, fid)
            if kind == "list":  # every item is named in the language, with its count where it has one
                for item in value.split(";"):
                    name, _, count = item.strip().rpartition(":") if ":" in item else (item.strip(), "", "")
                    assert names[lang][name.split(" (")[0]] in text, (lang, fid, item)
                    if count:
                        assert f"({count})" in text, (lang, fid, item)
            else:
                assert text == numbers.figure(kind, value, lang), (lang, fid, text)


def test_section_ii_follows_the_warehouse_when_a_value_changes(pages, snapshot_run, tmp_path):
    copy = tmp_path / "spfacts.duckdb"
    shutil.copy(snapshot_run.database_path, copy)
    with duckdb.connect(str(copy)) as con:
        before = con.execute(
            "select value from marts.facts_and_figures where year = 2023 and figure_id = 'communications.individuals'"
        ).fetchone()[0]
        changed = str(int(before) + 1000)
        con.execute(
            "update marts.facts_and_figures set value = ? where year = 2023 and figure_id = 'communications.individuals'",
            [changed],
        )
    write_html(reconcile(copy, 2023), tmp_path / "report", copy)
    shown = _section2(tmp_path / "report" / "index.html")
    assert shown["en"]["communications.individuals"] == (changed, numbers.number(int(changed), "en"))
    assert shown["zh"]["communications.individuals"] == (changed, numbers.number(int(changed), "zh"))
    original = _section2(pages / "index.html")
    assert original["en"]["communications.individuals"][0] == before != changed


def test_the_summary_shows_at_least_figures_with_both_values(pages, snapshot_run):
    html = (pages / "index.html").read_text("utf-8")
    row = re.search(r'<tr id="figure-events\.count".*?</tr>', html, re.S).group(0)
    computed = _warehouse_figures(snapshot_run.database_path)["events.count"][1]
    assert f"{computed} (published: more than " in row and "✓" in row
    assert f"{computed}（公布值：逾 " in row


def test_spfacts_state_prints_a_profile(snapshot_run, capsys):
    from flows.cli import main

    assert main(["state", "hnd", "--warehouse", str(snapshot_run.database_path.parent.parent)]) == 0
    out = capsys.readouterr().out
    assert "Honduras" in out and "洪都拉斯" in out and "Requests pending at the cutoff" in out
    assert "RECONSTRUCTION" in out
    assert main(["state", "ZZZ", "--warehouse", str(snapshot_run.database_path.parent.parent)]) == 1
    assert "no State or territory 'ZZZ'" in capsys.readouterr().err


def test_run_info_records_the_run_and_its_source(snapshot_run):
    with duckdb.connect(str(snapshot_run.database_path), read_only=True) as con:
        row = con.execute(
            "select run_id, report_year, run_started_at <= run_finished_at, provenance_kind, source_snapshot, "
            "source_published_date::varchar, cutoff_date::varchar, code_version, length(code_hash) from marts.run_info"
        ).fetchall()
    assert row == [
        (
            snapshot_run.run_id,
            2023,
            True,
            "reconstruction",
            "reconstruction-2023",
            "2024-01-31",
            "2023-12-31",
            row[0][7],
            16,
        )
    ]
    assert row[0][7].startswith(("git ", "spfacts "))


def test_a_mismatch_is_listed_first_and_an_export_has_no_banner(snapshot_run, tmp_path):
    copy = tmp_path / "spfacts.duckdb"
    shutil.copy(snapshot_run.database_path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(
            "update marts.reconciliation set status = 'mismatch', computed = '999' "
            "where year = 2023 and figure_id = 'media.products'"
        )
        con.execute("update marts.run_info set provenance_kind = 'export', provenance_statement = ''")
    write_html(reconcile(copy, 2023), tmp_path / "report", copy)
    html = (tmp_path / "report" / "index.html").read_text("utf-8")
    rows = re.findall(r'<tr id="figure-([^"]+)" class="([^"]+)"', html)
    assert rows[0] == ("media.products", "mismatch") and all(c != "mismatch" for _, c in rows[1:])
    assert '<p class="headline problems">77/78 figures of A/HRC/55/69 reproduced</p>' in html
    assert re.search(r'<ul class="problems">\s*<li><a href="#figure-media.products">', html)
    assert 'id="provenance"' not in html  # an export needs no banner
    assert 'id="provenance"' not in (tmp_path / "report" / "states" / "HND.html").read_text("utf-8")
