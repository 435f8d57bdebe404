-- Figures of paras 13-30 and 69 (reports, themes, media, events, external support), for each
-- year of mart_report_years; null for a year the dataset does not cover.
with years as (
    select
        y.year,
        bool_or(c.dataset = 'reports') as has_reports,
        bool_or(c.dataset = 'media') as has_media,
        bool_or(c.dataset = 'events') as has_events,
        bool_or(c.dataset = 'external-support') as has_survey
    from marts.mart_report_years as y
    left join marts.mart_source_coverage as c on c.year = y.year
    group by y.year
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

theme_codes as (
    -- the theme codes of the source contract (SOURCES.md, reports 650 $2 sp-theme)
    select * from (values
        ('sdgs'), ('women_gender'), ('prevention_peace'), ('migration'), ('climate'),
        ('new_technologies'), ('finance_economy')
    ) as t(theme_code)
),

themes as (
    -- paras 20-26: mandates that authored a report issued in Y carrying the theme
    select
        y.year,
        t.theme_code,
        coalesce(list(distinct m.mandate) filter (where m.mandate is not null), []) as mandates
    from years as y
    cross join theme_codes as t
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
    left join staging.stg_media as m on year(m.media_date) = y.year
    group by y.year
),

events as (
    -- paras 28-30: events starting in Y; the forums' recorded counts (summed should a series have
    -- several events starting in Y; null when the series has none)
    select
        y.year,
        count(e.event_id) as events,
        sum(coalesce(e.participants_in_person_count, 0) + coalesce(e.participants_online_count, 0))
            filter (where e.series = 'Forum on Minority Issues') as minority_participants,
        sum(e.participants_in_person_count) filter (where e.series = 'Forum on Business and Human Rights') as bf_in_person,
        sum(e.participants_online_count) filter (where e.series = 'Forum on Business and Human Rights') as bf_online,
        max(e.countries_count) filter (where e.series = 'Forum on Business and Human Rights') as bf_countries,
        sum(e.sessions_count) filter (where e.series = 'Forum on Business and Human Rights') as bf_sessions,
        sum(e.panellists_count) filter (where e.series = 'Forum on Business and Human Rights') as bf_panellists
    from years as y
    left join staging.stg_events as e on year(e.start_date) = y.year
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
    select year, 'reports.total' as figure_id, 'count' as kind, has_reports as is_covered,
        total as part_count, null::varchar[] as items
    from years join reports using (year)
    union all
    select year, 'reports.to_hrc', 'count', has_reports, to_hrc, null from years join reports using (year)
    union all
    select year, 'reports.to_ga', 'count', has_reports, to_ga, null from years join reports using (year)
    union all
    select year, 'reports.country_visit', 'count', has_reports, country_visit, null from years join reports using (year)
    union all
    select year, 'themes.' || theme_code || '.mandates', 'list', has_reports, null, mandates
    from years join themes using (year)
    union all
    select year, 'media.products', 'count', has_media, products, null from years join media using (year)
    union all
    select year, 'media.press_releases', 'count', has_media, press_releases, null from years join media using (year)
    union all
    select year, 'media.media_advisories', 'count', has_media, media_advisories, null from years join media using (year)
    union all
    select year, 'media.media_statements', 'count', has_media, media_statements, null from years join media using (year)
    union all
    select year, 'events.count', 'at_least', has_events, events, null from years join events using (year)
    union all
    select year, 'events.minority_forum.participants', 'at_least', has_events, minority_participants, null
    from years join events using (year)
    union all
    select year, 'events.business_forum.in_person', 'count', has_events, bf_in_person, null from years join events using (year)
    union all
    select year, 'events.business_forum.online', 'count', has_events, bf_online, null from years join events using (year)
    union all
    select year, 'events.business_forum.countries', 'count', has_events, bf_countries, null from years join events using (year)
    union all
    select year, 'events.business_forum.sessions', 'count', has_events, bf_sessions, null from years join events using (year)
    union all
    select year, 'events.business_forum.panellists', 'at_least', has_events, bf_panellists, null
    from years join events using (year)
    union all
    select year, 'external_support.responded', 'count', has_survey, responded, null from years join survey using (year)
    union all
    select year, 'external_support.received', 'count', has_survey, received, null from years join survey using (year)
)

select
    year,
    figure_id,
    kind,
    (case when is_covered then part_count end)::bigint as part_count,
    null::bigint as whole_count,
    case when is_covered then items end as items
from figures
