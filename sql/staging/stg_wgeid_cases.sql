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
            case when case_id is null then {'col': 'Case id', 'val': case_text, 'why': 'Case id is not a whole number'} end,
            case when country_iso3 is null or country_iso3 not in (select iso3 from staging.stg_countries)
                then {'col': 'Country ISO3', 'val': country_iso3, 'why': 'Country ISO3 is not in the country reference'} end,
            case when transmitted_date is null
                then {'col': 'Transmitted', 'val': transmitted, 'why': 'Transmitted is not a DD Mon YYYY date'} end,
            case when year(transmitted_date) <> _year
                then {'col': 'Transmitted', 'val': transmitted, 'why': 'Transmitted is not in the year of its file'} end,
            case when procedure is null or procedure not in ('Urgent action', 'Standard')
                then {'col': 'Procedure', 'val': procedure, 'why': 'Procedure is not Urgent action or Standard'} end,
            case when alleged_perpetrator is null or alleged_perpetrator not in ('State', 'Non-State')
                then {'col': 'Alleged perpetrator', 'val': alleged_perpetrator, 'why': 'Alleged perpetrator is not State or Non-State'} end
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
