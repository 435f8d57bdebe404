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
            reject_if(mandate is null, 'Mandate', mandate, 'Mandate is empty'),
            reject_if(
                mandate_type is null or mandate_type not in ('Thematic', 'Country'),
                'Type',
                mandate_type,
                'Type is not Thematic or Country'
            ),
            reject_if(
                mandate_kind is null
                or mandate_kind not in ('Special Rapporteur', 'Independent Expert', 'Working Group'),
                'Kind',
                mandate_kind,
                'Kind is not Special Rapporteur, Independent Expert or Working Group'
            ),
            reject_if(
                mandate_type = 'Country' and country_iso3 is null,
                'Country ISO3',
                country_iso3,
                'a country mandate has no Country ISO3'
            ),
            reject_if(
                mandate_type = 'Thematic' and country_iso3 is not null,
                'Country ISO3',
                country_iso3,
                'a thematic mandate has a Country ISO3'
            ),
            reject_if(
                country_iso3 not in (select iso3 from staging.stg_countries),
                'Country ISO3',
                country_iso3,
                'Country ISO3 is not in the country reference'
            ),
            reject_if(established_date is null, 'Established', established, 'Established is not a DD Mon YYYY date'),
            reject_if(ended is not null and ended_date is null, 'Ended', ended, 'Ended is not a DD Mon YYYY date')
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
