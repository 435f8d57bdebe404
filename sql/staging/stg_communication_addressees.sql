-- Addressees of each communication: the State (named as in the country reference), or each
-- non-State actor of a communication coded OTH.
with communications as (
    select
        communication_id,
        addressee_iso3,
        non_state_actors
    from staging.stg_communications
),

states as (
    select
        c.communication_id,
        'State' as addressee_type,
        k.name_en as addressee_name,
        c.addressee_iso3
    from communications as c
    inner join staging.stg_countries as k on k.iso3 = c.addressee_iso3
),

actors as (
    select
        communication_id,
        'Non-State actor' as addressee_type,
        unnest(non_state_actors) as addressee_name,
        null::varchar as addressee_iso3
    from communications
    where addressee_iso3 is null
)

select * from states
union all
select * from actors
