-- Mandates that sent each communication: the Mandates list of a valid communication, one row
-- per item. Built from stg_communications, so rejected communications have no rows here.
with communications as (
    select
        communication_id,
        mandates
    from staging.stg_communications
),

items as (
    select
        communication_id,
        unnest(mandates) as mandate
    from communications
)

-- a communication names each mandate once (stg_communications rejects a repeat)
select
    communication_id,
    mandate
from items
