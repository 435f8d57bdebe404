-- Opinions adopted by the Working Group on Arbitrary Detention, typed.
with src as (
    select
        nullif(trim("Opinion"), '') as opinion_id,
        nullif(trim("Country ISO3"), '') as country_iso3,
        nullif(trim("Adopted"), '') as adopted,
        nullif(trim("Persons"), '') as persons,
        nullif(trim("Arbitrary"), '') as arbitrary,
        _source_file,
        _row,
        _year
    from raw.raw_wgad_opinions
),

typed as (
    select
        *,
        source_date(adopted) as adopted_date,
        try_cast(nullif(regexp_extract(persons, '^[0-9]+$'), '') as integer) as persons_count
    from src
),

checked as (
    select
        *,
        coalesce(
            reject_if(
                not regexp_full_match(coalesce(opinion_id, ''), '[0-9]+/[0-9]{4}'),
                'Opinion',
                opinion_id,
                'Opinion is not n/YYYY'
            ),
            reject_if(
                country_iso3 is null or country_iso3 not in (select iso3 from staging.stg_countries),
                'Country ISO3',
                country_iso3,
                'Country ISO3 is not in the country reference'
            ),
            reject_if(adopted_date is null, 'Adopted', adopted, 'Adopted is not a DD Mon YYYY date'),
            reject_if(year(adopted_date) <> _year, 'Adopted', adopted, 'Adopted is not in the year of its file'),
            reject_if(persons_count is null, 'Persons', persons, 'Persons is not a whole number'),
            reject_if(
                arbitrary is null or arbitrary not in ('Yes', 'No'),
                'Arbitrary',
                arbitrary,
                'Arbitrary is not Yes or No'
            )
        ) as reject
    from typed
)

select
    opinion_id,
    country_iso3,
    adopted_date,
    persons_count,
    arbitrary = 'Yes' as is_arbitrary,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
