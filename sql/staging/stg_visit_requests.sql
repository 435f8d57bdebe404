-- Country visit requests: one row per request, from its valid events. Mandate and host are the
-- same on every event of a request (stg_visit_events rejects a request whose events disagree).
with events as (
    select
        request_id,
        mandate,
        host,
        host_iso3,
        host_type,
        event_date
    from staging.stg_visit_events
),

requests as (
    select
        request_id,
        any_value(mandate) as mandate,
        any_value(host) as host,
        any_value(host_iso3) as host_iso3,
        any_value(host_type) as host_type,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date,
        count(*)::integer as events_count
    from events
    group by request_id
)

select * from requests
