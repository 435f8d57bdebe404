-- The run that built this warehouse, one row: its values come from the run as SQL variables
-- (flows/run_info.py, flows/pipeline.py); run_finished_at is stamped just before the build is published.
-- provenance_kind says whether the source is an export of the real systems
-- (docs/sources.md#1-manifestjson): a root without provenance is an export.
select
    getvariable('run_id') as run_id,
    getvariable('report_year')::integer as report_year,
    getvariable('run_started_at')::timestamp as run_started_at,
    null::timestamp as run_finished_at,
    getvariable('source')::varchar as source,
    getvariable('source_snapshot')::varchar as source_snapshot,
    getvariable('source_published_date')::date as source_published_date,
    coalesce(getvariable('provenance_kind'), 'export')::varchar as provenance_kind,
    getvariable('provenance_statement')::varchar as provenance_statement,
    getvariable('cutoff_date')::date as cutoff_date,
    -- a year whose cutoff is after the sources' published date: its cutoff is that date
    -- (docs/operations.md#years-in-progress)
    coalesce(getvariable('provisional'), false)::boolean as is_provisional,
    getvariable('code_version')::varchar as code_version,
    getvariable('code_hash')::varchar as code_hash
