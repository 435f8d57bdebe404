-- Cross-cutting themes of each valid report: the $a of every 650 field whose $2 is sp-theme
-- (other 650 fields are subject headings of the library). stg_reports rejects unknown or repeated codes.
with reports as (
    select report_id, _source_file, _row
    from staging.stg_reports
),

theme_fields as (
    select _source_file, _row, field_seq
    from raw.raw_reports
    where tag = '650' and code = '2' and trim(value) = 'sp-theme'
),

themes as (
    select f._source_file, f._row, trim(f.value) as theme_code
    from raw.raw_reports as f
    inner join theme_fields as t on t._source_file = f._source_file and t._row = f._row and t.field_seq = f.field_seq
    where f.tag = '650' and f.code = 'a' and nullif(trim(f.value), '') is not null
)

select
    r.report_id,
    t.theme_code
from reports as r
inner join themes as t on t._source_file = r._source_file and t._row = r._row
