-- For a country mandate whose country is not the State that decides on its access, that State
-- (docs/figures.md: for the occupied Palestinian territories, Israel). Reference data shipped
-- with the project (flows/reference/state_concerned.csv); a mandate not listed concerns the
-- State of its own country.
select
    trim(country_iso3) as country_iso3,
    trim(state_iso3) as state_iso3,
    trim(why) as why
from read_csv(
        getvariable('reference_dir') || '/state_concerned.csv',
        header = true,
        all_varchar = true,
        delim = ',',
        quote = '"',
        escape = '"'
    )
