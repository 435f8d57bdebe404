-- The statuses of a visit request (docs/sources.md, visit events) with the two readings the
-- figures make of them (docs/figures.md, country visits): pending at the cutoff when the latest
-- event has one of the pending statuses; an acceptance when a request reached Accepted or Dates
-- proposal. Reference data shipped with the project (flows/reference/visit_statuses.csv).
select
    trim(status) as status,
    trim(is_pending)::boolean as is_pending,
    trim(is_acceptance)::boolean as is_acceptance
from read_csv(
        getvariable('reference_dir') || '/visit_statuses.csv',
        header = true,
        all_varchar = true,
        delim = ',',
        quote = '"',
        escape = '"'
    )
