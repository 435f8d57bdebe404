"""Readers pick the latest published year unless told (`spfacts sql`, `spfacts quality`)."""

import duckdb

from flows.cli import main


def _publish(warehouse, year: int) -> None:
    folder = warehouse / str(year)
    (folder / "quality").mkdir(parents=True)
    with duckdb.connect(str(folder / "spfacts.duckdb")) as con:
        con.execute("create table t as select ? as year_seen", [year])
    (folder / "quality" / "index.html").write_text("<html></html>")


def test_sql_reads_the_latest_year_unless_given_one(tmp_path, capsys):
    for year in (2022, 2024):
        _publish(tmp_path, year)
    assert main(["sql", "select year_seen from t", "--warehouse", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2024" in out and "2022" not in out
    assert main(["sql", "select year_seen from t", "--warehouse", str(tmp_path), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "2022" in out and "2024" not in out


def test_quality_prints_the_published_runs_page_when_there_is_one(tmp_path, capsys):
    _publish(tmp_path, 2023)
    docs = tmp_path / "2023" / "quality"
    assert main(["quality", "--warehouse", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(docs / "index.html")
    (docs / "published.html").write_text("<html></html>")
    assert main(["quality", "--warehouse", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == str(docs / "published.html")
