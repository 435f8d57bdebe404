-- Which years each dated dataset covers: rows per dataset and year, by the date that files the
-- row into a year (docs/sources.md#2-common-rules-for-csv-files: "a row dated in a year lies in a file of that year").
-- A figure whose dataset has no row in a year is left null for that year (not computed) rather
-- than reported as a count of 0. Undated datasets (mandates, positions, holders, standing
-- invitations) are states of the world and are not listed.
with dated as (
    select
        'communications' as dataset,
        sent_year as year
    from staging.stg_communications
    union all
    select
        'replies',
        received_year
    from staging.stg_replies
    union all
    select
        'followups',
        sent_year
    from staging.stg_followups
    union all
    select
        'visit-events',
        year(event_date)
    from staging.stg_visit_events
    union all
    select
        'external-support',
        survey_year
    from staging.stg_external_support
    union all
    select
        'reports',
        issued_year
    from staging.stg_reports
    union all
    select
        'media',
        year(media_date)
    from staging.stg_media
    union all
    select
        'wgeid-cases',
        year(transmitted_date)
    from staging.stg_wgeid_cases
    union all
    select
        'wgeid-clarifications',
        year(clarified_date)
    from staging.stg_wgeid_clarifications
    union all
    select
        'wgad-opinions',
        year(adopted_date)
    from staging.stg_wgad_opinions
    union all
    select
        'wgad-releases',
        year(reported_date)
    from staging.stg_wgad_releases
    union all
    select
        'events',
        year(start_date)
    from staging.stg_events
)

select
    dataset,
    year::integer as year,
    count(*) as rows_count
from dated
where year is not null
group by dataset, year
order by dataset, year
