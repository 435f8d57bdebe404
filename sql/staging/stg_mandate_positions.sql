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
            reject_if(mandate is null, 'Mandate', mandate, 'Mandate is empty'),
            reject_if(
                mandate not in (select mandate from staging.stg_mandates),
                'Mandate',
                mandate,
                'Mandate is not a mandate of mandates.csv'
            ),
            reject_if(
                position is null or position < 1,
                'Position',
                position_text,
                'Position is not a whole number from 1'
            ),
            reject_if(created_date is null, 'Created', created, 'Created is not a DD Mon YYYY date'),
            reject_if(
                abolished is not null and abolished_date is null,
                'Abolished',
                abolished,
                'Abolished is not a DD Mon YYYY date'
            )
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
