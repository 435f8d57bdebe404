-- Figures of paras 10-11 (WGEID cases and clarifications, WGAD opinions and releases), for each
-- year of mart_report_years; null for a year the dataset does not cover.
with years as (
    select
        y.year,
        bool_or(c.dataset = 'wgeid-cases') as has_cases,
        bool_or(c.dataset = 'wgeid-clarifications') as has_clarifications,
        bool_or(c.dataset = 'wgad-opinions') as has_opinions,
        bool_or(c.dataset = 'wgad-releases') as has_releases
    from marts.mart_report_years as y
    left join marts.mart_source_coverage as c on c.year = y.year
    group by y.year
),

cases as (
    -- para 10: cases transmitted in Y, all / urgent action / non-State alleged perpetrator
    select
        y.year,
        coalesce(sum(c.cases_count), 0) as transmitted,
        coalesce(sum(c.urgent_action_count), 0) as urgent_action,
        coalesce(sum(c.non_state_count), 0) as non_state
    from years as y
    left join marts.mart_wgeid_cases_by_country as c on c.year = y.year
    group by y.year
),

by_area as (
    -- non-State cases by country and area: `Name:n`, or `Name (area):n` with the area in lower case
    select
        year,
        list(coalesce(country, iso3) || coalesce(' (' || area || ')', '') || ':' || cases) as items
    from (
        select year, iso3, country, lower(area) as area, sum(non_state_count) as cases
        from marts.mart_wgeid_cases_by_country
        where non_state_count > 0
        group by all
    )
    group by year
),

clarified as (
    select y.year, count(c.case_id) as clarified
    from years as y
    left join staging.stg_wgeid_clarifications as c on year(c.clarified_date) = y.year
    group by y.year
),

opinions as (
    select y.year, count(o.opinion_id) as opinions
    from years as y
    left join staging.stg_wgad_opinions as o on year(o.adopted_date) = y.year
    group by y.year
),

releases as (
    -- para 11: releases reported in Y of persons covered by opinions adopted before Y. An opinion
    -- of an earlier year may be outside the root: its year is then read from its number n/YYYY.
    select y.year, count(r.opinion_id) as releases
    from years as y
    left join (
        select
            r.opinion_id,
            r.reported_date,
            coalesce(year(o.adopted_date), try_cast(split_part(r.opinion_id, '/', 2) as integer)) as opinion_year
        from staging.stg_wgad_releases as r
        left join staging.stg_wgad_opinions as o on o.opinion_id = r.opinion_id
    ) as r on year(r.reported_date) = y.year and r.opinion_year < y.year
    group by y.year
),

figures as (
    select year, 'wgeid.cases_transmitted' as figure_id, 'count' as kind, has_cases as is_covered,
        transmitted as part_count, null::varchar[] as items
    from years join cases using (year)
    union all
    select year, 'wgeid.cases_urgent_action', 'count', has_cases, urgent_action, null from years join cases using (year)
    union all
    select year, 'wgeid.cases_non_state', 'count', has_cases, non_state, null from years join cases using (year)
    union all
    select year, 'wgeid.cases_non_state.by_area', 'list', has_cases, null, coalesce(b.items, [])
    from years left join by_area as b using (year)
    union all
    select year, 'wgeid.cases_clarified', 'count', has_clarifications, clarified, null
    from years join clarified using (year)
    union all
    select year, 'wgad.opinions', 'count', has_opinions, opinions, null from years join opinions using (year)
    union all
    select year, 'wgad.releases_reported', 'at_least', has_releases, releases, null from years join releases using (year)
)

select
    year,
    figure_id,
    kind,
    (case when is_covered then part_count end)::bigint as part_count,
    null::bigint as whole_count,
    case when is_covered then items end as items
from figures
