"""The reproduction report as a person sees it: headless Chromium, network off, a screenshot."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from support.browser import inspect_page

from flows.report import Reconciled, write_html

pytestmark = pytest.mark.integration

ROWS = [
    {
        "year": 2023,
        "figure_id": "mandates.total",
        "paragraph": 2,
        "kind": "count",
        "published": "60",
        "computed": "60",
        "status": "match",
        "label_en": "Mandates in force",
        "label_zh": "任务总数",
    },
    {
        "year": 2023,
        "figure_id": "communications.sent",
        "paragraph": 8,
        "kind": "count",
        "published": "700",
        "computed": "698",
        "status": "mismatch",
        "label_en": "Communications sent",
        "label_zh": "发送的函件",
    },
]
PROBES = {
    "header_background": "getComputedStyle(document.querySelector('th')).backgroundColor",
    "mismatch_background": "getComputedStyle(document.querySelector('tr.mismatch td')).backgroundColor",
    "headline_border": "getComputedStyle(document.querySelector('.headline')).borderLeftColor",
    "chinese_label_width": "document.querySelector('span[lang=zh]').getBoundingClientRect().width",
    "rows": "document.querySelectorAll('tbody tr').length",
}


def test_the_machine_can_draw_the_chinese_labels():
    # without a CJK font Chromium draws boxes; `make test` installs Debian's fonts-wqy-microhei
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font: apt-get install fonts-wqy-microhei"


def test_the_report_page_renders_styled_and_bilingual_offline(tmp_path):
    (page,) = write_html(Reconciled(2023, "A/HRC/55/69", ROWS), tmp_path / "report")
    seen = inspect_page(page, tmp_path / "report.png", width=1100, height=500, settle=0.2, probes=PROBES)
    assert seen.remote_requests == [] and seen.failed == []
    assert seen.probes["header_background"] == "rgb(36, 59, 83)"
    assert seen.probes["mismatch_background"] == "rgb(253, 232, 232)"
    assert seen.probes["headline_border"] == "rgb(197, 48, 48)"  # red: not every figure matched
    assert seen.probes["chinese_label_width"] > 20  # the Chinese label is laid out, not empty
    assert seen.probes["rows"] == 2
    shutil.copy(seen.screenshot, tmp_path / "report" / "screenshot.png")
    print(f"screenshot: {seen.screenshot}")
