-- The cross-cutting themes of the documents issued in each year, by authoring mandate
-- (a joint report counts for each of its mandates). Feeds themes.*.mandates (paras 20-26).
select
    r.issued_year as year,
    t.theme_code,
    a.mandate,
    count(*) as reports_count,
    count(*) filter (where r.document_type in ('Thematic report', 'Country visit report'))
        as counted_reports_count,
    string_agg(r.symbol, '; ' order by encode(r.symbol)) as symbols
from staging.stg_reports as r
join staging.stg_report_themes as t on t.report_id = r.report_id
join staging.stg_report_authors as a on a.report_id = r.report_id
where r.issued_year is not null
group by all
order by year, t.theme_code, a.mandate
