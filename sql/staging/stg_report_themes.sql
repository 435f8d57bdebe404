-- Cross-cutting themes of each valid report: the $a of every 650 field whose $2 is sp-theme
-- (other 650 fields are subject headings of the library), parsed once in stg_reports, which
-- rejects unknown or repeated codes.
select
    report_id,
    unnest(theme_codes) as theme_code
from staging.stg_reports
