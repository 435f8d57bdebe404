"""Section II of the annual report ("Facts and figures"), regenerated from the warehouse.

Every figure comes from `marts.facts_and_figures` of the year, every name from staging (country
names from stg_countries, regional groups from stg_regional_groups, mandate titles from stg_mandates
and stg_mandate_titles); the templates `templates/section2_<lang>.html.j2` hold only words and fixed
references. Each figure is written by `fig(figure_id)`: an element carrying the figure id and the
warehouse value (`data-figure-id`, `data-value`), the figure in the language's style
(flows/report/numbers.py), and, when the year has published figures, a link to its reconciliation
row on the same page (`#figure-<id>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
from markupsafe import Markup, escape

from flows.report import numbers

# a name with no Chinese form in the reference data is written in English and marked with this
UNTRANSLATED = "*"


@dataclass
class Facts:
    year: int
    values: dict[str, tuple[str, str | None]]  # figure_id -> (kind, value)
    published_year: bool  # the year has published figures: link each figure to its reconciliation row
    cutoff_date: Any
    groups: list[dict]  # stg_regional_groups rows
    mandates: dict[str, dict]  # mandate short name -> title (en), title_zh
    established: list[dict]  # mandates established in the year
    wgeid_areas: list[dict]  # non-State WGEID cases by country and area


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def load(con: duckdb.DuckDBPyConnection, year: int) -> Facts:
    values = {
        r["figure_id"]: (r["kind"], r["value"])
        for r in _rows(con, "select figure_id, kind, value from marts.facts_and_figures where year = ?", [year])
    }
    published_year = bool(
        con.execute(
            "select count(*) from marts.reconciliation where year = ? and published is not null", [year]
        ).fetchone()[0]
    )
    cutoff = con.execute("select cutoff_date from marts.mart_report_years where year = ?", [year]).fetchone()
    mandates = {
        r["mandate"]: r
        for r in _rows(
            con,
            """select m.mandate, m.title, t.title_zh, m.resolution, m.established_date
               from staging.stg_mandates as m left join staging.stg_mandate_titles as t using (mandate)""",
        )
    }
    established = _rows(
        con,
        """select m.mandate from marts.mart_mandates_by_year as m
           where m.year = ? and m.is_established_in_year order by m.established_date, m.mandate""",
        [year],
    )
    areas = _rows(
        con,
        """select w.iso3, c.name_en, c.name_zh, w.area, sum(w.non_state_count)::bigint as n
           from marts.mart_wgeid_cases_by_country as w
           left join staging.stg_countries as c using (iso3)
           where w.year = ? and w.non_state_count > 0 group by all order by c.name_en, w.area""",
        [year],
    )
    groups = _rows(con, "select group_code, regional_group, name_zh from staging.stg_regional_groups order by 1")
    return Facts(
        year,
        values,
        published_year,
        cutoff[0] if cutoff else None,
        groups,
        mandates,
        [mandates[r["mandate"]] for r in established if r["mandate"] in mandates],
        areas,
    )


class Writer:
    """What the templates call, for one language."""

    def __init__(self, facts: Facts, lang: str) -> None:
        self.facts = facts
        self.lang = lang

    def _span(self, figure_id: str, text: str | Markup) -> Markup:
        kind, value = self.facts.values.get(figure_id, ("count", None))
        inner = escape(text)
        if self.facts.published_year:
            inner = Markup('<a href="#figure-{}">{}</a>').format(figure_id, inner)
        return Markup('<span class="figure" data-figure-id="{}" data-kind="{}" data-value="{}">{}</span>').format(
            figure_id, kind, value if value is not None else "", inner
        )

    def fig(self, figure_id: str) -> Markup:
        kind, value = self.facts.values.get(figure_id, ("count", None))
        return self._span(figure_id, numbers.figure(kind, value, self.lang))

    def value(self, figure_id: str) -> float | None:
        """The figure as a number, for the templates' wording choices (e.g. more women than men)."""
        _, value = self.facts.values.get(figure_id, ("count", None))
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    def join(self, items: list[str | Markup]) -> Markup:
        items = [escape(i) for i in items]
        if len(items) <= 1:
            return Markup("").join(items)
        if self.lang == "zh":
            return Markup("、").join(items[:-1]) + Markup("和") + items[-1]
        return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]

    def mandate(self, short_name: str) -> str:
        row = self.facts.mandates.get(short_name)
        if row is None:
            return short_name
        if self.lang == "zh":
            return row["title_zh"] or f"{row['title']}{UNTRANSLATED}"
        return row["title"]

    def mandates(self, figure_id: str) -> Markup:
        """A list figure of mandate short names, written as their titles."""
        _, value = self.facts.values.get(figure_id, ("list", None))
        items = [i.strip() for i in (value or "").split(";") if i.strip()]
        return self._span(figure_id, self.join([self.mandate(i) for i in items]) if items else "—")

    def country(self, row: dict) -> str:
        if self.lang == "zh":
            return row.get("name_zh") or f"{row.get('name_en')}{UNTRANSLATED}"
        return row.get("name_en") or row.get("iso3")

    def wgeid_areas(self, figure_id: str) -> Markup:
        parts = []
        for r in self.facts.wgeid_areas:
            name = self.country(r)
            if r["area"]:  # the area is as recorded, in English: marked in Chinese
                name = f"{name} ({r['area']}{UNTRANSLATED})" if self.lang == "zh" else f"{name} ({r['area']})"
            parts.append(f"{name} ({numbers.number(r['n'], self.lang)})")
        return self._span(figure_id, self.join(parts) if parts else "—")

    def group(self, code: str) -> str:
        row = next((g for g in self.facts.groups if g["group_code"] == code), None)
        if row is None:
            return code
        return row["name_zh"] if self.lang == "zh" else row["regional_group"]

    def day(self, value: Any) -> str:
        return numbers.day(value, self.lang)

    def number(self, n: int) -> str:
        return numbers.number(n, self.lang)

    def established(self) -> list[dict]:
        return self.facts.established

    @property
    def untranslated_used(self) -> bool:
        return self.lang == "zh"
