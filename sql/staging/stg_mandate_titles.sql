-- Chinese titles of the mandates (flows/reference/mandate_titles.csv): reference data shipped with
-- the project, taken from the Chinese text of the annual report where it names the mandate. A
-- mandate the report does not name has no Chinese title here; pages then show its English title,
-- marked (docs/report.md#names).
with titles as (
    select *
    from read_csv(
            getvariable('reference_dir') || '/mandate_titles.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
        )
),

trimmed as (
    select
        trim(mandate) as mandate,
        nullif(trim(title_zh), '') as title_zh,
        nullif(trim(title_zh_source), '') as title_zh_source
    from titles
)

select
    mandate,
    title_zh,
    title_zh_source
from trimmed
