"""Report years side by side in one warehouse folder (flows/settings.py)."""

from pathlib import Path

from flows.settings import Settings, published_years, reading


def test_each_year_has_its_own_folder_and_shares_the_landing_zone(tmp_path):
    a, b = Settings(warehouse_dir=tmp_path, year=2023), Settings(warehouse_dir=tmp_path, year=2024)
    assert a.database_path == tmp_path / "2023" / "spfacts.duckdb" != b.database_path
    assert a.quality_dir != b.quality_dir and a.report_dir != b.report_dir
    assert a.raw_dir == b.raw_dir == tmp_path / "raw"


def test_readers_open_the_latest_published_year_unless_told(tmp_path):
    assert published_years(tmp_path) == []
    for year in (2022, 2024):
        (tmp_path / str(year)).mkdir()
        (tmp_path / str(year) / "spfacts.duckdb").write_bytes(b"")
    (tmp_path / "2025").mkdir()  # a year whose first run has not published yet
    (tmp_path / "raw").mkdir()
    assert published_years(tmp_path) == [2022, 2024]
    assert reading(tmp_path).database_path == tmp_path / "2024" / "spfacts.duckdb"
    assert reading(tmp_path, 2022).database_path == Path(tmp_path, "2022", "spfacts.duckdb")
