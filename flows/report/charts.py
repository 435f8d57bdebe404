"""The report page's charts: Altair specifications rendered to inline SVG by vl-convert.

vl-convert runs Vega in-process (no browser, no network), so a chart is plain SVG markup in the
page: it draws offline and without JavaScript. Each chart reads one mart (or two staging tables)
of one year; labels carry the Chinese and English names the warehouse holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import duckdb
import vl_convert as vlc

VL_VERSION = "5.20"
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Noto Sans, sans-serif"
WIDTH = 420


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title_zh: str
    title_en: str
    svg: str  # inline SVG markup; empty when the year has no data for it
    rows: int  # data rows drawn


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _drawn(key: str, title_zh: str, title_en: str, chart: alt.TopLevelMixin, rows: list) -> Chart:
    """The chart as inline SVG, or no drawing when the year has no rows for it."""
    return Chart(key, title_zh, title_en, _svg(chart) if rows else "", len(rows))


def _svg(chart: alt.Chart) -> str:
    spec = (
        chart.configure(font=FONT)
        .configure_view(stroke=None)
        .configure_axis(labelLimit=320)
        .configure_legend(labelLimit=320)
        .to_dict()
    )
    return vlc.vegalite_to_svg(spec, vl_version=VL_VERSION)


def communications_by_group_type(con: duckdb.DuckDBPyConnection, year: int) -> Chart:
    rows = _frame(
        con,
        """select coalesce(g.name_zh || ' ' || g.regional_group, c.regional_group) as grp,
                  c.communication_type as type, count(*) as n
           from marts.mart_communications as c
           left join staging.stg_regional_groups as g on g.group_code = c.group_code
           where c.year = ? group by all order by all""",
        [year],
    )
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("grp:N", title=None, sort="-x"),
            x=alt.X("sum(n):Q", title="函件 communications"),
            color=alt.Color("type:N", title="类型 type", sort=["AL", "JAL", "UA", "JUA", "OL", "JOL"]),
            tooltip=["grp:N", "type:N", "n:Q"],
        )
        .properties(width=WIDTH)
    )
    return _drawn(
        "communications", "按区域组和类型分列的函件", "Communications by regional group and type", chart, rows
    )


def replies_by_group(con: duckdb.DuckDBPyConnection, year: int) -> Chart:
    rows = _frame(
        con,
        """select coalesce(g.name_zh || ' ' || g.regional_group, r.regional_group) as grp,
                  r.communications_count, r.replies_count, r.substantive_replies_count,
                  r.response_rate_pct::double as rate,
                  r.response_rate_pct::varchar || '% (' || r.substantive_replies_count || '/'
                      || r.communications_count || ')' as label
           from marts.mart_communications_by_regional_group as r
           left join staging.stg_regional_groups as g on g.group_code = r.group_code
           where r.year = ? order by r.group_code""",
        [year],
    )
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("grp:N", title=None, sort="-x"))
    bars = (
        base.transform_fold(["replies_count", "substantive_replies_count"], as_=["measure", "value"])
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title="答复 replies"),
            yOffset=alt.YOffset("measure:N"),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=["replies_count", "substantive_replies_count"], range=["#9fb3c8", "#243b53"]),
                legend=alt.Legend(labelExpr="datum.value == 'replies_count' ? '答复 replies' : '实质性 substantive'"),
            ),
        )
    )
    rate = base.mark_text(align="left", dx=4, fontSize=11).encode(x=alt.X("replies_count:Q"), text="label:N")
    chart = (bars + rate).properties(width=WIDTH - 80)
    return _drawn(
        "replies", "按区域组分列的答复和答复率", "Replies and substantive response rate by regional group", chart, rows
    )


def visits_by_region_year(con: duckdb.DuckDBPyConnection, year: int) -> Chart:
    rows = _frame(
        con,
        """select v.visit_year as visit_year,
                  coalesce(g.name_zh || ' ' || g.regional_group, v.host_type) as grp, count(*) as n
           from staging.stg_visits as v
           join marts.mart_report_years as y on y.year = ?
           left join staging.stg_countries as c on c.iso3 = v.host_iso3
           left join staging.stg_regional_groups as g on g.regional_group = c.regional_group
           where v.visit_start_date between y.window_start_date and y.window_end_date
           group by all order by all""",
        [year],
    )
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("visit_year:O", title="年份 year"),
            y=alt.Y("sum(n):Q", title="访问 visits"),
            color=alt.Color("grp:N", title="区域 region"),
            tooltip=["visit_year:O", "grp:N", "n:Q"],
        )
        .properties(width=WIDTH - 120, height=220)
    )
    return _drawn(
        "visits",
        "五年期内按区域和年份分列的国别访问",
        "Visits by region and year over the five-year window",
        chart,
        rows,
    )


def holders_by_gender_region(con: duckdb.DuckDBPyConnection, year: int) -> Chart:
    rows = _frame(
        con,
        """select coalesce(g.name_zh || ' ' || g.regional_group, h.regional_group) as grp, h.gender,
                  h.holders_count as n
           from marts.mart_holders_by_gender_region as h
           left join staging.stg_regional_groups as g on g.group_code = h.group_code
           where h.year = ? order by all""",
        [year],
    )
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("grp:N", title=None),
            yOffset="gender:N",
            x=alt.X("n:Q", title="任务负责人 holders"),
            color=alt.Color("gender:N", title="性别 gender", scale=alt.Scale(range=["#c2185b", "#1565c0"])),
            tooltip=["grp:N", "gender:N", "n:Q"],
        )
        .properties(width=WIDTH)
    )
    return _drawn(
        "holders", "按性别和区域分列的在职任务负责人", "Serving mandate holders by gender and region", chart, rows
    )


def _themes(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    rows = con.execute("select theme_code, name_en, name_zh from staging.stg_theme_codes").fetchall()
    return {code: {"theme_code": code, "name_en": en, "name_zh": zh} for code, en, zh in rows}


def reports_by_body_theme(con: duckdb.DuckDBPyConnection, year: int) -> Chart:
    themes = _themes(con)
    rows = _frame(
        con,
        """select t.theme_code, upper(r.body_code) as body, count(distinct r.report_id) as n
           from staging.stg_report_themes as t
           join staging.stg_reports as r on r.report_id = t.report_id
           where r.issued_year = ? group by all order by all""",
        [year],
    )
    for row in rows:
        name = themes.get(row["theme_code"])
        row["theme"] = f"{name['name_zh']} {name['name_en']}" if name else row["theme_code"]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("theme:N", title=None, sort="-x"),
            x=alt.X("sum(n):Q", title="报告 reports"),
            color=alt.Color("body:N", title="机构 body", scale=alt.Scale(range=["#2f855a", "#dd6b20", "#718096"])),
            tooltip=["theme:N", "body:N", "n:Q"],
        )
        .properties(width=WIDTH - 60)
    )
    return _drawn("reports", "按机构和主题分列的报告", "Reports by body and cross-cutting theme", chart, rows)


CHARTS = (
    communications_by_group_type,
    replies_by_group,
    visits_by_region_year,
    holders_by_gender_region,
    reports_by_body_theme,
)


def all_charts(con: duckdb.DuckDBPyConnection, year: int) -> list[Chart]:
    return [make(con, year) for make in CHARTS]
