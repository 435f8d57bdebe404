-- Rules written once for every model (docs/architecture.md#practices): the source contract's
-- parsing (docs/sources.md) and the figure rules that several models share (docs/figures.md).
-- The runner creates these temporary macros before it runs a layer.

-- a date cell is DD Mon YYYY; null when it does not parse (the model then rejects the row)
create or replace temp macro source_date(cell) as try_strptime(cell, '%d %b %Y')::date;

-- a list cell holds items separated by ';', with optional spaces around items; empty items dropped
create or replace temp macro source_list(cell) as
[trim(item) for item in regexp_split_to_array(coalesce(cell, ''), ';') if trim(item) <> ''];

-- in force at a date: started on or before it and not ended by it; an end on that very day has
-- ended (docs/figures.md#cutoff)
create or replace temp macro is_in_force_at(start_date, end_date, at_date) as
coalesce(start_date <= at_date and (end_date is null or end_date > at_date), false);

-- dated in year Y as seen at the cutoff: 1 January of Y to the cutoff, nothing after it counts
-- (docs/figures.md#cutoff)
create or replace temp macro is_in_year_by_cutoff(event_date, year_value, cutoff) as
coalesce(year(event_date) = year_value and event_date <= cutoff, false);

-- 100 * part / whole rounded half up to `decimals`, times 10^decimals, in integers: DOUBLE would
-- turn 0.xx5 into 0.xx4999...; null when the whole is 0 (docs/figures.md#null-and-zero)
create or replace temp macro percent_half_up_scaled(part, whole, decimals) as
case
    when whole > 0
        then (2 * 100 * (10 ** decimals)::bigint * part + whole) // (2 * whole)
end;

-- the same percentage as a number with 2 decimals
create or replace temp macro percent_half_up(part, whole, decimals) as
(
    percent_half_up_scaled(part, whole, decimals)::decimal(18, 0)
    / (10 ** decimals)::bigint
)::decimal(18, 2);

-- a staging check: when `failed` holds, the row is rejected with the column, the cell as found
-- and the reason (the runner keeps it in staging.rejects); a model lists its checks in
-- coalesce(...), so the first failed one is the reason given
create or replace temp macro reject_if(failed, column_name, cell, reason) as
case
    when failed then { 'col': column_name, 'val': cell::varchar, 'why': reason }
end;

-- a figure's value for a year only when every dataset it needs (`needs`) covers that year
-- (`datasets`, from mart_year_coverage); else null, not computed (docs/figures.md#null-and-zero)
create or replace temp macro if_covered(value, datasets, needs) as
case
    when list_has_all(datasets, needs) then value
end;
