-- Each visit request as it stood at the cutoff of each year: its latest status, whether it was
-- pending, accepted, or active in the five-year window. Feeds the never-visited split (para 7),
-- pending requests (para 55) and country mandate access (para 52). Only events on or before the
-- cutoff are read: a later acceptance has not happened yet (docs/figures.md#cutoff).
with years as (
    select
        year,
        cutoff_date,
        window_start_date,
        window_end_date
    from marts.mart_report_years
),

request_years as (
    select
        y.year,
        e.request_id,
        any_value(e.mandate) as mandate,
        any_value(e.host) as host,
        any_value(e.host_iso3) as host_iso3,
        any_value(e.host_type) as host_type,
        min(e.event_date) as first_event_date,
        -- the latest event; same-day events are ordered by event id
        arg_max(e.status, { 'd': e.event_date, 'i': e.event_id }) as status_at_cutoff,
        max(e.event_date) as status_date,
        -- "reached Accepted or Dates proposal" (flows/reference/visit_statuses.csv)
        coalesce(bool_or(s.is_acceptance), false) as has_acceptance,
        coalesce(bool_or(e.status = 'Accepted' and year(e.event_date) = y.year), false)
            as is_accepted_in_year,
        coalesce(
            bool_or(e.status = 'Requested' and e.event_date >= y.window_start_date), false
        ) as has_requested_in_5y,
        coalesce(bool_or(e.event_date >= y.window_start_date), false) as has_event_in_5y
    from staging.stg_visit_events as e
    -- the window ends at the cutoff, so every event read here is on or before both
    inner join years as y on e.event_date <= y.cutoff_date
    inner join staging.stg_visit_statuses as s on e.status = s.status
    group by y.year, e.request_id
)

select
    r.year,
    r.request_id,
    r.mandate,
    r.host,
    r.host_iso3,
    r.host_type,
    r.first_event_date,
    r.status_at_cutoff,
    r.status_date,
    -- pending when the latest event on or before the cutoff has a pending status
    -- (docs/figures.md, para 55; flows/reference/visit_statuses.csv)
    s.is_pending,
    r.has_acceptance,
    r.is_accepted_in_year,
    r.has_requested_in_5y,
    r.has_event_in_5y
from request_years as r
inner join staging.stg_visit_statuses as s on r.status_at_cutoff = s.status
order by r.year, r.request_id
