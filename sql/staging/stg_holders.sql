-- Mandate-holder terms, typed, with the regional group of the holder's nationality.
with src as (
    select
        nullif(trim("Holder id"), '') as holder_id_text,
        nullif(trim("Name"), '') as holder_name,
        nullif(trim("Mandate"), '') as mandate,
        nullif(trim("Role"), '') as role,
        nullif(trim("Gender"), '') as gender,
        nullif(trim("Nationality"), '') as nationality_iso3,
        nullif(trim("Appointed"), '') as appointed,
        nullif(trim("Term start"), '') as term_start,
        nullif(trim("Term end"), '') as term_end,
        _source_file,
        _row
    from raw.raw_holders
),

typed as (
    select
        src.*,
        try_cast(nullif(regexp_extract(holder_id_text, '^[0-9]+$'), '') as bigint) as holder_id,
        source_date(appointed) as appointed_date,
        source_date(term_start) as term_start_date,
        source_date(term_end) as term_end_date,
        c.iso3 as known_iso3,
        c.regional_group
    from src
    left join staging.stg_countries as c on c.iso3 = src.nationality_iso3
),

checked as (
    select
        *,
        coalesce(
            reject_if(holder_id is null, 'Holder id', holder_id_text, 'Holder id is not a whole number'),
            reject_if(holder_name is null, 'Name', holder_name, 'Name is empty'),
            reject_if(
                mandate is null or mandate not in (select mandate from staging.stg_mandates),
                'Mandate',
                mandate,
                'Mandate is not a mandate of mandates.csv'
            ),
            reject_if(
                role is null or role not in ('Special Rapporteur', 'Independent Expert', 'Chair-Rapporteur', 'Member'),
                'Role',
                role,
                'Role is not Special Rapporteur, Independent Expert, Chair-Rapporteur or Member'
            ),
            reject_if(
                gender is null or gender not in ('Female', 'Male'),
                'Gender',
                gender,
                'Gender is not Female or Male'
            ),
            reject_if(
                known_iso3 is null,
                'Nationality',
                nationality_iso3,
                'Nationality is not in the country reference'
            ),
            reject_if(appointed_date is null, 'Appointed', appointed, 'Appointed is not a DD Mon YYYY date'),
            reject_if(term_start_date is null, 'Term start', term_start, 'Term start is not a DD Mon YYYY date'),
            reject_if(
                term_end is not null and term_end_date is null,
                'Term end',
                term_end,
                'Term end is not a DD Mon YYYY date'
            ),
            reject_if(term_end_date < term_start_date, 'Term end', term_end, 'Term end is before Term start')
        ) as reject
    from typed
)

select
    holder_id,
    holder_name,
    mandate,
    role,
    gender,
    nationality_iso3,
    regional_group,
    appointed_date,
    term_start_date,
    term_end_date,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
