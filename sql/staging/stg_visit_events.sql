-- Steps of country visit requests, typed. A request keeps one mandate and one host: when its
-- events disagree, every event of the request is rejected (which one is right is unknowable).
with src as (
    select
        nullif(trim("Event id"), '') as event_text,
        nullif(trim("Request id"), '') as request_text,
        nullif(trim("Mandate"), '') as mandate,
        nullif(trim("Host"), '') as host,
        nullif(trim("Host ISO3"), '') as host_iso3,
        nullif(trim("Host type"), '') as host_type,
        nullif(trim("Status"), '') as status,
        nullif(trim("Date"), '') as event_day,
        nullif(trim("Visit start"), '') as visit_start,
        nullif(trim("Visit end"), '') as visit_end,
        nullif(trim("Report symbol"), '') as report_symbol,
        _source_file,
        _row,
        _year
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
            reject_if(event_id is null, 'Event id', event_text, 'Event id is not a whole number'),
            reject_if(request_id is null, 'Request id', request_text, 'Request id is not a whole number'),
            reject_if(
                mandate is null or mandate not in (select mandate from staging.stg_mandates),
                'Mandate',
                mandate,
                'Mandate is not a mandate of mandates.csv'
            ),
            reject_if(host is null, 'Host', host, 'Host is empty'),
            reject_if(
                host_type is null or host_type not in ('State', 'Territory', 'Institution'),
                'Host type',
                host_type,
                'Host type is not State, Territory or Institution'
            ),
            reject_if(
                host_type <> 'Institution'
                and (host_iso3 is null or host_iso3 not in (select iso3 from staging.stg_countries)),
                'Host ISO3',
                host_iso3,
                'Host ISO3 of a State or territory is not in the country reference'
            ),
            reject_if(
                host_type = 'Institution' and host_iso3 is not null,
                'Host ISO3',
                host_iso3,
                'Host ISO3 is given for an institution'
            ),
            reject_if(
                status is null or status not in (select status from staging.stg_visit_statuses),
                'Status',
                status,
                'Status is not a status of the country visits database'
            ),
            reject_if(event_date is null, 'Date', event_day, 'Date is not a DD Mon YYYY date'),
            reject_if(year(event_date) <> _year, 'Date', event_day, 'Date is not in the year of its file'),
            reject_if(
                visit_start is not null and visit_start_date is null,
                'Visit start',
                visit_start,
                'Visit start is not a DD Mon YYYY date'
            ),
            reject_if(
                visit_end is not null and visit_end_date is null,
                'Visit end',
                visit_end,
                'Visit end is not a DD Mon YYYY date'
            ),
            reject_if(
                status = 'Completed' and (visit_start_date is null or visit_end_date is null),
                'Visit start',
                visit_start,
                'a Completed event needs Visit start and Visit end'
            ),
            reject_if(
                status = 'Completed' and event_date <> visit_end_date,
                'Date',
                event_day,
                'the Date of a Completed event is not its Visit end'
            ),
            reject_if(visit_start_date > visit_end_date, 'Visit end', visit_end, 'Visit end is before Visit start'),
            reject_if(
                status <> 'Completed' and coalesce(visit_start, visit_end, report_symbol) is not null,
                'Status',
                status,
                'Visit start, Visit end and Report symbol belong to Completed events only'
            ),
            reject_if(
                request_disagrees,
                'Request id',
                request_text,
                'the events of this request disagree on mandate or host'
            )
        ) as reject
    from requests
)

select
    event_id,
    request_id,
    mandate,
    host,
    host_iso3,
    host_type,
    status,
    event_date,
    visit_start_date,
    visit_end_date,
    report_symbol,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
