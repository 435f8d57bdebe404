-- The figures of the annual report, for each year of mart_report_years, computed per FIGURES.md
-- by the facts_* marts (one per group of paragraphs) and written here as text by kind:
-- counts as integers, percentages rounded half up to 0 or 2 decimals, lists sorted by code point.
with parts as (
    select * from marts.facts_mandates_holders
    union all by name
    select * from marts.facts_visits
    union all by name
    select * from marts.facts_communications
    union all by name
    select * from marts.facts_working_groups
    union all by name
    select * from marts.facts_reports_media_events
),

scaled as (
    select
        *,
        case kind when 'percent_0dp' then 0 when 'percent_2dp' then 2 end as decimals,
        -- round(100 * part / whole, d) half up, in integers: floor((2 * 100 * 10^d * part + whole) / (2 * whole));
        -- DOUBLE would turn 0.xx5 into 0.xx4999... and DECIMAL division yields DOUBLE in DuckDB
        case
            when kind = 'percent_0dp' and whole_count > 0 then (200 * part_count + whole_count) // (2 * whole_count)
            when kind = 'percent_2dp' and whole_count > 0 then (20000 * part_count + whole_count) // (2 * whole_count)
        end as percent_scaled
    from parts
),

formatted as (
    select
        year,
        figure_id,
        kind,
        case
            when kind in ('count', 'at_least') then part_count::varchar
            when kind = 'percent_0dp' then percent_scaled::varchar
            when kind = 'percent_2dp'
                then (percent_scaled // 100)::varchar || '.' || lpad((percent_scaled % 100)::varchar, 2, '0')
            -- items sorted by their UTF-8 bytes, which is code point order (Python's sorted),
            -- whatever the database's default collation
            when kind = 'list' then array_to_string(
                list_transform(list_sort(list_transform(list_distinct(items), lambda x: encode(x))), lambda b: decode(b)),
                '; ')
        end as value,
        case
            when kind in ('count', 'at_least') then part_count::decimal(18, 2)
            when kind = 'percent_0dp' then percent_scaled::decimal(18, 2)
            when kind = 'percent_2dp' then percent_scaled::decimal(18, 0) * 0.01
        end as value_number,
        part_count,
        whole_count,
        len(items) as items_count
    from scaled
)

select
    year,
    figure_id,
    kind,
    value,
    value_number::decimal(18, 2) as value_number,
    part_count::bigint as part_count,
    whole_count::bigint as whole_count,
    items_count::bigint as items_count,
    -- a year whose cutoff is after the sources' `published` date is still in progress: the run says
    -- so for the report year (flows/years.py), and any other year ending after that date is too
    case
        when year = getvariable('report_year') then coalesce(getvariable('provisional')::boolean, false)
        else coalesce(make_date(year, 12, 31) > getvariable('published_date')::date, false)
    end as is_provisional
from formatted
order by year, figure_id
