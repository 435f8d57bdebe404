-- For each year of mart_report_years, its cutoff and the dated datasets that cover it (a row
-- dated in the year, mart_source_coverage). The facts_* marts compute a figure for a year only
-- when every dataset it needs covers that year (docs/figures.md#null-and-zero).
select
    y.year,
    y.cutoff_date,
    coalesce(
        list(c.dataset order by c.dataset) filter (where c.dataset is not null), []
    ) as datasets
from marts.mart_report_years as y
left join marts.mart_source_coverage as c on y.year = c.year
group by y.year, y.cutoff_date
order by y.year
