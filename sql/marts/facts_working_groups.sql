-- Figures of paras 10-11 (WGEID cases and clarifications, WGAD opinions and releases), for each
-- year of mart_report_years; null for a year the dataset does not cover.
with years as (
    select
        year,
        cutoff_date,
        datasets
    from marts.mart_year_coverage
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
        list(coalesce(country, iso3) || coalesce(' (' || area || ')', '') || ':' || cases) as area_items
    from (
        select
            year,
            iso3,
            country,
            lower(area) as area,
            sum(non_state_count) as cases
        from marts.mart_wgeid_cases_by_country
        where non_state_count > 0
        group by all
    )
    group by year
),

clarified as (
    select
        y.year,
        count(c.case_id) as clarified
    from years as y
    left join staging.stg_wgeid_clarifications as c on is_in_year_by_cutoff(c.clarified_date, y.year, y.cutoff_date)
    group by y.year
),

opinions as (
    select
        y.year,
        count(o.opinion_id) as opinions
    from years as y
    left join staging.stg_wgad_opinions as o on is_in_year_by_cutoff(o.adopted_date, y.year, y.cutoff_date)
    group by y.year
),

releases as (
    -- para 11: releases reported in Y of persons covered by opinions adopted before Y. An opinion
    -- of an earlier year may be outside the root: its year is then read from its number n/YYYY.
    select
        y.year,
        count(r.opinion_id) as releases
    from years as y
    left join (
        select
            r.opinion_id,
            r.reported_date,
            coalesce(year(o.adopted_date), try_cast(split_part(r.opinion_id, '/', 2) as integer)) as opinion_year
        from staging.stg_wgad_releases as r
        left join staging.stg_wgad_opinions as o on o.opinion_id = r.opinion_id
    ) as r on is_in_year_by_cutoff(r.reported_date, y.year, y.cutoff_date) and r.opinion_year < y.year
    group by y.year
),

figures as (
    -- one row per year and figure: the datasets it needs, its count or its list
    select
        y.year,
        y.datasets,
        f.*
    from years as y
    inner join cases using (year)
    left join by_area using (year)
    inner join clarified using (year)
    inner join opinions using (year)
    inner join releases using (year)
    cross join lateral (
        values
        ('wgeid.cases_transmitted', 'count', ['wgeid-cases'], transmitted, null),
        ('wgeid.cases_urgent_action', 'count', ['wgeid-cases'], urgent_action, null),
        ('wgeid.cases_non_state', 'count', ['wgeid-cases'], non_state, null),
        ('wgeid.cases_non_state.by_area', 'list', ['wgeid-cases'], null, coalesce(area_items, [])),
        ('wgeid.cases_clarified', 'count', ['wgeid-clarifications'], clarified, null),
        ('wgad.opinions', 'count', ['wgad-opinions'], opinions, null),
        ('wgad.releases_reported', 'at_least', ['wgad-releases'], releases, null)
    ) as f (figure_id, kind, needs, part_count, items)
)

select
    year,
    figure_id,
    kind,
    -- null (not computed) for a year that a dataset the figure needs does not cover
    if_covered(part_count, datasets, needs)::bigint as part_count,
    null::bigint as whole_count,
    if_covered(items, datasets, needs)::varchar[] as items
from figures
