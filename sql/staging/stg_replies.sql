-- Replies received, typed; each names by Ref. no. a valid communication of the source, of any
-- year (a reply received in January often answers a letter of the year before).
with src as (
    select
        nullif(trim("Reply gId"), '') as reply_gid,
        nullif(trim("Ref. no."), '') as ref_no,
        nullif(trim("Date"), '') as received,
        nullif(trim("From"), '') as reply_from,
        nullif(trim("Substantive"), '') as substantive,
        _source_file,
        _row,
        _year
    from raw.raw_replies
),

typed as (
    select
        src.*,
        try_cast(nullif(regexp_extract(reply_gid, '^[0-9]+$'), '') as bigint) as reply_id,
        source_date(received) as received_date,
        c.communication_id,
        unknown_columns
    from src
    left join staging.stg_communications as c on c.ref_no = src.ref_no
    -- columns an imported root declares unknown (docs/imports.md): empty there is not a defect of the row
    cross join
        (
            select coalesce(list(column_name), []) as unknown_columns from staging.stg_unknown_columns
            where dataset = 'replies'
        )
),

checked as (
    select
        *,
        coalesce(
            reject_if(reply_id is null, 'Reply gId', reply_gid, 'Reply gId is not a whole number'),
            reject_if(communication_id is null, 'Ref. no.', ref_no, 'Ref. no. is not a communication of the source'),
            reject_if(received_date is null, 'Date', received, 'Date is not a DD Mon YYYY date'),
            reject_if(year(received_date) <> _year, 'Date', received, 'Date is not in the year of its file'),
            reject_if(
                (substantive is null and not list_contains(unknown_columns, 'Substantive'))
                or substantive not in ('Yes', 'No'),
                'Substantive',
                substantive,
                'Substantive is not Yes or No'
            )
        ) as reject
    from typed
)

select
    reply_id,
    ref_no,
    communication_id,
    received_date,
    year(received_date)::integer as received_year,
    reply_from,
    substantive = 'Yes' as is_substantive,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
