"""State cooperation profiles: `marts.mart_state_cooperation`, for a page and for the terminal.

`spfacts state ISO3 [--year Y]` prints one State's profile for a year (the run's report year by
default) with the years before it; the report writes the same profile as states/<ISO3>.html.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

# (column, Chinese label, English label, how to show it), in the order a profile reads
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("has_standing_invitation", "长期邀请", "Standing invitation", "bool"),
    ("invitation_extended_date", "发出邀请日期", "Invitation extended", "date"),
    ("visits_count", "年内访问", "Visits in the year", "int"),
    ("visits_5y_count", "五年期内访问", "Visits in the five-year window", "int"),
    ("last_visit_start_date", "最近一次访问", "Latest visit began", "date"),
    ("requests_count", "访问请求", "Visit requests received", "int"),
    ("pending_requests_count", "待决请求", "Requests pending at the cutoff", "int"),
    ("oldest_pending_request_date", "最早待决请求日期", "Oldest pending request since", "date"),
    ("longest_pending_days", "最长待决天数", "Longest pending (days)", "int"),
    ("communications_count", "收到的函件", "Communications received", "int"),
    ("allegation_letters_count", "指控信", "Allegation letters", "int"),
    ("urgent_appeals_count", "紧急呼吁", "Urgent appeals", "int"),
    ("other_letters_count", "其他信件", "Other letters", "int"),
    ("joint_count", "联合函件", "Joint communications", "int"),
    ("replies_count", "答复", "Replies by the cutoff", "int"),
    ("substantive_replies_count", "实质性答复", "Substantive replies", "int"),
    ("response_rate_pct", "答复率 (%)", "Response rate (%)", "pct"),
    ("followups_count", "后续函件", "Follow-up letters", "int"),
)


class UnknownState(LookupError):
    pass


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def profile(con: duckdb.DuckDBPyConnection, iso3: str) -> list[dict[str, Any]]:
    """Every year of one State, oldest first, with its Chinese name; UnknownState if it has none."""
    rows = _rows(
        con,
        """select s.*, c.name_zh from marts.mart_state_cooperation as s
           left join staging.stg_countries as c using (iso3)
           where s.iso3 = ? order by s.year""",
        [iso3.upper()],
    )
    if not rows:
        raise UnknownState(f"no State or territory {iso3.upper()!r} in the warehouse (ISO 3166 alpha-3, e.g. HND)")
    return rows


def all_states(con: duckdb.DuckDBPyConnection, year: int) -> list[dict[str, Any]]:
    return _rows(
        con,
        """select s.iso3, s.country, c.name_zh, s.regional_group, s.un_status, s.communications_count,
                  s.visits_count, s.pending_requests_count
           from marts.mart_state_cooperation as s left join staging.stg_countries as c using (iso3)
           where s.year = ? order by s.regional_group nulls last, s.country""",
        [year],
    )


def show(value: Any, how: str) -> str:
    if value is None:
        return "—"
    if how == "bool":
        return "yes 是" if value else "no 否"
    if how == "date":
        return value.isoformat()
    if how == "pct":
        return f"{value:.2f}"
    return f"{value:,}"


def print_profile(database_path: Path, iso3: str, year: int | None) -> int:
    """`spfacts state`: one State's profile as a rich table (the year asked for, and earlier years)."""
    import sys

    from rich.console import Console
    from rich.table import Table

    from flows.run_info import provenance_line, read

    if not Path(database_path).exists():
        print(f"spfacts: no warehouse at {database_path}; run `spfacts run` first", file=sys.stderr)
        return 1
    with duckdb.connect(str(database_path), read_only=True) as con:
        try:
            rows = profile(con, iso3)
        except UnknownState as err:
            print(f"spfacts: {err}", file=sys.stderr)
            return 1
    info = read(database_path)
    year = year or (info or {}).get("report_year") or rows[-1]["year"]
    rows = [r for r in rows if r["year"] <= year]
    if not rows:
        print(f"spfacts: no profile of {iso3.upper()} for {year} or earlier", file=sys.stderr)
        return 1
    last = rows[-1]
    console = Console()
    table = Table(
        title=f"{last['country']} {last['name_zh'] or ''} ({last['iso3']}): cooperation with the special procedures",
        caption=f"{last['un_status']}; {last['regional_group'] or 'no regional group'}; marts.mart_state_cooperation",
    )
    table.add_column("", style="bold")
    for r in rows:
        table.add_column(str(r["year"]), justify="right")
    for column, zh, en, how in FIELDS:
        table.add_row(f"{en} · {zh}", *[show(r[column], how) for r in rows])
    console.print(table)
    line = provenance_line(info)
    if line:
        console.print(line, style="bold yellow", markup=False)
    return 0
