-- Figures of paras 8-12, 47, 54 and 71 (communications, replies, follow-ups, reprisals), for each
-- year of mart_report_years. A communication of Y is one with Date in Y, on or before the cutoff.
-- Each figure is null for a year a dataset it needs does not cover (mart_year_coverage).
with years as (
    select
        year,
        cutoff_date,
        datasets
    from marts.mart_year_coverage
),

communications as (
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
    left join marts.mart_communications as c on c.year = y.year and c.is_sent_by_cutoff
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
        select
            c.sent_date,
            coalesce(c.is_reprisal, false) as is_reprisal,
            unnest(c.non_state_actors) as actor
        from staging.stg_communications as c
    ) as a on is_in_year_by_cutoff(a.sent_date, y.year, y.cutoff_date)
    group by y.year
),

replies as (
    -- replies with Date in Y, whatever year the communication was sent
    select
        y.year,
        count(r.reply_id) as received,
        count(r.reply_id) filter (where r.is_substantive) as received_substantive
    from years as y
    left join staging.stg_replies as r on is_in_year_by_cutoff(r.received_date, y.year, y.cutoff_date)
    group by y.year
),

other as (
    select
        y.year,
        -- para 9: documents of type Communications report issued in Y
        (
            select count(*) from staging.stg_reports as r
            where is_in_year_by_cutoff(r.issued_date, y.year, y.cutoff_date)
                and r.document_type = 'Communications report'
        ) as reports_published,
        -- para 47: follow-up letters sent in Y
        (
            select count(*) from staging.stg_followups as f
            where is_in_year_by_cutoff(f.sent_date, y.year, y.cutoff_date)
        ) as followups
    from years as y
),

figures as (
    -- one row per year and figure: the datasets it needs, its count (or a percentage's numerator
    -- and denominator)
    select
        y.year,
        y.datasets,
        f.*
    from years as y
    inner join communications using (year)
    inner join non_state using (year)
    inner join replies using (year)
    inner join other using (year)
    cross join lateral (
        values
        ('communications.sent', 'count', ['communications'], sent, null),
        ('communications.states', 'count', ['communications'], states, null),
        ('communications.non_state_actors', 'count', ['communications'], actors, null),
        ('communications.joint', 'count', ['communications'], joint, null),
        ('communications.individuals', 'count', ['communications'], individuals, null),
        ('communications.individuals_women', 'count', ['communications'], individuals_women, null),
        ('replies.received', 'count', ['replies'], received, null),
        ('replies.received_substantive', 'count', ['replies'], received_substantive, null),
        ('replies.to_year_communications', 'count', ['communications', 'replies'], to_year_replies, null),
        (
            'replies.to_year_communications_substantive', 'count', ['communications', 'replies'],
            to_year_substantive, null
        ),
        -- substantive replies to communications of Y / communications of Y
        ('replies.response_rate_pct', 'percent_2dp', ['communications', 'replies'], to_year_substantive, sent),
        ('communications.reports_published', 'count', ['reports'], reports_published, null),
        ('followups.letters', 'count', ['followups'], followups, null),
        -- para 71: communications of Y tagged reprisals, and the States and non-State actors they address
        ('reprisals.communications', 'count', ['communications'], reprisals, null),
        ('reprisals.states', 'count', ['communications'], reprisals_states, null),
        ('reprisals.non_state_actors', 'count', ['communications'], reprisals_actors, null)
    ) as f (figure_id, kind, needs, part_count, whole_count)
)

select
    year,
    figure_id,
    kind,
    -- null (not computed) for a year that a dataset the figure needs does not cover
    if_covered(part_count, datasets, needs)::bigint as part_count,
    if_covered(whole_count, datasets, needs)::bigint as whole_count,
    null::varchar[] as items
from figures
