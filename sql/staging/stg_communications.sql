-- Communications sent, typed and checked against docs/sources.md#communications; lists split on ';' and trimmed.
with src as (
    select
        nullif(trim("gId"), '') as gid,
        nullif(trim("Date"), '') as sent,
        nullif(trim("Type"), '') as communication_type,
        nullif(trim("Ref. no."), '') as ref_no,
        nullif(trim("Country"), '') as country_name,
        nullif(trim("UN Region"), '') as un_region,
        nullif(trim("OHCHR Region"), '') as ohchr_region,
        nullif(trim("Nb. of alleged victims"), '') as victims,
        nullif(trim("Nb. of alleged victims (women)"), '') as women,
        nullif(trim("Summary"), '') as summary,
        "Mandates" as mandates_text,
        "Non-State actors" as actors_text,
        source_list("Mandates") as mandates,
        source_list("Non-State actors") as non_state_actors,
        source_list("Tags") as tags,
        _source_file,
        _row,
        _year
    from raw.raw_communications
),

typed as (
    select
        *,
        try_cast(nullif(regexp_extract(gid, '^[0-9]+$'), '') as bigint) as communication_id,
        source_date(sent) as sent_date,
        regexp_extract(ref_no, '^([A-Z]{3}) [0-9]+/[0-9]{4}$', 1) as addressee_code,
        try_cast(nullif(regexp_extract(victims, '^[0-9]+$'), '') as integer) as victims_count,
        try_cast(nullif(regexp_extract(women, '^[0-9]+$'), '') as integer) as victims_women_count,
        [m for m in mandates if not list_contains(known_mandates, m)] as unknown_mandates,
        count(*) over (partition by ref_no) as ref_uses
    from src
    -- every mandate name of the reference, as one list (empty when there are none)
    cross join (select coalesce(list(mandate), []) as known_mandates from staging.stg_mandates)
    -- columns an imported root declares unknown (docs/imports.md): empty there is not a defect of the row
    cross join
        (
            select coalesce(list(column_name), []) as unknown_columns from staging.stg_unknown_columns
            where dataset = 'communications'
        )
),

checked as (
    select
        *,
        coalesce(
            reject_if(communication_id is null, 'gId', gid, 'gId is not a whole number'),
            reject_if(sent_date is null, 'Date', sent, 'Date is not a DD Mon YYYY date'),
            reject_if(year(sent_date) <> _year, 'Date', sent, 'Date is not in the year of its file'),
            reject_if(
                communication_type is null or communication_type not in ('AL', 'UA', 'OL', 'JAL', 'JUA', 'JOL'),
                'Type',
                communication_type,
                'Type is not AL, UA, OL, JAL, JUA or JOL'
            ),
            reject_if(addressee_code = '' or ref_no is null, 'Ref. no.', ref_no, 'Ref. no. is not CODE n/YYYY'),
            reject_if(
                addressee_code <> 'OTH' and addressee_code not in (select iso3 from staging.stg_countries),
                'Ref. no.',
                ref_no,
                'the code of Ref. no. is not in the country reference'
            ),
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
            ),
            reject_if(
                starts_with(communication_type, 'J') and len(mandates) < 2,
                'Type',
                communication_type,
                'a joint Type needs two or more Mandates'
            ),
            reject_if(
                not starts_with(communication_type, 'J') and len(mandates) > 1,
                'Type',
                communication_type,
                'a Type that is not joint needs exactly one mandate'
            ),
            reject_if(
                (addressee_code = 'OTH') <> (len(non_state_actors) > 0)
                -- a root that declares Non-State actors unknown may leave them empty (docs/imports.md)
                and not (len(non_state_actors) = 0 and list_contains(unknown_columns, 'Non-State actors')),
                'Non-State actors',
                actors_text,
                'Non-State actors must be given exactly when the code is OTH'
            ),
            reject_if(
                len(list_distinct(non_state_actors)) < len(non_state_actors),
                'Non-State actors',
                actors_text,
                'Non-State actors names an actor twice'
            ),
            reject_if(
                addressee_code = 'OTH' and un_region is not null,
                'UN Region',
                un_region,
                'UN Region is given for non-State actors'
            ),
            reject_if(
                addressee_code <> 'OTH'
                and (un_region is null or un_region not in (select regional_group from staging.stg_regional_groups)),
                'UN Region',
                un_region,
                'UN Region is not a regional group'
            ),
            reject_if(
                victims_count is null,
                'Nb. of alleged victims',
                victims,
                'Nb. of alleged victims is not a whole number'
            ),
            reject_if(
                victims_women_count is null
                and not (women is null and list_contains(unknown_columns, 'Nb. of alleged victims (women)')),
                'Nb. of alleged victims (women)',
                women,
                'Nb. of alleged victims (women) is not a whole number'
            ),
            reject_if(
                victims_women_count > victims_count,
                'Nb. of alleged victims (women)',
                women,
                'more women than alleged victims'
            ),
            reject_if(
                len(list_distinct(tags)) < len(tags),
                'Tags',
                array_to_string(tags, '; '),
                'Tags names a tag twice'
            )
        ) as reject
    from typed
)

select
    communication_id,
    -- Ref. no. is a key that replies name: a duplicate is a defect of the file and stops the run
    case when ref_uses > 1 and ref_no is not null
            then error(format('{} row {}: Ref. no. {} occurs {} times', _source_file, _row, ref_no, ref_uses))
        else ref_no
    end as ref_no,
    addressee_code,
    nullif(addressee_code, 'OTH') as addressee_iso3,
    addressee_code = 'OTH' as is_non_state,
    sent_date,
    year(sent_date)::integer as sent_year,
    communication_type,
    starts_with(communication_type, 'J') as is_joint,
    country_name,
    un_region,
    ohchr_region,
    victims_count,
    victims_women_count,
    list_contains(tags, 'reprisals') as is_reprisal,
    summary,
    mandates,
    non_state_actors,
    tags,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
