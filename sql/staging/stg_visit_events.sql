-- dataset: visit-events
-- Steps of country visit requests, typed. A request keeps one mandate and one host: when its
-- events disagree, every event of the request is rejected (which one is right is unknowable).
with src as (
    select
        nullif(trim("Event id"), '') as event_text, nullif(trim("Request id"), '') as request_text,
        nullif(trim("Mandate"), '') as mandate, nullif(trim("Host"), '') as host,
        nullif(trim("Host ISO3"), '') as host_iso3, nullif(trim("Host type"), '') as host_type,
        nullif(trim("Status"), '') as status, nullif(trim("Date"), '') as event_day,
        nullif(trim("Visit start"), '') as visit_start, nullif(trim("Visit end"), '') as visit_end,
        nullif(trim("Report symbol"), '') as report_symbol,
        _source_file, _row, _year
    from raw.raw_visit_events
),

typed as (
    select
        *,
        try_cast(nullif(regexp_extract(event_text, '^[0-9]+$'), '') as bigint) as event_id,
        try_cast(nullif(regexp_extract(request_text, '^[0-9]+$'), '') as bigint) as request_id,
        source_date(event_day) as event_date,
        source_date(visit_start) as visit_start_date,
        source_date(visit_end) as visit_end_date,
        -- mandate and host of the request as its events record them, compared across the request
        [mandate, host, host_iso3, host_type]::varchar as request_identity
    from src
),

requests as (
    select
        *,
        min(request_identity) over (partition by request_id) <> max(request_identity) over (partition by request_id)
            as request_disagrees
    from typed
),

checked as (
    select
        *,
        coalesce(
            case when event_id is null then {'col': 'Event id', 'val': event_text, 'why': 'Event id is not a whole number'} end,
            case when request_id is null then {'col': 'Request id', 'val': request_text, 'why': 'Request id is not a whole number'} end,
            case when mandate is null or mandate not in (select mandate from staging.stg_mandates)
                then {'col': 'Mandate', 'val': mandate, 'why': 'Mandate is not a mandate of mandates.csv'} end,
            case when host is null then {'col': 'Host', 'val': host, 'why': 'Host is empty'} end,
            case when host_type is null or host_type not in ('State', 'Territory', 'Institution')
                then {'col': 'Host type', 'val': host_type, 'why': 'Host type is not State, Territory or Institution'} end,
            case when host_type <> 'Institution' and (host_iso3 is null or host_iso3 not in (select iso3 from staging.stg_countries))
                then {'col': 'Host ISO3', 'val': host_iso3, 'why': 'Host ISO3 of a State or territory is not in the country reference'} end,
            case when host_type = 'Institution' and host_iso3 is not null
                then {'col': 'Host ISO3', 'val': host_iso3, 'why': 'Host ISO3 is given for an institution'} end,
            case when status is null or status not in (select status from staging.stg_visit_statuses)
                then {'col': 'Status', 'val': status, 'why': 'Status is not a status of the country visits database'} end,
            case when event_date is null then {'col': 'Date', 'val': event_day, 'why': 'Date is not a DD Mon YYYY date'} end,
            case when year(event_date) <> _year then {'col': 'Date', 'val': event_day, 'why': 'Date is not in the year of its file'} end,
            case when visit_start is not null and visit_start_date is null
                then {'col': 'Visit start', 'val': visit_start, 'why': 'Visit start is not a DD Mon YYYY date'} end,
            case when visit_end is not null and visit_end_date is null
                then {'col': 'Visit end', 'val': visit_end, 'why': 'Visit end is not a DD Mon YYYY date'} end,
            case when status = 'Completed' and (visit_start_date is null or visit_end_date is null)
                then {'col': 'Visit start', 'val': visit_start, 'why': 'a Completed event needs Visit start and Visit end'} end,
            case when status = 'Completed' and event_date <> visit_end_date
                then {'col': 'Date', 'val': event_day, 'why': 'the Date of a Completed event is not its Visit end'} end,
            case when visit_start_date > visit_end_date
                then {'col': 'Visit end', 'val': visit_end, 'why': 'Visit end is before Visit start'} end,
            case when status <> 'Completed' and coalesce(visit_start, visit_end, report_symbol) is not null
                then {'col': 'Status', 'val': status, 'why': 'Visit start, Visit end and Report symbol belong to Completed events only'} end,
            case when request_disagrees
                then {'col': 'Request id', 'val': request_text, 'why': 'the events of this request disagree on mandate or host'} end
        ) as reject
    from requests
)

select
    event_id, request_id, mandate, host, host_iso3, host_type, status, event_date,
    visit_start_date, visit_end_date, report_symbol,
    _source_file, _row,
    reject.why as _reject_reason, reject.col as _reject_column, reject.val as _reject_value
from checked
