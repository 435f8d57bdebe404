-- Figures of paras 6-7, 51-52 and 55 (country visits, requests, standing invitations), for each
-- year of mart_report_years. A visit is a Completed event and belongs to the year of its first
-- day. Visit figures are null for a year the visit events do not cover.
with years as (
    select y.year, c.year is not null as is_covered
    from marts.mart_report_years as y
    left join marts.mart_source_coverage as c on c.year = y.year and c.dataset = 'visit-events'
),

visits as (
    -- para 6: visits.count counts States, territories and institutions; the two others count
    -- distinct hosts (a State or territory by its code, an institution by its name)
    select
        y.year,
        y.is_covered,
        count(v.visit_id) as visits,
        count(distinct v.host_iso3) filter (where v.host_type in ('State', 'Territory')) as countries_territories,
        count(distinct v.host) filter (where v.host_type = 'Institution') as institutions
    from years as y
    left join staging.stg_visits as v on v.visit_year = y.year
    group by y.year, y.is_covered
),

member_states as (
    -- paras 7, 51, 55: over the Member States of the country reference (the 193)
    select
        y.year,
        y.is_covered,
        count(c.iso3) as member_states,
        count(c.iso3) filter (where c.has_visit_ever) as visited_ever,
        count(c.iso3) filter (where not c.has_visit_ever) as never_visited,
        count(c.iso3) filter (where c.never_visited_reason = 'no_request') as no_request,
        count(c.iso3) filter (where c.never_visited_reason = 'request_not_accepted') as request_not_accepted,
        count(c.iso3) filter (where c.never_visited_reason = 'accepted_not_conducted') as accepted_not_conducted,
        -- para 51: five or more visits starting in the window (Y-4)-01-01 .. Y-12-31
        coalesce(list(c.country) filter (where c.visits_5y_count >= 5), []) as five_plus_in_5y,
        -- para 55: no visit in the window; of those, a Requested event in the window, and
        -- five or more requests pending at the cutoff
        count(c.iso3) filter (where c.visits_5y_count = 0) as no_visit_5y,
        count(c.iso3) filter (where c.visits_5y_count = 0 and c.has_requested_in_5y) as no_visit_5y_with_request,
        count(c.iso3) filter (where c.visits_5y_count = 0 and c.pending_requests_count >= 5) as no_visit_5y_5plus_pending,
        -- para 6 and 51: standing invitations in force at the cutoff
        count(c.iso3) filter (where c.has_standing_invitation) as invitations_member_states
    from years as y
    left join marts.mart_visits_by_country as c on c.year = y.year and c.is_member_state
    group by y.year, y.is_covered
),

observers as (
    select y.year, count(c.iso3) as invitations_observer_states
    from years as y
    left join marts.mart_visits_by_country as c
        on c.year = y.year and c.has_standing_invitation and c.un_status = 'Non-member observer State'
    group by y.year
),

access as (
    -- para 52: States concerned by country mandates in force, granting or denying access
    select
        y.year,
        y.is_covered,
        coalesce(list(distinct a.country) filter (where a.access = 'granted'), []) as granted,
        coalesce(list(distinct a.country) filter (where a.access = 'denied'), []) as denied
    from years as y
    left join marts.mart_country_mandate_access as a on a.year = y.year
    group by y.year, y.is_covered
),

figures as (
    select year, 'visits.count' as figure_id, 'count' as kind, is_covered,
        visits as part_count, null::bigint as whole_count, null::varchar[] as items
    from visits
    union all
    select year, 'visits.countries_territories', 'count', is_covered, countries_territories, null, null from visits
    union all
    select year, 'visits.institutions', 'count', is_covered, institutions, null, null from visits
    union all
    select year, 'countries.visited_ever', 'count', is_covered, visited_ever, null, null from member_states
    union all
    select year, 'countries.never_visited', 'count', is_covered, never_visited, null, null from member_states
    union all
    select year, 'countries.never_visited.no_request', 'count', is_covered, no_request, null, null from member_states
    union all
    select year, 'countries.never_visited.request_not_accepted', 'count', is_covered, request_not_accepted, null, null
    from member_states
    union all
    select year, 'countries.never_visited.accepted_not_conducted', 'count', is_covered, accepted_not_conducted, null, null
    from member_states
    union all
    select year, 'visits.countries_5plus_in_5y', 'list', is_covered, null, null, five_plus_in_5y from member_states
    union all
    select year, 'countries.no_visit_5y', 'count', is_covered, no_visit_5y, null, null from member_states
    union all
    select year, 'countries.no_visit_5y.with_request', 'count', is_covered, no_visit_5y_with_request, null, null
    from member_states
    union all
    select year, 'countries.no_visit_5y.5plus_pending', 'count', is_covered, no_visit_5y_5plus_pending, null, null
    from member_states
    union all
    select year, 'country_mandates.access_granted', 'list', is_covered, null, null, granted from access
    union all
    select year, 'country_mandates.access_denied', 'list', is_covered, null, null, denied from access
    union all
    -- standing invitations are not dated by year: always computed
    select year, 'invitations.member_states', 'count', true, invitations_member_states, null, null from member_states
    union all
    select year, 'invitations.observer_states', 'count', true, invitations_observer_states, null, null from observers
    union all
    -- para 51: percentage of the Member States
    select year, 'invitations.member_states_pct', 'percent_2dp', true, invitations_member_states, member_states, null
    from member_states
)

select
    year,
    figure_id,
    kind,
    (case when is_covered then part_count end)::bigint as part_count,
    (case when is_covered then whole_count end)::bigint as whole_count,
    case when is_covered then items end as items
from figures
