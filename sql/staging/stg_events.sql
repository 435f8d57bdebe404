-- Forums, consultations, expert meetings, seminars and other events, from a JSON array. Raw keeps
-- numbers as JSON text: a count must be a whole number (12, not 12.5) or null.
with src as (
    select
        nullif(trim(id), '') as event_id,
        nullif(trim("name"), '') as event_name,
        nullif(trim(series), '') as series,
        nullif(trim("type"), '') as event_type,
        nullif(trim("start"), '') as first_day,
        nullif(trim("end"), '') as last_day,
        nullif(trim(place), '') as place,
        participants_in_person,
        participants_online,
        countries,
        sessions,
        panellists,
        _source_file,
        _row,
        _year
    from raw.raw_events
),

typed as (
    select
        *,
        try_strptime(first_day, '%Y-%m-%d')::date as start_date,
        try_strptime(last_day, '%Y-%m-%d')::date as end_date,
        try_cast(nullif(regexp_extract(participants_in_person, '^[0-9]+$'), '') as integer)
            as participants_in_person_count,
        try_cast(nullif(regexp_extract(participants_online, '^[0-9]+$'), '') as integer) as participants_online_count,
        try_cast(nullif(regexp_extract(countries, '^[0-9]+$'), '') as integer) as countries_count,
        try_cast(nullif(regexp_extract(sessions, '^[0-9]+$'), '') as integer) as sessions_count,
        try_cast(nullif(regexp_extract(panellists, '^[0-9]+$'), '') as integer) as panellists_count
    from src
),

checked as (
    select
        *,
        coalesce(
            reject_if(event_id is null, 'id', event_id, 'id is empty'),
            reject_if(
                event_type is null or event_type not in ('forum', 'consultation', 'expert meeting', 'seminar', 'event'),
                'type',
                event_type,
                'type is not forum, consultation, expert meeting, seminar or event'
            ),
            reject_if(start_date is null, 'start', first_day, 'start is not a YYYY-MM-DD date'),
            reject_if(year(start_date) <> _year, 'start', first_day, 'start is not in the year of its file'),
            reject_if(end_date is null, 'end', last_day, 'end is not a YYYY-MM-DD date'),
            reject_if(end_date < start_date, 'end', last_day, 'end is before start'),
            reject_if(
                participants_in_person is not null and participants_in_person_count is null,
                'participants_in_person',
                participants_in_person,
                'participants_in_person is not a whole number'
            ),
            reject_if(
                participants_online is not null and participants_online_count is null,
                'participants_online',
                participants_online,
                'participants_online is not a whole number'
            ),
            reject_if(
                countries is not null and countries_count is null,
                'countries',
                countries,
                'countries is not a whole number'
            ),
            reject_if(
                sessions is not null and sessions_count is null,
                'sessions',
                sessions,
                'sessions is not a whole number'
            ),
            reject_if(
                panellists is not null and panellists_count is null,
                'panellists',
                panellists,
                'panellists is not a whole number'
            )
        ) as reject
    from typed
)

select
    event_id,
    event_name,
    series,
    event_type,
    start_date,
    end_date,
    place,
    participants_in_person_count,
    participants_online_count,
    countries_count,
    sessions_count,
    panellists_count,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
