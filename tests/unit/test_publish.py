"""Publishing swaps a finished build in; a failed build never touches the published file."""

import hashlib

import duckdb
import pytest

from flows.publish import build_path, discard, new_run_id, publish


def _warehouse(path, value):
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.facts_and_figures as select ? as value", [value])


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publish_replaces_the_warehouse(tmp_path):
    published = tmp_path / "spfacts.duckdb"
    _warehouse(published, "old")
    build = build_path(published, new_run_id())
    _warehouse(build, "new")
    publish(build, published)
    assert not build.exists()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select value from marts.facts_and_figures").fetchone() == ("new",)


def test_a_reader_of_the_old_file_does_not_block_publishing(tmp_path):
    published = tmp_path / "spfacts.duckdb"
    _warehouse(published, "old")
    reader = duckdb.connect(str(published), read_only=True)
    build = build_path(published, new_run_id())
    _warehouse(build, "new")
    publish(build, published)
    # the reader still sees the file it opened; new readers see the new one
    assert reader.execute("select value from marts.facts_and_figures").fetchone() == ("old",)
    reader.close()
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select value from marts.facts_and_figures").fetchone() == ("new",)


def test_an_incomplete_build_is_not_published(tmp_path):
    published = tmp_path / "spfacts.duckdb"
    _warehouse(published, "old")
    before = _digest(published)
    build = build_path(published, new_run_id())
    duckdb.connect(str(build)).close()  # no marts: the run did not finish
    with pytest.raises(duckdb.CatalogException):
        publish(build, published)
    kept = discard(build)
    assert _digest(published) == before
    assert kept.name == "spfacts.failed.duckdb" and not build.exists()


def test_builds_sit_beside_the_warehouse_and_run_ids_are_safe(tmp_path):
    published = tmp_path / "spfacts.duckdb"
    assert build_path(published, new_run_id()).parent == tmp_path
    with pytest.raises(ValueError):
        build_path(published, "../escape")
