-- Media products (press releases, media advisories, media statements) from JSON Lines. Raw keeps
-- each value as text: `mandates` is the JSON text of a list of mandate short names.
with src as (
    select
        nullif(trim(id), '') as media_id,
        nullif(trim("date"), '') as media_day,
        nullif(trim("type"), '') as media_type,
        nullif(trim(title), '') as title,
        nullif(trim(url), '') as url,
        mandates as mandates_json,
        _source_file,
        _row,
        _year
    from raw.raw_media
),

typed as (
    select
        *,
        try_strptime(media_day, '%Y-%m-%d')::date as media_date,
        -- only a JSON array becomes a list; anything else stays null and is rejected below
        case when json_valid(mandates_json) and json_type(mandates_json) = 'ARRAY'
                then [trim(m) for m in from_json(mandates_json, '["VARCHAR"]')]
        end as mandates
    from src
),

checked as (
    select
        *,
        coalesce(
            reject_if(media_id is null, 'id', media_id, 'id is empty'),
            reject_if(media_date is null, 'date', media_day, 'date is not a YYYY-MM-DD date'),
            reject_if(year(media_date) <> _year, 'date', media_day, 'date is not in the year of its file'),
            reject_if(
                media_type is null or media_type not in ('press release', 'media advisory', 'media statement'),
                'type',
                media_type,
                'type is not press release, media advisory or media statement'
            ),
            reject_if(mandates is null, 'mandates', mandates_json, 'mandates is not a JSON list'),
            reject_if(
                len([m for m in mandates if not list_contains(known_mandates, m)]) > 0,
                'mandates',
                mandates_json,
                'mandates names a mandate not in mandates.csv'
            ),
            reject_if(
                len(list_distinct(mandates)) < len(mandates),
                'mandates',
                mandates_json,
                'mandates names a mandate twice'
            )
        ) as reject
    from typed
    -- every mandate name of the reference, as one list (empty when there are none)
    cross join (select coalesce(list(mandate), []) as known_mandates from staging.stg_mandates)
)

select
    media_id,
    media_date,
    media_type,
    title,
    url,
    mandates,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
