-- Special procedures mandates, typed. A row that breaks a rule of docs/sources.md keeps its first
-- failing rule in _reject_reason; the runner moves it to staging.rejects.
with src as (
    select
        nullif(trim("Mandate"), '') as mandate,
        nullif(trim("Title"), '') as title,
        nullif(trim("Type"), '') as mandate_type,
        nullif(trim("Kind"), '') as mandate_kind,
        nullif(trim("Country ISO3"), '') as country_iso3,
        nullif(trim("Established"), '') as established,
        nullif(trim("Resolution"), '') as resolution,
        nullif(trim("Ended"), '') as ended,
        _source_file,
        _row
    from raw.raw_mandates
),

typed as (
    select
        *,
        source_date(established) as established_date,
        source_date(ended) as ended_date
    from src
),

checked as (
    select
        *,
        coalesce(
            case when mandate is null then {'col': 'Mandate', 'val': mandate, 'why': 'Mandate is empty'} end,
            case when mandate_type is null or mandate_type not in ('Thematic', 'Country')
                then {'col': 'Type', 'val': mandate_type, 'why': 'Type is not Thematic or Country'} end,
            case when mandate_kind is null
                    or mandate_kind not in ('Special Rapporteur', 'Independent Expert', 'Working Group')
                then {'col': 'Kind', 'val': mandate_kind, 'why': 'Kind is not Special Rapporteur, Independent Expert or Working Group'} end,
            case when mandate_type = 'Country' and country_iso3 is null
                then {'col': 'Country ISO3', 'val': country_iso3, 'why': 'a country mandate has no Country ISO3'} end,
            case when mandate_type = 'Thematic' and country_iso3 is not null
                then {'col': 'Country ISO3', 'val': country_iso3, 'why': 'a thematic mandate has a Country ISO3'} end,
            case when country_iso3 not in (select iso3 from staging.stg_countries)
                then {'col': 'Country ISO3', 'val': country_iso3, 'why': 'Country ISO3 is not in the country reference'} end,
            case when established_date is null
                then {'col': 'Established', 'val': established, 'why': 'Established is not a DD Mon YYYY date'} end,
            case when ended is not null and ended_date is null
                then {'col': 'Ended', 'val': ended, 'why': 'Ended is not a DD Mon YYYY date'} end
        ) as reject
    from typed
)

select
    mandate,
    title,
    mandate_type,
    mandate_kind,
    country_iso3,
    established_date,
    resolution,
    ended_date,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
