-- Tags of each communication (e.g. reprisals), one row per communication and tag, from the
-- Tags list of the valid communications.
with communications as (
    select
        communication_id,
        tags
    from staging.stg_communications
),

items as (
    select
        communication_id,
        unnest(tags) as tag
    from communications
)

-- a communication has each tag once (stg_communications rejects a repeat)
select
    communication_id,
    tag
from items
