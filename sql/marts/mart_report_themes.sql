-- The cross-cutting themes of the documents issued in each year, on or before its cutoff, by
-- authoring mandate (a joint report counts for each of its mandates). Feeds themes.*.mandates
-- (paras 20-26).
select
    y.year,
    t.theme_code,
    a.mandate,
    count(*) as reports_count,
    count(*) filter (where d.is_counted_in_reports_total) as counted_reports_count,
    string_agg(r.symbol, '; ' order by encode(r.symbol)) as symbols
from staging.stg_reports as r
inner join marts.mart_report_years as y
    on is_in_year_by_cutoff(r.issued_date, y.year, y.cutoff_date)
inner join staging.stg_report_themes as t on r.report_id = t.report_id
inner join staging.stg_report_authors as a on r.report_id = a.report_id
inner join staging.stg_document_types as d on r.document_type = d.document_type
group by all
order by y.year, t.theme_code, a.mandate
