-- The years the marts are computed for, with the dates that docs/figures.md derives from a year:
-- every year the communications were sent in, plus the report year of the run.
with years as (
    select distinct sent_year as year
    from staging.stg_communications
    where sent_year is not null
    union
    select getvariable('report_year')::integer as year
),

dated as (
    select
        year,
        make_date(year, 1, 1) as year_start_date,
        make_date(year, 12, 31) as year_end_date,
        -- only the report year's cutoff can be overridden (by the run); other years end on 31 December
        case
            when year = getvariable('report_year')
                then coalesce(getvariable('cutoff_date')::date, make_date(year, 12, 31))
            else make_date(year, 12, 31)
        end as cutoff_date,
        year = getvariable('report_year') as is_report_year
    from years
    where year is not null
)

select
    year,
    year_start_date,
    year_end_date,
    cutoff_date,
    -- the five-year window is (Y-4)-01-01 .. cutoff: nothing after the cutoff counts
    -- (docs/figures.md#cutoff)
    make_date(year - 4, 1, 1) as window_start_date,
    cutoff_date as window_end_date,
    is_report_year
from dated
order by year
