-- Countries and territories of the project's reference (flows/reference/countries.csv), with
-- the short code of their regional group. Codes in the sources are checked against this table.
with countries as (
    select *
    from read_csv(
            getvariable('reference_dir') || '/countries.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
        )
),

trimmed as (
    select
        trim(iso3) as iso3,
        trim(name_en) as name_en,
        trim(name_zh) as name_zh,
        trim(un_status) as un_status,
        nullif(trim(regional_group), '') as regional_group
    from countries
)

select
    c.iso3,
    c.name_en,
    c.name_zh,
    c.un_status,
    c.un_status = 'Member State' as is_member_state,
    c.regional_group,
    g.group_code
from trimmed as c
left join staging.stg_regional_groups as g on g.regional_group = c.regional_group
