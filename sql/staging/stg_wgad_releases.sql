-- Releases reported of persons covered by WGAD opinions. Each names a valid opinion of the
-- source and one of its persons, 1..Persons - or an opinion older than every opinion the root
-- holds ("an opinion of the root or an earlier one", docs/sources.md#integrity-rules): a root need not reach back
-- to every opinion whose detainees are released today, and such a release is kept.
with src as (
    select
        nullif(trim("Opinion"), '') as opinion_id,
        nullif(trim("Person"), '') as person,
        nullif(trim("Reported"), '') as reported,
        _source_file,
        _row,
        _year
    from raw.raw_wgad_releases
),

typed as (
    select
        src.*,
        try_cast(nullif(regexp_extract(person, '^[0-9]+$'), '') as integer) as person_number,
        source_date(reported) as reported_date,
        try_cast(regexp_extract(src.opinion_id, '^[0-9]+/([0-9]{4})$', 1) as integer) as opinion_year,
        o.persons_count,
        (select min(year(adopted_date)) from staging.stg_wgad_opinions) as first_opinion_year
    from src
    left join staging.stg_wgad_opinions as o on o.opinion_id = src.opinion_id
),

checked as (
    select
        *,
        coalesce(
            reject_if(
                persons_count is null and not coalesce(opinion_year < first_opinion_year, false),
                'Opinion',
                opinion_id,
                'Opinion is not an opinion of the source nor older than its opinions'
            ),
            reject_if(
                person_number is null or person_number < 1 or person_number > persons_count,
                'Person',
                person,
                'Person is not a number from 1 to the Persons of the opinion'
            ),
            reject_if(reported_date is null, 'Reported', reported, 'Reported is not a DD Mon YYYY date'),
            reject_if(year(reported_date) <> _year, 'Reported', reported, 'Reported is not in the year of its file')
        ) as reject
    from typed
)

select
    opinion_id,
    person_number,
    reported_date,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
