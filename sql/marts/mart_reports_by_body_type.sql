-- Documents issued in each year by the body they go to and their document type. Only thematic
-- and country visit reports are "reports presented" (docs/figures.md#reportstotal): corrigenda,
-- communications, annual and forum reports are listed here but not counted in reports.total.
select
    issued_year as year,
    body_code,
    document_type,
    document_type in ('Thematic report', 'Country visit report') as is_counted_in_total,
    count(*) as reports_count
from staging.stg_reports
where issued_year is not null
group by all
order by year, body_code, document_type
