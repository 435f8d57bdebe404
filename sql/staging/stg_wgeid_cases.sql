-- Cases of enforced disappearance transmitted to States by the Working Group, typed.
with src as (
    select
        nullif(trim("Case id"), '') as case_text,
        nullif(trim("Country ISO3"), '') as country_iso3,
        nullif(trim("Transmitted"), '') as transmitted,
        nullif(trim("Procedure"), '') as procedure,
        nullif(trim("Alleged perpetrator"), '') as alleged_perpetrator,
        nullif(trim("Area"), '') as area,
        _source_file,
        _row,
        _year
    from raw.raw_wgeid_cases
),

typed as (
    select
        *,
        try_cast(nullif(regexp_extract(case_text, '^[0-9]+$'), '') as bigint) as case_id,
        source_date(transmitted) as transmitted_date
    from src
),

checked as (
    select
        *,
        coalesce(
            reject_if(case_id is null, 'Case id', case_text, 'Case id is not a whole number'),
            reject_if(
                country_iso3 is null or country_iso3 not in (select iso3 from staging.stg_countries),
                'Country ISO3',
                country_iso3,
                'Country ISO3 is not in the country reference'
            ),
            reject_if(transmitted_date is null, 'Transmitted', transmitted, 'Transmitted is not a DD Mon YYYY date'),
            reject_if(
                year(transmitted_date) <> _year,
                'Transmitted',
                transmitted,
                'Transmitted is not in the year of its file'
            ),
            reject_if(
                procedure is null or procedure not in ('Urgent action', 'Standard'),
                'Procedure',
                procedure,
                'Procedure is not Urgent action or Standard'
            ),
            reject_if(
                alleged_perpetrator is null or alleged_perpetrator not in ('State', 'Non-State'),
                'Alleged perpetrator',
                alleged_perpetrator,
                'Alleged perpetrator is not State or Non-State'
            )
        ) as reject
    from typed
)

select
    case_id,
    country_iso3,
    transmitted_date,
    procedure,
    procedure = 'Urgent action' as is_urgent_action,
    alleged_perpetrator,
    alleged_perpetrator = 'Non-State' as is_non_state,
    area,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
