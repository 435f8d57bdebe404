-- Figures of paras 13-30 and 69 (reports, themes, media, events, external support), for each
-- year of mart_report_years; null for a year the dataset does not cover.
with years as (
    select
        year,
        cutoff_date,
        datasets
    from marts.mart_year_coverage
),

reports as (
    -- para 14: only thematic and country visit reports are counted (not corrigenda, communications,
    -- annual or forum reports); the body follows from the symbol; an /Add.n symbol is not by itself
    -- a country visit report: the document type decides
    select
        y.year,
        coalesce(sum(r.reports_count) filter (where r.is_counted_in_total), 0) as total,
        coalesce(sum(r.reports_count) filter (where r.is_counted_in_total and r.body_code = 'hrc'), 0) as to_hrc,
        coalesce(sum(r.reports_count) filter (where r.is_counted_in_total and r.body_code = 'ga'), 0) as to_ga,
        coalesce(sum(r.reports_count) filter (where r.document_type = 'Country visit report'), 0) as country_visit
    from years as y
    left join marts.mart_reports_by_body_type as r on r.year = y.year
    group by y.year
),

themes as (
    -- paras 20-26: mandates that authored a report issued in Y carrying the theme
    select
        y.year,
        t.theme_code,
        coalesce(list(distinct m.mandate) filter (where m.mandate is not null), []) as mandates
    from years as y
    -- every theme code of the reference gets a list, empty included
    cross join staging.stg_theme_codes as t
    left join marts.mart_report_themes as m on m.year = y.year and m.theme_code = t.theme_code
    group by y.year, t.theme_code
),

media as (
    -- para 13: media products dated in Y, all and by type
    select
        y.year,
        count(m.media_id) as products,
        count(m.media_id) filter (where m.media_type = 'press release') as press_releases,
        count(m.media_id) filter (where m.media_type = 'media advisory') as media_advisories,
        count(m.media_id) filter (where m.media_type = 'media statement') as media_statements
    from years as y
    left join staging.stg_media as m on is_in_year_by_cutoff(m.media_date, y.year, y.cutoff_date)
    group by y.year
),

events as (
    -- paras 28-30: events starting in Y up to the cutoff; the counts recorded for the forums'
    -- events, summed should a series have several (docs/figures.md). A count of a covered year:
    -- 0 when the series has no event then (docs/figures.md#null-and-zero)
    select
        y.year,
        count(e.event_id) as events,
        coalesce(
            sum(coalesce(e.participants_in_person_count, 0) + coalesce(e.participants_online_count, 0))
            filter (where e.series = 'Forum on Minority Issues'), 0
        ) as minority_participants,
        coalesce(
            sum(e.participants_in_person_count)
            filter (where e.series = 'Forum on Business and Human Rights'), 0
        ) as bf_in_person,
        coalesce(
            sum(e.participants_online_count)
            filter (where e.series = 'Forum on Business and Human Rights'), 0
        ) as bf_online,
        coalesce(
            sum(e.countries_count)
            filter (where e.series = 'Forum on Business and Human Rights'), 0
        ) as bf_countries,
        coalesce(
            sum(e.sessions_count)
            filter (where e.series = 'Forum on Business and Human Rights'), 0
        ) as bf_sessions,
        coalesce(
            sum(e.panellists_count)
            filter (where e.series = 'Forum on Business and Human Rights'), 0
        ) as bf_panellists
    from years as y
    left join staging.stg_events as e on is_in_year_by_cutoff(e.start_date, y.year, y.cutoff_date)
    group by y.year
),

survey as (
    -- para 69: answers of the survey on external support for Y
    select
        y.year,
        count(s.holder_id) filter (where s.has_responded) as responded,
        count(s.holder_id) filter (where s.has_external_support) as received
    from years as y
    left join staging.stg_external_support as s on s.survey_year = y.year
    group by y.year
),

figures as (
    -- one row per year and figure: the datasets it needs, its count or its list
    select
        y.year,
        y.datasets,
        f.*
    from years as y
    inner join reports using (year)
    inner join media using (year)
    inner join events using (year)
    inner join survey using (year)
    cross join
        lateral (
            values
            ('reports.total', 'count', ['reports'], total, null),
            ('reports.to_hrc', 'count', ['reports'], to_hrc, null),
            ('reports.to_ga', 'count', ['reports'], to_ga, null),
            ('reports.country_visit', 'count', ['reports'], country_visit, null),
            ('media.products', 'count', ['media'], products, null),
            ('media.press_releases', 'count', ['media'], press_releases, null),
            ('media.media_advisories', 'count', ['media'], media_advisories, null),
            ('media.media_statements', 'count', ['media'], media_statements, null),
            ('events.count', 'at_least', ['events'], events, null),
            ('events.minority_forum.participants', 'at_least', ['events'], minority_participants, null),
            ('events.business_forum.in_person', 'count', ['events'], bf_in_person, null),
            ('events.business_forum.online', 'count', ['events'], bf_online, null),
            ('events.business_forum.countries', 'count', ['events'], bf_countries, null),
            ('events.business_forum.sessions', 'count', ['events'], bf_sessions, null),
            ('events.business_forum.panellists', 'at_least', ['events'], bf_panellists, null),
            ('external_support.responded', 'count', ['external-support'], responded, null),
            ('external_support.received', 'count', ['external-support'], received, null)
        ) as f (figure_id, kind, needs, part_count, items)
    union all
    -- paras 20-26: one list per theme code
    select
        year,
        datasets,
        'themes.' || theme_code || '.mandates',
        'list',
        ['reports'],
        null,
        mandates
    from years inner join themes using (year)
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
