-- Mandates that authored each valid report: the 710 $a subfields of its MARC record (parsed once,
-- in stg_reports), one row per report and mandate. stg_reports rejects a record naming a
-- mandate twice or naming a mandate that is not in mandates.csv, so every row here resolves.
select
    report_id,
    unnest(author_mandates) as mandate
from staging.stg_reports
