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
            reject_if(reference_status is null, 'ISO3', iso3, 'ISO3 is not in the country reference'),
            reject_if(
                un_status is null or un_status not in ('Member State', 'Non-member observer State'),
                'Status',
                un_status,
                'Status is not Member State or Non-member observer State'
            ),
            reject_if(
                un_status <> reference_status,
                'Status',
                un_status,
                'Status disagrees with the country reference'
            ),
            reject_if(extended_date is null, 'Extended', extended, 'Extended is not a DD Mon YYYY date'),
            reject_if(
                withdrawn is not null and withdrawn_date is null,
                'Withdrawn',
                withdrawn,
                'Withdrawn is not a DD Mon YYYY date'
            )
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
