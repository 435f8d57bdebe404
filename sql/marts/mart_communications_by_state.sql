-- Communications of each year by addressed State, with the replies received by the cutoff and the
-- substantive response rate (substantive replies / communications, as replies.response_rate_pct).
-- Communications to non-State actors have no State: see mart_communications_by_regional_group.
with by_state as (
    select
        year,
        iso3,
        any_value(country) as country,
        any_value(regional_group) as regional_group,
        count(*) as communications_count,
        count(*) filter (where is_joint) as joint_count,
        sum(individuals_count)::bigint as individuals_count,
        sum(individuals_women_count)::bigint as individuals_women_count,
        count(*) filter (where is_reprisal) as reprisals_count,
        sum(replies_count)::bigint as replies_count,
        sum(substantive_replies_count)::bigint as substantive_replies_count
    from marts.mart_communications
    where iso3 is not null and is_sent_by_cutoff
    group by year, iso3
)

select
    year,
    iso3,
    country,
    regional_group,
    communications_count,
    joint_count,
    individuals_count,
    individuals_women_count,
    reprisals_count,
    replies_count,
    substantive_replies_count,
    percent_half_up(substantive_replies_count, communications_count, 2) as response_rate_pct
from by_state
order by year, iso3
