"""Write the report pages from templates/: report/index.html and report/states/<ISO3>.html.

The index holds the run's context (marts.run_info) with a provenance banner unless the source is
an export, the reconciliation with mismatches first, section II regenerated in Chinese and
English, five charts, and links to the State pages, the Data Docs and the figure definitions.

Links (docs/report.md#links): the Data Docs index and docs/figures.md are linked by a path relative
to the page (os.path.relpath), so they resolve wherever the warehouse folder is, as long as the
checkout and the warehouse stay where the run found them; a figure's definition is the section
`### <figure id>` of docs/figures.md, reached by its GitHub slug.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from flows import run_info
from flows.report import charts, numbers, section2, states
from flows.report.reconcile import Reconciled
from flows.settings import PROJECT_DIR

TEMPLATES = Path(__file__).with_name("templates")
FIGURES_DOC = PROJECT_DIR / "docs" / "figures.md"
STATUS_ZH = {
    "match": "一致",
    "mismatch": "不一致",
    "missing": "未计算",
    "no reference": "无参考值",
    "not computable": "无法计算",
}
MARKS = {"match": "✓", "mismatch": "✗", "missing": "✗"}


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        slug=slug,
        published=numbers.published,
        mark=lambda status: MARKS.get(status, ""),
        status_zh=STATUS_ZH,
        show=states.show,
        stamp=lambda t: t.strftime("%Y-%m-%d %H:%M:%S") if t else "—",
    )
    return env


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lowercase, punctuation but '-' and '_' dropped, spaces -> '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _relative(target: Path, page_dir: Path) -> str:
    return Path(os.path.relpath(target, page_dir)).as_posix()


def write_html(rec: Reconciled, out_dir: Path, database_path: Path, docs_index: Path | None = None) -> list[Path]:
    """Write the report and one page per State; return the index first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = environment()
    info = run_info.read(database_path)
    docs_index = docs_index or database_path.parent / "quality" / "index.html"
    with duckdb.connect(str(database_path), read_only=True) as con:
        facts = section2.load(con, rec.year)
        made = charts.all_charts(con, rec.year)
        listed = states.all_states(con, rec.year)
        profiles = {s["iso3"]: states.profile(con, s["iso3"]) for s in listed}
    text = {
        lang: env.get_template(f"section2_{lang}.html.j2").render(
            w=section2.Writer(facts, lang), year=rec.year, cutoff=facts.cutoff_date
        )
        for lang in numbers.LANGUAGES
    }
    page = out_dir / "index.html"
    page.write_text(
        env.get_template("index.html.j2").render(
            title=f"spfacts · {rec.symbol or rec.year}",
            rec=rec,
            symbol_text=f"Reproduction of {rec.symbol or '—'} from the source records by spfacts",
            run=info,
            links={
                "data_docs": _relative(docs_index, out_dir),
                "figures_doc": _relative(FIGURES_DOC, out_dir),
            },
            section2_zh=section2.Markup(text["zh"]),
            section2_en=section2.Markup(text["en"]),
            charts=made,
            states=listed,
        ),
        encoding="utf-8",
    )
    state_dir = out_dir / "states"
    state_dir.mkdir(exist_ok=True)
    template = env.get_template("state.html.j2")
    written = [page]
    for iso3, rows in profiles.items():
        rows = [r for r in rows if r["year"] <= rec.year]
        path = state_dir / f"{iso3}.html"
        path.write_text(
            template.render(
                title=f"spfacts · {iso3}", rows=rows, last=rows[-1], year=rec.year, run=info, fields=states.FIELDS
            ),
            encoding="utf-8",
        )
        written.append(path)
    return written
