-- The five United Nations regional groups: reference data shipped with the project
-- (flows/reference/regional_groups.csv), not fetched from a source root.
with groups as (
    select *
    from read_csv(
        getvariable('reference_dir') || '/regional_groups.csv',
        header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
    )
)

select
    trim(group_code) as group_code,
    trim(regional_group) as regional_group,
    trim(name_zh) as name_zh
from groups
