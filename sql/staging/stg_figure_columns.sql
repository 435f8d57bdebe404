-- The source columns each figure needs, where a root may lack one (flows/reference/figure_columns.csv,
-- reference data): a figure is computed only when every column it needs is known to the root.
-- An imported export declares the columns it lacks (staging.stg_unknown_columns, docs/imports.md);
-- marts.mart_unknown_figures joins the two, and facts_and_figures leaves those figures null.
-- Figures not listed here need no column that an importer leaves unknown.
with needs as (
    select *
    from read_csv(
            getvariable('reference_dir') || '/figure_columns.csv',
            header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'
        )
),

trimmed as (
    select
        trim(figure_id) as figure_id,
        trim(dataset) as dataset,
        trim("column") as column_name
    from needs
)

select
    figure_id,
    dataset,
    column_name
from trimmed
