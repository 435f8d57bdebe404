-- Mandate holders serving at the cutoff of each year, by gender and by the regional group of
-- their nationality. Serving: term start <= cutoff and (no end or end > cutoff), so a holder
-- whose term ends on the cutoff day is no longer counted (docs/figures.md#holdersserving).
with years as (
    select
        year,
        cutoff_date
    from marts.mart_report_years
),

serving as (
    select
        y.year,
        h.holder_id,
        h.gender,
        h.regional_group
    from staging.stg_holders as h
    inner join years as y on is_in_force_at(h.term_start_date, h.term_end_date, y.cutoff_date)
),

grid as (
    -- every group and gender, so that a group with no holder of a gender shows 0
    select
        y.year,
        g.group_code,
        g.regional_group,
        s.gender
    from years as y
    cross join staging.stg_regional_groups as g
    cross join (
        select distinct gender from staging.stg_holders
        where gender is not null
    ) as s
)

select
    grid.year,
    grid.group_code,
    grid.regional_group,
    grid.gender,
    count(serving.holder_id) as holders_count
from grid
left join serving
    on serving.year = grid.year
        and serving.regional_group = grid.regional_group
        and serving.gender = grid.gender
group by all
order by grid.year, grid.group_code, grid.gender
