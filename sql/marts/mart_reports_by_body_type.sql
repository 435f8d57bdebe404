-- Documents issued in each year, on or before its cutoff, by the body they go to and their
-- document type. Only thematic and country visit reports are "reports presented"
-- (docs/figures.md, para 14; flows/reference/document_types.csv): corrigenda, communications,
-- annual and forum reports are listed here but not counted in reports.total.
select
    y.year,
    r.body_code,
    r.document_type,
    t.is_counted_in_reports_total as is_counted_in_total,
    count(*) as reports_count
from staging.stg_reports as r
inner join marts.mart_report_years as y
    on is_in_year_by_cutoff(r.issued_date, y.year, y.cutoff_date)
inner join staging.stg_document_types as t on r.document_type = t.document_type
group by all
order by y.year, r.body_code, r.document_type
