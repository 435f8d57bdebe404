-- Figures of paras 8-12, 47, 54 and 71 (communications, replies, follow-ups, reprisals), for each
-- year of mart_report_years. A communication of Y is one with Date in Y. Each figure is null for
-- a year its dataset does not cover (mart_source_coverage).
with years as (
    select
        y.year,
        bool_or(c.dataset = 'communications') as has_communications,
        bool_or(c.dataset = 'replies') as has_replies,
        bool_or(c.dataset = 'followups') as has_followups,
        bool_or(c.dataset = 'reports') as has_reports
    from marts.mart_report_years as y
    left join marts.mart_source_coverage as c on c.year = y.year
    group by y.year
),

sent as (
    select
        y.year,
        count(c.communication_id) as sent,
        count(distinct c.iso3) as states,
        count(c.communication_id) filter (where c.communication_type in ('JAL', 'JUA', 'JOL')) as joint,
        coalesce(sum(c.individuals_count), 0) as individuals,
        coalesce(sum(c.individuals_women_count), 0) as individuals_women,
        -- replies to communications of Y received on or before the cutoff (mart_communications)
        coalesce(sum(c.replies_count), 0) as to_year_replies,
        coalesce(sum(c.substantive_replies_count), 0) as to_year_substantive,
        count(c.communication_id) filter (where c.is_reprisal) as reprisals,
        count(distinct c.iso3) filter (where c.is_reprisal) as reprisals_states
    from years as y
    left join marts.mart_communications as c on c.year = y.year
    group by y.year
),

non_state as (
    -- distinct names in Non-State actors, among all communications of Y and among those on reprisals
    select
        y.year,
        count(distinct a.actor) as actors,
        count(distinct a.actor) filter (where a.is_reprisal) as reprisals_actors
    from years as y
    left join (
        select c.sent_year as year, coalesce(c.is_reprisal, false) as is_reprisal, unnest(c.non_state_actors) as actor
        from staging.stg_communications as c
    ) as a on a.year = y.year
    group by y.year
),

replies as (
    -- replies with Date in Y, whatever year the communication was sent
    select
        y.year,
        count(r.reply_id) as received,
        count(r.reply_id) filter (where r.is_substantive) as received_substantive
    from years as y
    left join staging.stg_replies as r on r.received_year = y.year
    group by y.year
),

other as (
    select
        y.year,
        -- para 9: documents of type Communications report issued in Y
        (select count(*) from staging.stg_reports as r
         where r.issued_year = y.year and r.document_type = 'Communications report') as reports_published,
        -- para 47: follow-up letters sent in Y
        (select count(*) from staging.stg_followups as f where f.sent_year = y.year) as followups
    from years as y
),

figures as (
    select y.year, 'communications.sent' as figure_id, 'count' as kind, y.has_communications as is_covered,
        s.sent as part_count, null::bigint as whole_count
    from years as y join sent as s using (year)
    union all
    select year, 'communications.states', 'count', has_communications, states, null from years join sent using (year)
    union all
    select year, 'communications.non_state_actors', 'count', has_communications, actors, null
    from years join non_state using (year)
    union all
    select year, 'communications.joint', 'count', has_communications, joint, null from years join sent using (year)
    union all
    select year, 'communications.individuals', 'count', has_communications, individuals, null
    from years join sent using (year)
    union all
    select year, 'communications.individuals_women', 'count', has_communications, individuals_women, null
    from years join sent using (year)
    union all
    select year, 'replies.received', 'count', has_replies, received, null from years join replies using (year)
    union all
    select year, 'replies.received_substantive', 'count', has_replies, received_substantive, null
    from years join replies using (year)
    union all
    select year, 'replies.to_year_communications', 'count', has_communications and has_replies, to_year_replies, null
    from years join sent using (year)
    union all
    select year, 'replies.to_year_communications_substantive', 'count', has_communications and has_replies,
        to_year_substantive, null
    from years join sent using (year)
    union all
    -- substantive replies to communications of Y / communications of Y
    select year, 'replies.response_rate_pct', 'percent_2dp', has_communications and has_replies,
        to_year_substantive, sent
    from years join sent using (year)
    union all
    select year, 'communications.reports_published', 'count', has_reports, reports_published, null
    from years join other using (year)
    union all
    select year, 'followups.letters', 'count', has_followups, followups, null from years join other using (year)
    union all
    -- para 71: communications of Y tagged reprisals, and the States and non-State actors they address
    select year, 'reprisals.communications', 'count', has_communications, reprisals, null
    from years join sent using (year)
    union all
    select year, 'reprisals.states', 'count', has_communications, reprisals_states, null
    from years join sent using (year)
    union all
    select year, 'reprisals.non_state_actors', 'count', has_communications, reprisals_actors, null
    from years join non_state using (year)
)

select
    year,
    figure_id,
    kind,
    (case when is_covered then part_count end)::bigint as part_count,
    (case when is_covered then whole_count end)::bigint as whole_count,
    null::varchar[] as items
from figures
