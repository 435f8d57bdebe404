-- Each mandate for each year since it was established: in force at the cutoff or not, its
-- positions and serving holders at the cutoff, and its activity in the year.
with years as (
    select
        year,
        year_start_date,
        year_end_date,
        cutoff_date
    from marts.mart_report_years
),

mandate_years as (
    select
        y.year,
        y.cutoff_date,
        m.*
    from staging.stg_mandates as m
    inner join years as y on m.established_date <= y.cutoff_date
),

positions as (
    select
        y.year,
        p.mandate,
        count(*) as positions_count
    from staging.stg_mandate_positions as p
    inner join years as y on is_in_force_at(p.created_date, p.abolished_date, y.cutoff_date)
    group by all
),

holders as (
    select
        y.year,
        h.mandate,
        count(*) as holders_count
    from staging.stg_holders as h
    inner join years as y on is_in_force_at(h.term_start_date, h.term_end_date, y.cutoff_date)
    group by all
),

communications as (
    select
        c.year,
        m.mandate,
        count(*) as communications_count
    from marts.mart_communications as c
    inner join staging.stg_communication_mandates as m on c.communication_id = m.communication_id
    where c.is_sent_by_cutoff
    group by all
),

reports as (
    select
        y.year,
        a.mandate,
        count(*) as reports_count
    from staging.stg_reports as r
    inner join years as y on is_in_year_by_cutoff(r.issued_date, y.year, y.cutoff_date)
    inner join staging.stg_report_authors as a on r.report_id = a.report_id
    group by all
),

visits as (
    select
        y.year,
        v.mandate,
        count(*) as visits_count
    from staging.stg_visits as v
    inner join years as y on is_in_year_by_cutoff(v.visit_start_date, y.year, y.cutoff_date)
    group by all
)

select
    m.year,
    m.mandate,
    m.mandate_type,
    m.mandate_kind,
    m.country_iso3,
    m.established_date,
    m.ended_date,
    is_in_force_at(m.established_date, m.ended_date, m.cutoff_date) as is_in_force,
    is_in_year_by_cutoff(m.established_date, m.year, m.cutoff_date) as is_established_in_year,
    coalesce(p.positions_count, 0) as positions_count,
    coalesce(h.holders_count, 0) as holders_count,
    coalesce(c.communications_count, 0) as communications_count,
    coalesce(r.reports_count, 0) as reports_count,
    coalesce(v.visits_count, 0) as visits_count
from mandate_years as m
left join positions as p on p.year = m.year and p.mandate = m.mandate
left join holders as h on h.year = m.year and h.mandate = m.mandate
left join communications as c on c.year = m.year and c.mandate = m.mandate
left join reports as r on r.year = m.year and r.mandate = m.mandate
left join visits as v on v.year = m.year and v.mandate = m.mandate
order by m.year, m.mandate
