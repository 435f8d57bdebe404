-- Figures published in the annual reports, one file per report
-- (flows/reference/published/<symbol>.csv, holding its symbol and year on every row).
-- Reference data for reconciliation only; nothing is computed from it.
with figures as (
    select *
    from read_csv(
            getvariable('published_dir') || '/*.csv',
            header = true,
            all_varchar = true,
            delim = ',',
            quote = '"',
            escape = '"',
            union_by_name = true
        )
)

select
    trim(year)::integer as year,
    trim(report_symbol) as report_symbol,
    trim(id) as figure_id,
    trim(paragraph)::integer as paragraph,
    trim(kind) as kind,
    published,
    label_en,
    label_zh
from figures
