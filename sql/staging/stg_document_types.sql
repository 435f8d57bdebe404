-- The document types of the source contract (reports 989 $a) and which of them are the "reports
-- presented" of reports.total (docs/figures.md): reference data shipped with the project
-- (flows/reference/document_types.csv).
select
    trim(document_type) as document_type,
    trim(is_counted_in_reports_total)::boolean as is_counted_in_reports_total
from read_csv(
        getvariable('reference_dir') || '/document_types.csv',
        header = true,
        all_varchar = true,
        delim = ',',
        quote = '"',
        escape = '"'
    )
