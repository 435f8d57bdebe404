-- The cross-cutting theme codes of the source contract (docs/sources.md, reports 650 $2
-- sp-theme): reference data shipped with the project (flows/reference/theme_codes.csv). Each
-- code gets a figure themes.<theme_code>.mandates (docs/figures.md); the names label the report page.
select
    trim(theme_code) as theme_code,
    trim(name_en) as name_en,
    trim(name_zh) as name_zh
from read_csv(
        getvariable('reference_dir') || '/theme_codes.csv',
        header = true,
        all_varchar = true,
        delim = ',',
        quote = '"',
        escape = '"'
    )
