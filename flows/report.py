"""The reproduction report: which figures of the annual report the pipeline reproduced.

Reads `marts.reconciliation` of a published warehouse and writes one self-contained bilingual
HTML page (Chinese and English labels side by side, as the report is read in both), with no
external asset, so it renders the same offline.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.settings import REFERENCE_DIR


@dataclass(frozen=True)
class Reconciled:
    year: int
    symbol: str | None  # the annual report's symbol, when the year has one
    rows: list[dict]  # marts.reconciliation rows of the year, by paragraph

    @property
    def checked(self) -> list[dict]:
        return [r for r in self.rows if r["status"] in ("match", "mismatch", "missing")]

    @property
    def matched(self) -> int:
        return sum(r["status"] == "match" for r in self.rows)

    @property
    def problems(self) -> list[dict]:
        return [r for r in self.rows if r["status"] in ("mismatch", "missing")]

    def headline(self) -> str:
        if not self.checked:
            return f"{len(self.rows)} figures computed for {self.year}; no published values to compare with"
        return f"{self.matched}/{len(self.checked)} figures of {self.symbol or self.year} reproduced"


def annual_report_symbol(year: int) -> str | None:
    with open(REFERENCE_DIR / "annual_reports.csv", encoding="utf-8", newline="") as f:
        return next((r["symbol"] for r in csv.DictReader(f) if int(r["year"]) == year), None)


def reconcile(database_path: Path, year: int) -> Reconciled:
    with duckdb.connect(str(database_path), read_only=True) as con:
        cur = con.execute(
            "select * from marts.reconciliation where year = ? order by paragraph nulls last, figure_id", [year]
        )
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, values, strict=False)) for values in cur.fetchall()]
    return Reconciled(year, annual_report_symbol(year), rows)


def write_html(reconciled: Reconciled, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "index.html"
    page.write_text(render(reconciled), encoding="utf-8")
    return [page]


def render(rec: Reconciled) -> str:
    e = html.escape
    body = "\n".join(
        f'<tr class="{e(r["status"].replace(" ", "-"))}"><td>{e(str(r["paragraph"] or ""))}</td>'
        f'<td><span lang="zh">{e(r["label_zh"] or "")}</span><br>'
        f'<span lang="en">{e(r["label_en"] or r["figure_id"])}</span>'
        f"<br><code>{e(r['figure_id'])}</code></td>"
        f"<td>{e(r['published'] or '')}</td><td>{e(r['computed'] or '')}</td>"
        f"<td>{e(_STATUS_ZH.get(r['status'], ''))}<br>{e(r['status'])}</td></tr>"
        for r in rec.rows
    )
    title = f"spfacts · {rec.symbol or rec.year}"
    state = "problems" if rec.problems else "ok"
    return _PAGE.format(
        title=e(title), headline=e(rec.headline()), state=state, year=rec.year, symbol=e(rec.symbol or "—"), rows=body
    )


_STATUS_ZH = {"match": "一致", "mismatch": "不一致", "missing": "未计算", "no reference": "无参考值"}

_PAGE = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
 body {{ font-family: "Noto Sans CJK SC", "Noto Sans", system-ui, sans-serif; margin: 2rem auto;
        max-width: 72rem; color: #1f2933; line-height: 1.45; padding: 0 1rem; }}
 h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }} p.sub {{ color: #52606d; margin-top: 0; }}
 .headline {{ font-size: 1.2rem; padding: .6rem 1rem; background: #e6f4ea; border-left: 6px solid #2f855a; }}
 .headline.problems {{ background: #fde8e8; border-left-color: #c53030; }}
 table {{ border-collapse: collapse; width: 100%; margin-top: 1rem; font-size: .92rem; }}
 th, td {{ border-bottom: 1px solid #d9e2ec; padding: .45rem .6rem; text-align: left; vertical-align: top; }}
 th {{ background: #243b53; color: #fff; position: sticky; top: 0; }}
 td:nth-child(3), td:nth-child(4) {{ font-variant-numeric: tabular-nums; max-width: 22rem; }}
 code {{ color: #627d98; font-size: .8rem; }}
 tr.mismatch td, tr.missing td {{ background: #fde8e8; }}
 tr.match td:last-child {{ color: #2f855a; font-weight: 600; }}
 tr.mismatch td:last-child, tr.missing td:last-child {{ color: #c53030; font-weight: 600; }}
</style></head>
<body>
<h1>特别程序情况与数字 · Special procedures facts and figures, {year}</h1>
<p class="sub">Reproduction of {symbol} from the source records by spfacts</p>
<p class="headline {state}">{headline}</p>
<table>
<thead><tr>
<th>段 · Para.</th><th>数字 · Figure</th><th>公布值 · Published</th><th>计算值 · Computed</th><th>状态 · Status</th>
</tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""
