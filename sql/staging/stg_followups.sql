-- Follow-up letters to earlier communications, typed; Ref. no. must name a valid communication.
with src as (
    select
        nullif(trim("gId"), '') as gid,
        nullif(trim("Date"), '') as sent,
        nullif(trim("Ref. no."), '') as ref_no,
        "Mandates" as mandates_text,
        source_list("Mandates") as mandates,
        _source_file,
        _row,
        _year
    from raw.raw_followups
),

typed as (
    select
        src.*,
        try_cast(nullif(regexp_extract(gid, '^[0-9]+$'), '') as bigint) as followup_id,
        source_date(sent) as sent_date,
        c.communication_id,
        [m for m in src.mandates if not list_contains(known_mandates, m)] as unknown_mandates
    from src
    left join staging.stg_communications as c on c.ref_no = src.ref_no
    -- every mandate name of the reference, as one list (empty when there are none)
    cross join (select coalesce(list(mandate), []) as known_mandates from staging.stg_mandates)
),

checked as (
    select
        *,
        coalesce(
            reject_if(followup_id is null, 'gId', gid, 'gId is not a whole number'),
            reject_if(sent_date is null, 'Date', sent, 'Date is not a DD Mon YYYY date'),
            reject_if(year(sent_date) <> _year, 'Date', sent, 'Date is not in the year of its file'),
            reject_if(communication_id is null, 'Ref. no.', ref_no, 'Ref. no. is not a communication of the source'),
            reject_if(len(mandates) = 0, 'Mandates', mandates_text, 'Mandates is empty'),
            reject_if(
                len(unknown_mandates) > 0,
                'Mandates',
                unknown_mandates[1],
                'Mandates names a mandate not in mandates.csv'
            ),
            reject_if(
                len(list_distinct(mandates)) < len(mandates),
                'Mandates',
                mandates_text,
                'Mandates names a mandate twice'
            )
        ) as reject
    from typed
)

select
    followup_id,
    sent_date,
    year(sent_date)::integer as sent_year,
    ref_no,
    communication_id,
    mandates,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
