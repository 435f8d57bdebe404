-- Source columns the root declares unknown, one row per (dataset, column).
--
-- A root written by `spfacts import` from a real export lists, in manifest.json
-- provenance.unknown_columns, the columns of the source contract that the export does not have
-- (women among victims, tags, non-State actor names, substantive flags, report themes...):
-- docs/imports.md. The load step writes that list to raw.raw_unknown_columns as written.
--
-- What staging does with it:
-- - stg_communications and stg_replies accept such a column empty instead of rejecting the row
--   (an empty cell there is not a defect of the row, the export never had the value);
-- - marts.mart_unknown_figures joins it with flows/reference/figure_columns.csv, and
--   facts_and_figures leaves every figure that needs an unknown column null.
--
-- A root without the declaration (the bundled snapshot, any full export) has no rows here, so
-- every rule of the source contract applies in full.
with declared as (
    select
        trim(dataset) as dataset,
        trim("column") as column_name
    from raw.raw_unknown_columns
)

select distinct
    dataset,
    column_name
from declared
where dataset <> '' and column_name <> ''
