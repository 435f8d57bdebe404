-- Figures that cannot be computed from this root: each needs a source column the root declares
-- unknown (staging.stg_unknown_columns, from manifest.json provenance); which columns a figure
-- needs is reference data (staging.stg_figure_columns). facts_and_figures leaves these figures
-- null for every year (docs/imports.md).
select
    f.figure_id,
    f.dataset,
    f.column_name
from staging.stg_figure_columns as f
inner join staging.stg_unknown_columns as u on u.dataset = f.dataset and u.column_name = f.column_name
order by f.figure_id, f.dataset, f.column_name
