-- Figures of paras 2-5 (mandates, positions, holders), for each year of mart_report_years.
-- One row per figure: part_count is the count (or a percentage's numerator), whole_count the
-- percentage's denominator; facts_and_figures formats them by kind.
with years as (
    select
        year,
        cutoff_date
    from marts.mart_report_years
),

mandates as (
    -- mandates.*: established on or before the cutoff and not ended by it (ended_date > cutoff);
    -- mandates.established_in_year: established in Y, on or before the cutoff
    select
        year,
        count(mandate) filter (where is_in_force) as total,
        count(mandate) filter (where is_in_force and mandate_type = 'Thematic') as thematic,
        count(mandate) filter (where is_in_force and mandate_type = 'Country') as country,
        count(mandate) filter (where is_established_in_year) as established_in_year
    from (
        select
            y.year,
            m.mandate,
            m.mandate_type,
            is_in_force_at(m.established_date, m.ended_date, y.cutoff_date) as is_in_force,
            is_in_year_by_cutoff(m.established_date, y.year, y.cutoff_date) as is_established_in_year
        from years as y
        left join staging.stg_mandates as m on true
    )
    group by year
),

positions as (
    -- mandates.positions: created on or before the cutoff and not abolished by it
    select
        y.year,
        count(p.mandate) filter (
            where is_in_force_at(p.created_date, p.abolished_date, y.cutoff_date)
        ) as positions
    from years as y
    left join staging.stg_mandate_positions as p on true
    group by y.year
),

holder_years as (
    -- holders.serving: term start <= cutoff and (no end or end > cutoff)
    select
        y.year,
        h.holder_id,
        h.gender,
        h.regional_group,
        is_in_force_at(h.term_start_date, h.term_end_date, y.cutoff_date) as is_serving,
        is_in_year_by_cutoff(h.appointed_date, y.year, y.cutoff_date) as is_appointed_in_year
    from years as y
    left join staging.stg_holders as h on true
),

holders as (
    -- holders.appointed_in_year: Appointed date in Y up to the cutoff (terms, serving or not)
    select
        year,
        count(holder_id) filter (where is_serving) as serving,
        count(holder_id) filter (where is_serving and gender = 'Female') as women,
        count(holder_id) filter (where is_serving and gender = 'Male') as men,
        count(holder_id) filter (where is_appointed_in_year) as appointed_in_year
    from holder_years
    group by year
),

regions as (
    -- holders.region_pct.<group_code>: serving holders by the regional group of their nationality,
    -- over all serving holders; every group of the reference gets a figure, 0 included
    select
        y.year,
        g.group_code,
        count(h.holder_id) as holders
    from years as y
    cross join staging.stg_regional_groups as g
    left join holder_years as h on h.year = y.year and h.regional_group = g.regional_group and h.is_serving
    group by y.year, g.group_code
),

figures as (
    -- one row per year and figure: its count, or a percentage's numerator and denominator
    select
        year,
        f.*
    from mandates
    inner join positions using (year)
    inner join holders using (year)
    cross join
        lateral (
            values
            ('mandates.total', 'count', total, null),
            ('mandates.thematic', 'count', thematic, null),
            ('mandates.country', 'count', country, null),
            ('mandates.established_in_year', 'count', established_in_year, null),
            ('mandates.positions', 'count', positions, null),
            ('holders.serving', 'count', serving, null),
            ('holders.appointed_in_year', 'count', appointed_in_year, null),
            ('holders.women_pct', 'percent_0dp', women, serving),
            ('holders.men_pct', 'percent_0dp', men, serving)
        ) as f (figure_id, kind, part_count, whole_count)
    union all
    select
        year,
        'holders.region_pct.' || group_code,
        'percent_2dp',
        holders,
        serving
    from regions
    inner join holders using (year)
)

select
    year,
    figure_id,
    kind,
    part_count::bigint as part_count,
    whole_count::bigint as whole_count,
    null::varchar[] as items
from figures
