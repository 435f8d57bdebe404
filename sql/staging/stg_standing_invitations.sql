-- Standing invitations to all thematic special procedures: one row per State.
with src as (
    select
        nullif(trim("Country"), '') as country_name,
        nullif(trim("ISO3"), '') as iso3,
        nullif(trim("Status"), '') as un_status,
        nullif(trim("Extended"), '') as extended,
        nullif(trim("Withdrawn"), '') as withdrawn,
        _source_file,
        _row
    from raw.raw_standing_invitations
),

typed as (
    select
        src.*,
        source_date(extended) as extended_date,
        source_date(withdrawn) as withdrawn_date,
        c.un_status as reference_status
    from src
    left join staging.stg_countries as c on c.iso3 = src.iso3
),

checked as (
    select
        *,
        coalesce(
            case when reference_status is null then {'col': 'ISO3', 'val': iso3, 'why': 'ISO3 is not in the country reference'} end,
            case when un_status is null or un_status not in ('Member State', 'Non-member observer State')
                then {'col': 'Status', 'val': un_status, 'why': 'Status is not Member State or Non-member observer State'} end,
            case when un_status <> reference_status
                then {'col': 'Status', 'val': un_status, 'why': 'Status disagrees with the country reference'} end,
            case when extended_date is null then {'col': 'Extended', 'val': extended, 'why': 'Extended is not a DD Mon YYYY date'} end,
            case when withdrawn is not null and withdrawn_date is null
                then {'col': 'Withdrawn', 'val': withdrawn, 'why': 'Withdrawn is not a DD Mon YYYY date'} end
        ) as reject
    from typed
)

select
    iso3,
    country_name,
    un_status,
    extended_date,
    withdrawn_date,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
