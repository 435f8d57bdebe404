-- Cases transmitted by the Working Group on Enforced or Involuntary Disappearances in each year,
-- on or before its cutoff, by State and area (area null when none is recorded). Feeds
-- wgeid.cases_*.
select
    y.year,
    c.country_iso3 as iso3,
    k.name_en as country,
    nullif(trim(c.area), '') as area,
    count(*) as cases_count,
    count(*) filter (where c.is_urgent_action) as urgent_action_count,
    count(*) filter (where c.is_non_state) as non_state_count
from staging.stg_wgeid_cases as c
inner join marts.mart_report_years as y
    on is_in_year_by_cutoff(c.transmitted_date, y.year, y.cutoff_date)
left join staging.stg_countries as k on c.country_iso3 = k.iso3
group by all
order by y.year, iso3, area
