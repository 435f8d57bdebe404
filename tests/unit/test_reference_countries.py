"""Checks on the shipped country reference tables (flows/reference/countries.csv, regional_groups.csv)."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

REFERENCE = Path(__file__).parents[2] / "flows" / "reference"
COUNTRIES_CSV = REFERENCE / "countries.csv"
GROUPS_CSV = REFERENCE / "regional_groups.csv"
FIGURES_CSV = REFERENCE / "published" / "A-HRC-55-69.csv"

MEMBER = "Member State"
OBSERVER = "Non-member observer State"
TERRITORY = "Territory"

# Sizes of the five UN regional groups, counting Member States only, with the conventions in
# flows/reference/README.md (USA, Türkiye, Israel in WEOG; Kiribati, Cyprus in Asia-Pacific).
EXPECTED_GROUP_SIZES = {
    "African States": 54,
    "Asia-Pacific States": 54,
    "Eastern European States": 23,
    "Latin American and Caribbean States": 33,
    "Western European and other States": 29,
}

# Country names the published list figures use (published/A-HRC-55-69.csv, ids below); restated here so that a
# parsing slip in the test cannot silently shrink what is checked.
FIGURE_COUNTRY_NAMES = {
    "Afghanistan",
    "Libya",
    "Myanmar",
    "Syrian Arab Republic",
    "Yemen",
    "Bangladesh",
    "Brazil",
    "Central African Republic",
    "Honduras",
    "Kyrgyzstan",
    "Mali",
    "Mongolia",
    "Qatar",
    "Cambodia",
    "Somalia",
    "Belarus",
    "Burundi",
    "Democratic People's Republic of Korea",
    "Eritrea",
    "Iran (Islamic Republic of)",
    "Israel",
}
COUNTRY_LIST_FIGURES = (
    "wgeid.cases_non_state.by_area",
    "visits.countries_5plus_in_5y",
    "country_mandates.access_granted",
    "country_mandates.access_denied",
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return _read(COUNTRIES_CSV)


@pytest.fixture(scope="module")
def groups() -> list[dict[str, str]]:
    return _read(GROUPS_CSV)


def test_files_are_utf8_without_bom() -> None:
    for path in (COUNTRIES_CSV, GROUPS_CSV):
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf"), path


def test_headers(countries, groups) -> None:
    assert list(countries[0]) == ["iso3", "name_en", "name_zh", "un_status", "regional_group", "note"]
    assert list(groups[0]) == ["group_code", "regional_group", "name_zh"]


def test_status_counts(countries) -> None:
    statuses = Counter(r["un_status"] for r in countries)
    assert statuses[MEMBER] == 193
    assert statuses[OBSERVER] == 2
    assert set(statuses) == {MEMBER, OBSERVER, TERRITORY}
    observers = {r["iso3"]: r["name_en"] for r in countries if r["un_status"] == OBSERVER}
    assert observers == {"VAT": "Holy See", "PSE": "State of Palestine"}


def test_iso3_unique_uppercase_and_sorted(countries) -> None:
    codes = [r["iso3"] for r in countries]
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes), [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
    assert len(codes) == len(set(codes))
    assert codes == sorted(codes)


def test_names_unique_and_present(countries) -> None:
    for column in ("name_en", "name_zh"):
        names = [r[column] for r in countries]
        assert all(n.strip() == n and n for n in names), column
        dupes = [n for n, c in Counter(names).items() if c > 1]
        assert not dupes, (column, dupes)


def test_groups_table(groups) -> None:
    assert {g["regional_group"] for g in groups} == set(EXPECTED_GROUP_SIZES)
    # group_code is the suffix of the holders.region_pct.<code> figure ids
    figure_ids = {r["id"] for r in _read(FIGURES_CSV)}
    codes = {g["group_code"] for g in groups}
    assert {f"holders.region_pct.{c}" for c in codes} == {i for i in figure_ids if i.startswith("holders.region_pct.")}


def test_every_member_in_exactly_one_group(countries) -> None:
    members = [r for r in countries if r["un_status"] == MEMBER]
    bad = [r["name_en"] for r in members if r["regional_group"] not in EXPECTED_GROUP_SIZES]
    assert not bad


def test_group_sizes(countries) -> None:
    sizes = Counter(r["regional_group"] for r in countries if r["un_status"] == MEMBER)
    assert dict(sizes) == EXPECTED_GROUP_SIZES
    assert sum(sizes.values()) == 193


@pytest.mark.parametrize(
    ("iso3", "group"),
    [
        ("USA", "Western European and other States"),
        ("TUR", "Western European and other States"),
        ("ISR", "Western European and other States"),
        ("KIR", "Asia-Pacific States"),
        ("CYP", "Asia-Pacific States"),
        ("PSE", "Asia-Pacific States"),
        ("VAT", "Western European and other States"),
    ],
)
def test_group_conventions_have_notes(countries, iso3, group) -> None:
    row = next(r for r in countries if r["iso3"] == iso3)
    assert row["regional_group"] == group
    assert row["note"], f"{iso3}: the convention must be explained in note"


def test_territories(countries) -> None:
    territories = {r["iso3"]: r for r in countries if r["un_status"] == TERRITORY}
    required = {"XKX", "ESH", "PRI", "HKG", "MAC", "GRL", "NCL", "PYF", "GIB", "BMU", "GUM", "FLK", "TKL", "TCA", "MSR"}
    assert required <= set(territories)
    assert all(r["regional_group"] == "" for r in territories.values())
    assert "user-assigned" in territories["XKX"]["note"]
    assert territories["HKG"]["name_en"] == "China, Hong Kong Special Administrative Region"
    assert "TWN" not in {r["iso3"] for r in countries}


def _figure_list_items(figure_id: str) -> list[str]:
    row = next(r for r in _read(FIGURES_CSV) if r["id"] == figure_id)
    assert row["kind"] == "list"
    # items are "Name" or "Name:count"; an area qualifier in lower case may follow, "Name (north-east)"
    items = [part.strip().rsplit(":", 1)[0] for part in row["published"].split(";")]
    return [re.sub(r" \([a-z -]+\)$", "", item) for item in items]


def test_figure_country_names_are_name_en(countries) -> None:
    names_en = Counter(r["name_en"] for r in countries)
    used = {item for fid in COUNTRY_LIST_FIGURES for item in _figure_list_items(fid)}
    assert used == FIGURE_COUNTRY_NAMES
    missing = sorted(n for n in used if names_en[n] != 1)
    assert not missing
