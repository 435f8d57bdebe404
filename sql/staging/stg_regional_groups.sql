-- The five United Nations regional groups: reference data shipped with the project
-- (flows/reference/regional_groups.csv), not fetched from a source root. The English names
-- are spelled as in the sources' UN Region column, which stg_communications checks against
-- them; group_code is the suffix of the figure ids holders.region_pct.<group_code>.
with groups as (
    select *
    from read_csv(
            getvariable('reference_dir') || '/regional_groups.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
        )
),

trimmed as (
    select
        trim(group_code) as group_code,
        trim(regional_group) as regional_group,
        trim(name_zh) as name_zh
    from groups
)

select
    group_code,
    regional_group,
    name_zh
from trimmed
