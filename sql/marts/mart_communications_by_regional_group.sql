-- Communications of each year by the regional group of the addressed State; communications to
-- non-State actors form the group 'non_state', so the groups add up to communications.sent.
with by_group as (
    select
        year,
        group_code,
        any_value(regional_group) as regional_group,
        count(*) as communications_count,
        count(distinct iso3) as states_count,
        count(*) filter (where is_joint) as joint_count,
        sum(individuals_count)::bigint as individuals_count,
        sum(individuals_women_count)::bigint as individuals_women_count,
        sum(replies_count)::bigint as replies_count,
        sum(substantive_replies_count)::bigint as substantive_replies_count
    from marts.mart_communications
    where group_code is not null and is_sent_by_cutoff
    group by year, group_code
)

select
    year,
    group_code,
    regional_group,
    communications_count,
    states_count,
    joint_count,
    individuals_count,
    individuals_women_count,
    replies_count,
    substantive_replies_count,
    percent_half_up(substantive_replies_count, communications_count, 2) as response_rate_pct
from by_group
order by year, group_code
