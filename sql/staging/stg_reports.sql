-- Documents issued, one row per MARC record: raw_reports holds one row per (sub)field, pivoted
-- here. A record must have 001, 191 $a, 269 $a and at least one 710 $a (docs/sources.md#integrity-rules).
with fields as (
    select
        _source_file,
        _row,
        _year,
        tag,
        code,
        nullif(trim(value), '') as value,
        field_seq,
        -- a 650 field is a theme of the report when its $2 is sp-theme (else a library subject)
        bool_or(code = '2' and trim(value) = 'sp-theme') over (partition by _source_file, _row, field_seq) as is_theme
    from raw.raw_reports
),

records as (
    select
        _source_file,
        _row,
        any_value(_year) as _year,
        list(value order by field_seq) filter (where tag = '001') as ids,
        list(value order by field_seq) filter (where tag = '191' and code = 'a') as symbols,
        list(value order by field_seq) filter (where tag = '245' and code = 'a') as titles,
        list(value order by field_seq) filter (where tag = '269' and code = 'a') as dates,
        list(value order by field_seq) filter (where tag = '710' and code = 'a') as authors,
        list(value order by field_seq) filter (where tag = '651' and code = 'a') as countries,
        list(value order by field_seq) filter (where tag = '989' and code = 'a') as types,
        list(value order by field_seq) filter (where tag = '650' and code = 'a' and is_theme) as themes
    from fields
    group by _source_file, _row
),

typed as (
    select
        *,
        try_strptime(dates[1], '%Y-%m-%d')::date as issued_date,
        [m for m in coalesce(authors, []) if not list_contains(known_mandates, m)] as unknown_authors,
        [t for t in coalesce(themes, []) if not list_contains(known_themes, t)] as unknown_themes
    from records
    -- every mandate name of the reference, as one list (empty when there are none)
    cross join (select coalesce(list(mandate), []) as known_mandates from staging.stg_mandates)
    -- the theme codes of the reference (flows/reference/theme_codes.csv)
    cross join (select coalesce(list(theme_code), []) as known_themes from staging.stg_theme_codes)
),

checked as (
    select
        *,
        coalesce(
            reject_if(len(coalesce(ids, [])) <> 1, '001', ids::varchar, 'the record does not have exactly one 001'),
            reject_if(
                len(coalesce(symbols, [])) <> 1,
                '191 $a',
                symbols::varchar,
                'the record does not have exactly one 191 $a'
            ),
            reject_if(
                issued_date is null or len(dates) <> 1,
                '269 $a',
                dates::varchar,
                'the record does not have one 269 $a date YYYY-MM-DD'
            ),
            reject_if(year(issued_date) <> _year, '269 $a', dates[1], '269 $a is not in the year of its file'),
            reject_if(len(coalesce(authors, [])) = 0, '710 $a', null, 'the record has no 710 $a author'),
            reject_if(
                len(unknown_authors) > 0,
                '710 $a',
                unknown_authors[1],
                '710 $a names a mandate not in mandates.csv'
            ),
            reject_if(
                len(list_distinct(authors)) < len(authors),
                '710 $a',
                authors::varchar,
                '710 $a names a mandate twice'
            ),
            reject_if(
                len(coalesce(types, [])) <> 1 or types[1] not in (select document_type from staging.stg_document_types),
                '989 $a',
                types::varchar,
                'the record does not have one known 989 $a document type'
            ),
            reject_if(len(countries) > 1, '651 $a', countries::varchar, 'the record has more than one 651 $a'),
            reject_if(
                countries[1] not in (select iso3 from staging.stg_countries),
                '651 $a',
                countries[1],
                '651 $a is not in the country reference'
            ),
            reject_if(
                len(unknown_themes) > 0,
                '650 $a',
                themes::varchar,
                'a 650 $a sp-theme is not a known theme code'
            ),
            reject_if(len(list_distinct(themes)) < len(themes), '650 $a', themes::varchar, 'a theme is given twice')
        ) as reject
    from typed
)

select
    ids[1] as report_id,
    symbols[1] as symbol,
    titles[1] as title,
    issued_date,
    year(issued_date)::integer as issued_year,
    -- the body follows from the symbol: A/HRC/... the Council, A/<session>/... the Assembly
    case
        when starts_with(symbols[1], 'A/HRC/') then 'hrc'
        when regexp_matches(symbols[1], '^A/[0-9]+/') then 'ga'
        else 'other'
    end as body_code,
    types[1] as document_type,
    countries[1] as country_iso3,
    -- the record's 710 $a and its sp-theme 650 $a, parsed once here for stg_report_authors and
    -- stg_report_themes
    coalesce(authors, []) as author_mandates,
    coalesce(themes, []) as theme_codes,
    _source_file,
    _row,
    reject.why as _reject_reason,
    reject.col as _reject_column,
    reject.val as _reject_value
from checked
