-- The parsing rules of the source contract (docs/sources.md#2-common-rules-for-csv-files), written
-- once for every model.
-- The runner creates these temporary macros before it runs a layer.

-- a date cell is DD Mon YYYY; null when it does not parse (the model then rejects the row)
create or replace temp macro source_date(cell) as try_strptime(cell, '%d %b %Y')::date;

-- a list cell holds items separated by ';', with optional spaces around items; empty items dropped
create or replace temp macro source_list(cell) as
    [trim(item) for item in regexp_split_to_array(coalesce(cell, ''), ';') if trim(item) <> ''];
