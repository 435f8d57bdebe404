-- dataset: reports
-- Documents issued, one row per MARC record: raw_reports holds one row per (sub)field, pivoted
-- here. A record must have 001, 191 $a, 269 $a and at least one 710 $a (SOURCES.md).
with fields as (
    select
        _source_file, _row, _year, tag, code, nullif(trim(value), '') as value, field_seq,
        -- a 650 field is a theme of the report when its $2 is sp-theme (else a library subject)
        bool_or(code = '2' and trim(value) = 'sp-theme') over (partition by _source_file, _row, field_seq) as is_theme
    from raw.raw_reports
),

records as (
    select
        _source_file, _row, any_value(_year) as _year,
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
            case when len(coalesce(ids, [])) <> 1 then {'col': '001', 'val': ids::varchar, 'why': 'the record does not have exactly one 001'} end,
            case when len(coalesce(symbols, [])) <> 1 then {'col': '191 $a', 'val': symbols::varchar, 'why': 'the record does not have exactly one 191 $a'} end,
            case when issued_date is null or len(dates) <> 1
                then {'col': '269 $a', 'val': dates::varchar, 'why': 'the record does not have one 269 $a date YYYY-MM-DD'} end,
            case when year(issued_date) <> _year then {'col': '269 $a', 'val': dates[1], 'why': '269 $a is not in the year of its file'} end,
            case when len(coalesce(authors, [])) = 0 then {'col': '710 $a', 'val': null, 'why': 'the record has no 710 $a author'} end,
            case when len(unknown_authors) > 0
                then {'col': '710 $a', 'val': unknown_authors[1], 'why': '710 $a names a mandate not in mandates.csv'} end,
            case when len(list_distinct(authors)) < len(authors) then {'col': '710 $a', 'val': authors::varchar, 'why': '710 $a names a mandate twice'} end,
            case when len(coalesce(types, [])) <> 1 or types[1] not in (select document_type from staging.stg_document_types)
                then {'col': '989 $a', 'val': types::varchar, 'why': 'the record does not have one known 989 $a document type'} end,
            case when len(countries) > 1 then {'col': '651 $a', 'val': countries::varchar, 'why': 'the record has more than one 651 $a'} end,
            case when countries[1] not in (select iso3 from staging.stg_countries)
                then {'col': '651 $a', 'val': countries[1], 'why': '651 $a is not in the country reference'} end,
            case when len(unknown_themes) > 0
                then {'col': '650 $a', 'val': themes::varchar, 'why': 'a 650 $a sp-theme is not a known theme code'} end,
            case when len(list_distinct(themes)) < len(themes) then {'col': '650 $a', 'val': themes::varchar, 'why': 'a theme is given twice'} end
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
