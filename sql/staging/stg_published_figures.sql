-- Figures published in the annual reports, one file per report year
-- (snapshots/published-figures/figures_<year>.csv): the year comes from the file name.
-- Reference data for reconciliation only; nothing is computed from it.
with figures as (
    select *
    from read_csv(
        getvariable('published_dir') || '/figures_*.csv',
        header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
        filename = true, union_by_name = true
    )
)

select
    regexp_extract(filename, 'figures_([0-9]{4})\.csv$', 1)::integer as year,
    trim(id) as figure_id,
    trim(paragraph)::integer as paragraph,
    trim(kind) as kind,
    published,
    label_en,
    label_zh
from figures
