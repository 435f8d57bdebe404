-- Mandate-holder positions (one per single-holder mandate, one per working-group member).
with src as (
    select
        nullif(trim("Mandate"), '') as mandate,
        nullif(trim("Position"), '') as position_text,
        nullif(trim("Created"), '') as created,
        nullif(trim("Abolished"), '') as abolished,
        _source_file,
        _row
    from raw.raw_positions
),

typed as (
    select
        *,
        -- whole numbers only: a cast alone would also take '1.0'
        try_cast(nullif(regexp_extract(position_text, '^[0-9]+$'), '') as integer) as position,
        source_date(created) as created_date,
        source_date(abolished) as abolished_date
    from src
),

checked as (
    select
        *,
        coalesce(
            case when mandate is null then {'col': 'Mandate', 'val': mandate, 'why': 'Mandate is empty'} end,
            case when mandate not in (select mandate from staging.stg_mandates)
                then {'col': 'Mandate', 'val': mandate, 'why': 'Mandate is not a mandate of mandates.csv'} end,
            case when position is null or position < 1
                then {'col': 'Position', 'val': position_text, 'why': 'Position is not a whole number from 1'} end,
            case when created_date is null
                then {'col': 'Created', 'val': created, 'why': 'Created is not a DD Mon YYYY date'} end,
            case when abolished is not null and abolished_date is null
                then {'col': 'Abolished', 'val': abolished, 'why': 'Abolished is not a DD Mon YYYY date'} end
        ) as reject
    from typed
)

select
    mandate,
    position,
    created_date,
    abolished_date,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
