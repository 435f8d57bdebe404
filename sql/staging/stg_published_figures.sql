-- Figures published in the annual reports, one file per report year
-- (flows/reference/published_figures_<year>.csv): the year comes from the file name.
-- Reference data for reconciliation only; nothing is computed from it.
with figures as (
    select *
    from read_csv(
        getvariable('reference_dir') || '/published_figures_*.csv',
        header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
        filename = true, union_by_name = true
    )
)

select
    regexp_extract(filename, 'published_figures_([0-9]{4})\.csv$', 1)::integer as year,
    trim(id) as figure_id,
    trim(paragraph)::integer as paragraph,
    trim(kind) as kind,
    published,
    label_en,
    label_zh
from figures
