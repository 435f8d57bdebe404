-- Communications of each year by sending mandate (a joint communication counts for each of its
-- mandates), sent on or before the cutoff, with the replies received by the cutoff.
select
    c.year,
    m.mandate,
    count(*) as communications_count,
    count(*) filter (where c.is_joint) as joint_count,
    count(*) filter (where not c.is_joint) as single_count,
    count(distinct c.iso3) as states_count,
    sum(c.replies_count)::bigint as replies_count,
    sum(c.substantive_replies_count)::bigint as substantive_replies_count
from marts.mart_communications as c
inner join staging.stg_communication_mandates as m on m.communication_id = c.communication_id
where c.is_sent_by_cutoff
group by c.year, m.mandate
order by c.year, m.mandate
