-- One row per communication, with its addressee's region and the replies it had received by the
-- cutoff of the year it was sent in (docs/figures.md#repliesto_year_communications: replies to communications of Y
-- "received on or before the cutoff"; a reply that arrives later is not counted for Y).
with years as (
    select
        year,
        cutoff_date
    from marts.mart_report_years
),

replies_by_cutoff as (
    select
        c.communication_id,
        count(r.reply_id) as replies_count,
        count(r.reply_id) filter (where r.is_substantive) as substantive_replies_count,
        min(r.received_date) as first_reply_date
    from staging.stg_communications as c
    inner join years as y on y.year = c.sent_year
    inner join staging.stg_replies as r
        on r.communication_id = c.communication_id
            and r.received_date <= y.cutoff_date
    group by c.communication_id
)

select
    c.communication_id,
    c.sent_year as year,
    c.ref_no,
    c.sent_date,
    -- sent on or before the cutoff of its year: a communication of Y (docs/figures.md#cutoff)
    c.sent_date <= y.cutoff_date as is_sent_by_cutoff,
    c.communication_type,
    c.is_joint,
    c.is_non_state,
    c.addressee_iso3 as iso3,
    coalesce(k.name_en, c.country_name) as country,
    -- the region of the State from the country reference; non-State actors have their own bucket
    case when c.is_non_state then 'non_state' else coalesce(k.group_code, g.group_code) end as group_code,
    case when c.is_non_state then 'Non-State actors' else coalesce(k.regional_group, c.un_region) end as regional_group,
    coalesce(c.victims_count, 0) as individuals_count,
    coalesce(c.victims_women_count, 0) as individuals_women_count,
    coalesce(c.is_reprisal, false) as is_reprisal,
    coalesce(len(c.non_state_actors), 0) as non_state_actors_count,
    coalesce(r.replies_count, 0) as replies_count,
    coalesce(r.substantive_replies_count, 0) as substantive_replies_count,
    r.first_reply_date
from staging.stg_communications as c
left join years as y on y.year = c.sent_year
left join staging.stg_countries as k on k.iso3 = c.addressee_iso3
left join staging.stg_regional_groups as g on g.regional_group = c.un_region
left join replies_by_cutoff as r on r.communication_id = c.communication_id
