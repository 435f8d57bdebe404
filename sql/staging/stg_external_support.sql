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
            reject_if(survey_year is null, 'Holder id', holder_id_text, 'the manifest gives this file no year'),
            reject_if(holder_id is null, 'Holder id', holder_id_text, 'Holder id is not a whole number'),
            reject_if(
                holder_id not in (select holder_id from staging.stg_holders),
                'Holder id',
                holder_id_text,
                'Holder id is not a holder of holders.csv'
            ),
            reject_if(
                responded is null or responded not in ('Yes', 'No'),
                'Responded',
                responded,
                'Responded is not Yes or No'
            ),
            reject_if(
                external_support not in ('Yes', 'No'),
                'External support',
                external_support,
                'External support is not Yes, No or empty'
            ),
            reject_if(
                responded = 'No' and external_support is not null,
                'External support',
                external_support,
                'External support is given by a holder who did not respond'
            ),
            reject_if(
                len(list_filter(support_kinds, lambda k: k not in ('in kind', 'financial'))) > 0,
                'Kind',
                kind_text,
                'Kind lists something other than in kind or financial'
            ),
            reject_if(
                len(support_kinds) > 0 and external_support is distinct from 'Yes',
                'Kind',
                kind_text,
                'Kind is given without External support Yes'
            )
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
