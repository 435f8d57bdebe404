-- One State's cooperation with the special procedures in each year, on one row: standing
-- invitation, visits, requests pending at the cutoff and for how long, communications received
-- by type, replies and the response rate, follow-ups. Built from the marts that compute each of
-- these once (visits and requests: mart_visits_by_country, mart_visit_requests_at_cutoff;
-- communications and replies: mart_communications, mart_communications_by_state), so a profile
-- always agrees with the figures. Every State and territory of the country reference has a row.
with pending as (
    -- the oldest request still pending at the cutoff: how long the State has left it unanswered
    select
        r.year,
        r.host_iso3 as iso3,
        min(r.first_event_date) as oldest_pending_request_date
    from marts.mart_visit_requests_at_cutoff as r
    where r.is_pending and r.host_iso3 is not null
    group by r.year, r.host_iso3
),

received as (
    -- a joint letter counts under its type without the J (JAL is an allegation letter)
    select
        year,
        iso3,
        count(*) filter (where communication_type in ('AL', 'JAL')) as allegation_letters_count,
        count(*) filter (where communication_type in ('UA', 'JUA')) as urgent_appeals_count,
        count(*) filter (where communication_type in ('OL', 'JOL')) as other_letters_count
    from marts.mart_communications
    where iso3 is not null and is_sent_by_cutoff
    group by year, iso3
),

followups as (
    -- follow-up letters sent in the year up to its cutoff (docs/figures.md#cutoff)
    select
        y.year,
        c.iso3,
        count(*) as followups_count
    from staging.stg_followups as f
    inner join marts.mart_report_years as y on is_in_year_by_cutoff(f.sent_date, y.year, y.cutoff_date)
    inner join marts.mart_communications as c on f.communication_id = c.communication_id
    where c.iso3 is not null
    group by y.year, c.iso3
)

select
    v.year,
    v.iso3,
    v.country,
    v.un_status,
    v.is_member_state,
    v.regional_group,
    v.has_standing_invitation,
    v.invitation_extended_date,
    v.visits_count,
    v.visits_5y_count,
    v.last_visit_start_date,
    v.requests_count,
    v.pending_requests_count,
    p.oldest_pending_request_date,
    (y.cutoff_date - p.oldest_pending_request_date)::integer as longest_pending_days,
    coalesce(s.communications_count, 0) as communications_count,
    coalesce(r.allegation_letters_count, 0) as allegation_letters_count,
    coalesce(r.urgent_appeals_count, 0) as urgent_appeals_count,
    coalesce(r.other_letters_count, 0) as other_letters_count,
    coalesce(s.joint_count, 0) as joint_count,
    coalesce(s.replies_count, 0) as replies_count,
    coalesce(s.substantive_replies_count, 0) as substantive_replies_count,
    s.response_rate_pct,
    coalesce(f.followups_count, 0) as followups_count
from marts.mart_visits_by_country as v
inner join marts.mart_report_years as y on y.year = v.year
left join pending as p on p.year = v.year and p.iso3 = v.iso3
left join marts.mart_communications_by_state as s on s.year = v.year and s.iso3 = v.iso3
left join received as r on r.year = v.year and r.iso3 = v.iso3
left join followups as f on f.year = v.year and f.iso3 = v.iso3
order by v.year, v.iso3
