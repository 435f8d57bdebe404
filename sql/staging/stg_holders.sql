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
            case when holder_id is null then {'col': 'Holder id', 'val': holder_id_text, 'why': 'Holder id is not a whole number'} end,
            case when holder_name is null then {'col': 'Name', 'val': holder_name, 'why': 'Name is empty'} end,
            case when mandate is null or mandate not in (select mandate from staging.stg_mandates)
                then {'col': 'Mandate', 'val': mandate, 'why': 'Mandate is not a mandate of mandates.csv'} end,
            case when role is null or role not in ('Special Rapporteur', 'Independent Expert', 'Chair-Rapporteur', 'Member')
                then {'col': 'Role', 'val': role, 'why': 'Role is not Special Rapporteur, Independent Expert, Chair-Rapporteur or Member'} end,
            case when gender is null or gender not in ('Female', 'Male')
                then {'col': 'Gender', 'val': gender, 'why': 'Gender is not Female or Male'} end,
            case when known_iso3 is null
                then {'col': 'Nationality', 'val': nationality_iso3, 'why': 'Nationality is not in the country reference'} end,
            case when appointed_date is null
                then {'col': 'Appointed', 'val': appointed, 'why': 'Appointed is not a DD Mon YYYY date'} end,
            case when term_start_date is null
                then {'col': 'Term start', 'val': term_start, 'why': 'Term start is not a DD Mon YYYY date'} end,
            case when term_end is not null and term_end_date is null
                then {'col': 'Term end', 'val': term_end, 'why': 'Term end is not a DD Mon YYYY date'} end,
            case when term_end_date < term_start_date
                then {'col': 'Term end', 'val': term_end, 'why': 'Term end is before Term start'} end
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
