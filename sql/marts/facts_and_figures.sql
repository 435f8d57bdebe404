-- The figures of the annual report, for each year of mart_report_years, computed per docs/figures.md
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

known as (
    -- a figure that needs a source column the root declares unknown is null, not computed
    -- (marts.mart_unknown_figures; docs/imports.md)
    select
        * replace (
            case when not unknown then part_count end as part_count,
            case when not unknown then whole_count end as whole_count,
            case when not unknown then items end as items
        )
    from (
        select
            *,
            figure_id in (select figure_id from marts.mart_unknown_figures) as unknown
        from parts
    )
),

scaled as (
    select
        *,
        -- 100 * part / whole rounded half up, times 10^decimals; null when the whole is 0
        case kind
            when 'percent_0dp' then percent_half_up_scaled(part_count, whole_count, 0)
            when 'percent_2dp' then percent_half_up_scaled(part_count, whole_count, 2)
        end as percent_scaled
    from known
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
                    list_transform(
                        list_sort(list_transform(list_distinct(items), lambda x: encode(x))), lambda b: decode(b)
                    ),
                    '; '
                )
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
