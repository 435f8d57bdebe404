-- Country mandates in force at the cutoff of each year and whether the State concerned gave the
-- mandate access (docs/figures.md, para 52). The State concerned is the mandate's country unless
-- flows/reference/state_concerned.csv names another (the occupying Power, for occupied
-- territories). Nothing after the cutoff counts: visits and acceptances in Y up to the cutoff.
with years as (
    select
        year,
        cutoff_date
    from marts.mart_report_years
),

mandates as (
    select
        y.year,
        m.mandate,
        m.country_iso3,
        coalesce(s.state_iso3, m.country_iso3) as iso3
    from staging.stg_mandates as m
    inner join years as y on is_in_force_at(m.established_date, m.ended_date, y.cutoff_date)
    left join staging.stg_state_concerned as s on m.country_iso3 = s.country_iso3
    where m.mandate_type = 'Country'
),

visits as (
    select
        y.year,
        v.mandate,
        v.host_iso3 as iso3,
        count(*) as visits_count
    from staging.stg_visits as v
    inner join years as y on is_in_year_by_cutoff(v.visit_start_date, y.year, y.cutoff_date)
    group by all
),

requests as (
    -- requests with at least one event in the five-year window ("requests in the window")
    select
        year,
        mandate,
        host_iso3 as iso3,
        count(*) filter (where is_accepted_in_year) as accepted_in_year_count,
        count(*) filter (where has_event_in_5y) as requests_5y_count,
        count(*) filter (where has_event_in_5y and (status_at_cutoff = 'Declined' or is_pending))
            as requests_5y_declined_or_pending_count
    from marts.mart_visit_requests_at_cutoff
    group by all
),

joined as (
    select
        m.year,
        m.mandate,
        m.country_iso3,
        m.iso3,
        k.name_en as country,
        coalesce(v.visits_count, 0) as visits_count,
        coalesce(r.accepted_in_year_count, 0) as accepted_requests_count,
        coalesce(r.requests_5y_count, 0) as requests_5y_count,
        coalesce(r.requests_5y_declined_or_pending_count, 0) as requests_5y_declined_or_pending_count
    from mandates as m
    left join staging.stg_countries as k on k.iso3 = m.iso3
    left join visits as v on v.mandate = m.mandate and v.iso3 = m.iso3 and v.year = m.year
    left join requests as r on r.mandate = m.mandate and r.iso3 = m.iso3 and r.year = m.year
)

select
    year,
    mandate,
    country_iso3,
    iso3,
    country,
    visits_count,
    accepted_requests_count,
    requests_5y_count,
    requests_5y_declined_or_pending_count,
    case
        -- a visit in the year, or a request accepted in the year
        when visits_count > 0 or accepted_requests_count > 0 then 'granted'
        -- every request of the window ended Declined or is still pending (and there was one)
        when requests_5y_count > 0 and requests_5y_declined_or_pending_count = requests_5y_count then 'denied'
    end as access
from joined
order by year, mandate
