-- Each visit request as it stood at the cutoff of each year: its latest status, whether it was
-- pending, accepted, or active in the five-year window. Feeds the never-visited split (para 7),
-- pending requests (para 55) and country mandate access (para 52).
with years as (
    select year, cutoff_date, window_start_date, window_end_date from marts.mart_report_years
),

request_years as (
    select
        y.year,
        e.request_id,
        any_value(e.mandate) as mandate,
        any_value(e.host) as host,
        any_value(e.host_iso3) as host_iso3,
        any_value(e.host_type) as host_type,
        min(e.event_date) filter (where e.event_date <= y.cutoff_date) as first_event_date,
        -- the latest event on or before the cutoff; same-day events are ordered by event id
        arg_max(e.status, {'d': e.event_date, 'i': e.event_id}) filter (where e.event_date <= y.cutoff_date)
            as status_at_cutoff,
        max(e.event_date) filter (where e.event_date <= y.cutoff_date) as status_date,
        -- "reached Accepted or Dates proposal": by the cutoff, not later (figures are as of the cutoff)
        coalesce(bool_or(e.status in ('Accepted', 'Dates proposal') and e.event_date <= y.cutoff_date), false)
            as has_acceptance,
        coalesce(bool_or(e.status = 'Accepted' and year(e.event_date) = y.year), false) as is_accepted_in_year,
        coalesce(bool_or(e.status = 'Requested'
            and e.event_date between y.window_start_date and y.window_end_date), false) as has_requested_in_5y,
        coalesce(bool_or(e.event_date between y.window_start_date and y.window_end_date), false) as has_event_in_5y
    from staging.stg_visit_events as e
    join years as y on e.event_date <= greatest(y.cutoff_date, y.window_end_date)
    group by y.year, e.request_id
)

select
    year,
    request_id,
    mandate,
    host,
    host_iso3,
    host_type,
    first_event_date,
    status_at_cutoff,
    status_date,
    -- docs/figures.md#country-visits: pending when the latest event on or before the cutoff is one of these
    coalesce(status_at_cutoff in ('Requested', 'Reminder', 'Acknowledged', 'Postponed'), false) as is_pending,
    has_acceptance,
    is_accepted_in_year,
    has_requested_in_5y,
    has_event_in_5y
from request_years
order by year, request_id
