-- Cases clarified, typed. A clarified case may have been transmitted long before the years the
-- source covers, so Case id is not checked against stg_wgeid_cases.
with src as (
    select
        nullif(trim("Case id"), '') as case_text,
        nullif(trim("Clarified"), '') as clarified,
        nullif(trim("Basis"), '') as basis,
        _source_file,
        _row,
        _year
    from raw.raw_wgeid_clarifications
),

typed as (
    select
        *,
        try_cast(nullif(regexp_extract(case_text, '^[0-9]+$'), '') as bigint) as case_id,
        source_date(clarified) as clarified_date
    from src
),

checked as (
    select
        *,
        coalesce(
            reject_if(case_id is null, 'Case id', case_text, 'Case id is not a whole number'),
            reject_if(clarified_date is null, 'Clarified', clarified, 'Clarified is not a DD Mon YYYY date'),
            reject_if(
                year(clarified_date) <> _year,
                'Clarified',
                clarified,
                'Clarified is not in the year of its file'
            ),
            reject_if(
                basis is null or basis not in ('Government', 'Sources'),
                'Basis',
                basis,
                'Basis is not Government or Sources'
            )
        ) as reject
    from typed
)

select
    case_id,
    clarified_date,
    basis,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
