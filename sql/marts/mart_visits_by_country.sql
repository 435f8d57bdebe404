-- Every State and territory of the country reference, for each year: visits conducted, requests
-- pending at the cutoff, standing invitation, and why a Member State was never visited.
-- A visit belongs to the year of its first day (docs/figures.md#cutoff).
with years as (
    select
        year,
        cutoff_date,
        window_start_date,
        window_end_date
    from marts.mart_report_years
),

visits as (
    select
        y.year,
        v.host_iso3 as iso3,
        count(*) filter (where is_in_year_by_cutoff(v.visit_start_date, y.year, y.cutoff_date)) as visits_count,
        count(*) filter (where v.visit_start_date between y.window_start_date and y.window_end_date)
            as visits_5y_count,
        count(*) filter (where v.visit_start_date <= y.cutoff_date) as visits_ever_count,
        max(v.visit_start_date) filter (where v.visit_start_date <= y.cutoff_date) as last_visit_start_date
    from staging.stg_visits as v
    cross join years as y
    where v.host_iso3 is not null
    group by y.year, v.host_iso3
),

requests as (
    -- requests that existed by the cutoff (at least one event on or before it)
    select
        year,
        host_iso3 as iso3,
        count(*) filter (where status_at_cutoff is not null) as requests_count,
        count(*) filter (where is_pending) as pending_requests_count,
        bool_or(has_acceptance) as has_acceptance,
        bool_or(has_requested_in_5y) as has_requested_in_5y
    from marts.mart_visit_requests_at_cutoff
    where host_iso3 is not null
    group by year, host_iso3
),

invitations as (
    -- standing invitations extended on or before the cutoff and not withdrawn by it
    select
        y.year,
        i.iso3,
        min(i.extended_date) as extended_date
    from staging.stg_standing_invitations as i
    inner join years as y
        on is_in_force_at(i.extended_date, i.withdrawn_date, y.cutoff_date)
    group by y.year, i.iso3
),

joined as (
    select
        y.year,
        k.iso3,
        k.name_en as country,
        k.un_status,
        k.is_member_state,
        k.regional_group,
        coalesce(v.visits_count, 0) as visits_count,
        coalesce(v.visits_5y_count, 0) as visits_5y_count,
        coalesce(v.visits_ever_count, 0) > 0 as has_visit_ever,
        v.last_visit_start_date,
        coalesce(r.requests_count, 0) as requests_count,
        coalesce(r.pending_requests_count, 0) as pending_requests_count,
        coalesce(r.has_acceptance, false) as has_acceptance,
        coalesce(r.has_requested_in_5y, false) as has_requested_in_5y,
        i.iso3 is not null as has_standing_invitation,
        i.extended_date as invitation_extended_date
    from years as y
    cross join staging.stg_countries as k
    left join visits as v on v.year = y.year and v.iso3 = k.iso3
    left join requests as r on r.year = y.year and r.iso3 = k.iso3
    left join invitations as i on i.year = y.year and i.iso3 = k.iso3
)

select
    year,
    iso3,
    country,
    un_status,
    is_member_state,
    regional_group,
    visits_count,
    visits_5y_count,
    has_visit_ever,
    last_visit_start_date,
    requests_count,
    pending_requests_count,
    has_requested_in_5y,
    has_standing_invitation,
    invitation_extended_date,
    -- para 7: each never-visited Member State in exactly one reason, checked in this order
    case
        when not is_member_state or has_visit_ever then null
        when has_acceptance then 'accepted_not_conducted'
        when requests_count > 0 then 'request_not_accepted'
        else 'no_request'
    end as never_visited_reason
from joined
order by year, iso3
