-- Mandates that authored each valid report: the 710 $a subfields of its MARC record, one row
-- per report and mandate (stg_reports rejects a record naming a mandate twice or naming a
-- mandate that is not in mandates.csv, so every row here resolves).
with reports as (
    select report_id, _source_file, _row
    from staging.stg_reports
),

authors as (
    select _source_file, _row, trim(value) as mandate
    from raw.raw_reports
    where tag = '710' and code = 'a' and nullif(trim(value), '') is not null
)

select
    r.report_id,
    a.mandate
from reports as r
inner join authors as a on a._source_file = r._source_file and a._row = r._row
