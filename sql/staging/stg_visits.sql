-- Visits conducted: one row per Completed event. A visit counts for the year of its first day
-- (docs/figures.md#cutoff), so a visit from 31 December to 4 January belongs to the earlier year.
with completed as (
    select *
    from staging.stg_visit_events
    where status = 'Completed'
)

select
    event_id as visit_id,
    request_id,
    mandate,
    host,
    host_iso3,
    host_type,
    visit_start_date,
    visit_end_date,
    year(visit_start_date)::integer as visit_year,
    report_symbol
from completed
