-- Cases transmitted by the Working Group on Enforced or Involuntary Disappearances in each year,
-- by State and area (area null when none is recorded). Feeds wgeid.cases_non_state.by_area.
select
    year(c.transmitted_date)::integer as year,
    c.country_iso3 as iso3,
    k.name_en as country,
    nullif(trim(c.area), '') as area,
    count(*) as cases_count,
    count(*) filter (where c.is_urgent_action) as urgent_action_count,
    count(*) filter (where c.is_non_state) as non_state_count
from staging.stg_wgeid_cases as c
left join staging.stg_countries as k on k.iso3 = c.country_iso3
where c.transmitted_date is not null
group by all
order by year, iso3, area
