-- Figures of paras 2-5 (mandates, positions, holders), for each year of mart_report_years.
-- One row per figure: part_count is the count (or a percentage's numerator), whole_count the
-- percentage's denominator; facts_and_figures formats them by kind.
with years as (
    select year, cutoff_date from marts.mart_report_years
),

mandates as (
    -- mandates.*: established on or before the cutoff and not ended by it (ended_date > cutoff)
    select
        y.year,
        count(m.mandate) filter (where m.established_date <= y.cutoff_date
            and (m.ended_date is null or m.ended_date > y.cutoff_date)) as total,
        count(m.mandate) filter (where m.established_date <= y.cutoff_date
            and (m.ended_date is null or m.ended_date > y.cutoff_date) and m.mandate_type = 'Thematic') as thematic,
        count(m.mandate) filter (where m.established_date <= y.cutoff_date
            and (m.ended_date is null or m.ended_date > y.cutoff_date) and m.mandate_type = 'Country') as country,
        -- mandates.established_in_year: established in Y
        count(m.mandate) filter (where year(m.established_date) = y.year) as established_in_year
    from years as y
    left join staging.stg_mandates as m on true
    group by y.year
),

positions as (
    -- mandates.positions: created on or before the cutoff and not abolished by it
    select
        y.year,
        count(p.mandate) filter (where p.created_date <= y.cutoff_date
            and (p.abolished_date is null or p.abolished_date > y.cutoff_date)) as positions
    from years as y
    left join staging.stg_mandate_positions as p on true
    group by y.year
),

holders as (
    -- holders.serving: term start <= cutoff and (no end or end > cutoff);
    -- holders.appointed_in_year: Appointed date in Y (terms, whether serving or not)
    select
        y.year,
        count(h.holder_id) filter (where h.term_start_date <= y.cutoff_date
            and (h.term_end_date is null or h.term_end_date > y.cutoff_date)) as serving,
        count(h.holder_id) filter (where h.term_start_date <= y.cutoff_date
            and (h.term_end_date is null or h.term_end_date > y.cutoff_date) and h.gender = 'Female') as women,
        count(h.holder_id) filter (where h.term_start_date <= y.cutoff_date
            and (h.term_end_date is null or h.term_end_date > y.cutoff_date) and h.gender = 'Male') as men,
        count(h.holder_id) filter (where year(h.appointed_date) = y.year) as appointed_in_year
    from years as y
    left join staging.stg_holders as h on true
    group by y.year
),

regions as (
    -- holders.region_pct.<group_code>: serving holders by the regional group of their nationality,
    -- over all serving holders; every group of the reference gets a figure, 0 included
    select
        y.year,
        g.group_code,
        count(h.holder_id) filter (where h.term_start_date <= y.cutoff_date
            and (h.term_end_date is null or h.term_end_date > y.cutoff_date)) as holders
    from years as y
    cross join staging.stg_regional_groups as g
    left join staging.stg_holders as h on h.regional_group = g.regional_group
    group by y.year, g.group_code
),

figures as (
    select year, 'mandates.total' as figure_id, 'count' as kind,
        total as part_count, null::bigint as whole_count, null::varchar[] as items
    from mandates
    union all
    select year, 'mandates.thematic', 'count', thematic, null, null from mandates
    union all
    select year, 'mandates.country', 'count', country, null, null from mandates
    union all
    select year, 'mandates.established_in_year', 'count', established_in_year, null, null from mandates
    union all
    select year, 'mandates.positions', 'count', positions, null, null from positions
    union all
    select year, 'holders.serving', 'count', serving, null, null from holders
    union all
    select year, 'holders.appointed_in_year', 'count', appointed_in_year, null, null from holders
    union all
    select year, 'holders.women_pct', 'percent_0dp', women, serving, null from holders
    union all
    select year, 'holders.men_pct', 'percent_0dp', men, serving, null from holders
    union all
    select r.year, 'holders.region_pct.' || r.group_code, 'percent_2dp', r.holders, h.serving, null
    from regions as r
    join holders as h on h.year = r.year
)

select year, figure_id, kind, part_count::bigint as part_count, whole_count::bigint as whole_count, items
from figures
