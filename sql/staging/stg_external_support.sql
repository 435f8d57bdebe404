-- Answers of mandate holders to the yearly survey on external support; the survey year is the
-- year of the file's manifest entry.
with src as (
    select
        _year as survey_year,
        nullif(trim("Holder id"), '') as holder_id_text,
        nullif(trim("Responded"), '') as responded,
        nullif(trim("External support"), '') as external_support,
        nullif(trim("Kind"), '') as kind_text,
        source_list("Kind") as kinds,
        _source_file,
        _row
    from raw.raw_external_support
),

typed as (
    select
        *,
        try_cast(nullif(regexp_extract(holder_id_text, '^[0-9]+$'), '') as bigint) as holder_id,
        list_transform(kinds, lambda s: trim(s)) as support_kinds
    from src
),

checked as (
    select
        *,
        coalesce(
            case when survey_year is null
                then {'col': 'Holder id', 'val': holder_id_text, 'why': 'the manifest gives this file no year'} end,
            case when holder_id is null then {'col': 'Holder id', 'val': holder_id_text, 'why': 'Holder id is not a whole number'} end,
            case when holder_id not in (select holder_id from staging.stg_holders)
                then {'col': 'Holder id', 'val': holder_id_text, 'why': 'Holder id is not a holder of holders.csv'} end,
            case when responded is null or responded not in ('Yes', 'No')
                then {'col': 'Responded', 'val': responded, 'why': 'Responded is not Yes or No'} end,
            case when external_support not in ('Yes', 'No')
                then {'col': 'External support', 'val': external_support, 'why': 'External support is not Yes, No or empty'} end,
            case when responded = 'No' and external_support is not null
                then {'col': 'External support', 'val': external_support, 'why': 'External support is given by a holder who did not respond'} end,
            case when len(list_filter(support_kinds, lambda k: k not in ('in kind', 'financial'))) > 0
                then {'col': 'Kind', 'val': kind_text, 'why': 'Kind lists something other than in kind or financial'} end,
            case when len(support_kinds) > 0 and external_support is distinct from 'Yes'
                then {'col': 'Kind', 'val': kind_text, 'why': 'Kind is given without External support Yes'} end
        ) as reject
    from typed
)

select
    survey_year::integer as survey_year,
    holder_id,
    responded = 'Yes' as has_responded,
    case external_support when 'Yes' then true when 'No' then false end as has_external_support,
    support_kinds,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
