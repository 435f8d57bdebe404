-- Figures of paras 6-7, 51-52 and 55 (country visits, requests, standing invitations), for each
-- year of mart_report_years. A visit is a Completed event and belongs to the year of its first
-- day. Visit figures are null for a year the visit events do not cover.
with years as (
    select
        year,
        cutoff_date,
        datasets
    from marts.mart_year_coverage
),

visits as (
    -- para 6: visits.count counts States, territories and institutions; the two others count
    -- distinct hosts (a State or territory by its code, an institution by its name)
    select
        y.year,
        count(v.visit_id) as visits,
        count(distinct v.host_iso3) filter (where v.host_type in ('State', 'Territory')) as countries_territories,
        count(distinct v.host) filter (where v.host_type = 'Institution') as institutions
    from years as y
    left join staging.stg_visits as v on is_in_year_by_cutoff(v.visit_start_date, y.year, y.cutoff_date)
    group by y.year
),

member_states as (
    -- paras 7, 51, 55: over the Member States of the country reference (the 193)
    select
        y.year,
        count(c.iso3) as member_states,
        count(c.iso3) filter (where c.has_visit_ever) as visited_ever,
        count(c.iso3) filter (where not c.has_visit_ever) as never_visited,
        count(c.iso3) filter (where c.never_visited_reason = 'no_request') as no_request,
        count(c.iso3) filter (where c.never_visited_reason = 'request_not_accepted') as request_not_accepted,
        count(c.iso3) filter (where c.never_visited_reason = 'accepted_not_conducted') as accepted_not_conducted,
        -- para 51: five or more visits starting in the window (Y-4)-01-01 .. cutoff
        coalesce(list(c.country) filter (where c.visits_5y_count >= 5), []) as five_plus_in_5y,
        -- para 55: no visit in the window; of those, a Requested event in the window, and
        -- five or more requests pending at the cutoff
        count(c.iso3) filter (where c.visits_5y_count = 0) as no_visit_5y,
        count(c.iso3) filter (where c.visits_5y_count = 0 and c.has_requested_in_5y) as no_visit_5y_with_request,
        count(c.iso3) filter (where c.visits_5y_count = 0 and c.pending_requests_count >= 5)
            as no_visit_5y_5plus_pending,
        -- para 6 and 51: standing invitations in force at the cutoff
        count(c.iso3) filter (where c.has_standing_invitation) as invitations_member_states
    from years as y
    left join marts.mart_visits_by_country as c on c.year = y.year and c.is_member_state
    group by y.year
),

observers as (
    select
        y.year,
        count(c.iso3) as invitations_observer_states
    from years as y
    left join marts.mart_visits_by_country as c
        on c.year = y.year and c.has_standing_invitation and c.un_status = 'Non-member observer State'
    group by y.year
),

access as (
    -- para 52: States concerned by country mandates in force, granting or denying access
    select
        y.year,
        coalesce(list(distinct a.country) filter (where a.access = 'granted'), []) as granted,
        coalesce(list(distinct a.country) filter (where a.access = 'denied'), []) as denied
    from years as y
    left join marts.mart_country_mandate_access as a on a.year = y.year
    group by y.year
),

figures as (
    -- one row per year and figure: the datasets it needs, its count (or a percentage's numerator
    -- and denominator) or its list
    select
        y.year,
        y.datasets,
        f.*
    from years as y
    inner join visits using (year)
    inner join member_states using (year)
    inner join observers using (year)
    inner join access using (year)
    cross join lateral (
        values
        ('visits.count', 'count', ['visit-events'], visits, null, null),
        ('visits.countries_territories', 'count', ['visit-events'], countries_territories, null, null),
        ('visits.institutions', 'count', ['visit-events'], institutions, null, null),
        ('countries.visited_ever', 'count', ['visit-events'], visited_ever, null, null),
        ('countries.never_visited', 'count', ['visit-events'], never_visited, null, null),
        ('countries.never_visited.no_request', 'count', ['visit-events'], no_request, null, null),
        ('countries.never_visited.request_not_accepted', 'count', ['visit-events'], request_not_accepted, null, null),
        (
            'countries.never_visited.accepted_not_conducted', 'count', ['visit-events'], accepted_not_conducted,
            null, null
        ),
        ('visits.countries_5plus_in_5y', 'list', ['visit-events'], null, null, five_plus_in_5y),
        ('countries.no_visit_5y', 'count', ['visit-events'], no_visit_5y, null, null),
        ('countries.no_visit_5y.with_request', 'count', ['visit-events'], no_visit_5y_with_request, null, null),
        ('countries.no_visit_5y.5plus_pending', 'count', ['visit-events'], no_visit_5y_5plus_pending, null, null),
        ('country_mandates.access_granted', 'list', ['visit-events'], null, null, granted),
        ('country_mandates.access_denied', 'list', ['visit-events'], null, null, denied),
        -- standing invitations are not dated by year: always computed
        ('invitations.member_states', 'count', [], invitations_member_states, null, null),
        ('invitations.observer_states', 'count', [], invitations_observer_states, null, null),
        -- para 51: percentage of the Member States
        ('invitations.member_states_pct', 'percent_2dp', [], invitations_member_states, member_states, null)
    ) as f (figure_id, kind, needs, part_count, whole_count, items)
)

select
    year,
    figure_id,
    kind,
    -- null (not computed) for a year that a dataset the figure needs does not cover
    if_covered(part_count, datasets, needs)::bigint as part_count,
    if_covered(whole_count, datasets, needs)::bigint as whole_count,
    if_covered(items, datasets, needs)::varchar[] as items
from figures
