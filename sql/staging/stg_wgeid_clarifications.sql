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
            case when case_id is null then {'col': 'Case id', 'val': case_text, 'why': 'Case id is not a whole number'} end,
            case when clarified_date is null
                then {'col': 'Clarified', 'val': clarified, 'why': 'Clarified is not a DD Mon YYYY date'} end,
            case when year(clarified_date) <> _year
                then {'col': 'Clarified', 'val': clarified, 'why': 'Clarified is not in the year of its file'} end,
            case when basis is null or basis not in ('Government', 'Sources')
                then {'col': 'Basis', 'val': basis, 'why': 'Basis is not Government or Sources'} end
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
