"""Fail fast on what cannot recover, ride out what can, refuse what is hostile (issue 8).

Fail-fast is asserted by the requests the loopback server saw, never by timing; the time bounds
are checked on a virtual clock that urllib3's waits advance (nothing really sleeps).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import urllib3.util.retry

import flows.sources.transport as transport
from flows.sources import ManifestError, SourceFileError, SourceRoot, SourceUnavailableError
from tests.support.loopback import LoopbackServer
from tests.support.roots import RootFile, write_root

CSV = "communications/communications-2023-001.csv"


class VirtualClock:
    """Stands in for urllib3's `time` module and for the transport's clock: sleeping advances it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> VirtualClock:
    fake = VirtualClock()
    monkeypatch.setattr(urllib3.util.retry, "time", fake)
    monkeypatch.setattr(transport, "_clock", fake.monotonic)
    return fake


@pytest.mark.parametrize("status", [404, 403])
def test_manifest_404_or_403_is_asked_once(tiny_root: Path, http_root, clock, status) -> None:
    server = http_root(tiny_root)
    server.fault("manifest.json", status=status)
    with SourceRoot.open(server.url) as root:
        with pytest.raises(ManifestError if status == 404 else SourceUnavailableError) as err:
            root.manifest()
    assert server.requests == ["manifest.json"]
    assert f"{status}" in str(err.value) and server.url + "manifest.json" in str(err.value)
    assert clock.waits == []


def test_a_missing_folder_is_not_retried(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailableError, match="not a folder") as err:
        SourceRoot.open(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(err.value)


def test_refused_connection_is_retried_only_within_its_short_bound(tiny_root: Path, clock) -> None:
    server = LoopbackServer(tiny_root)
    url = server.url
    server.close()  # nothing listens on the port any more: connection refused
    with SourceRoot.open(url, retries=50, backoff=0.5, unreachable_seconds=10, retry_seconds=60) as root:
        with pytest.raises(SourceUnavailableError) as err:
            root.manifest()
    # urllib3's backoff: 0, 1, 2, 4 s (7 s); the next wait (8 s) would end past 10 s
    assert clock.waits == [1.0, 2.0, 4.0]
    assert "gave up after 4 retries (unreachable for 7 s, the 10 s a restart may take)" in str(err.value)
    assert "cannot connect" in str(err.value)


def test_503_for_ever_stops_at_the_total_time_bound(tiny_root: Path, http_root, clock) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=503, retry_after=20)  # every request, 20 s apart
    with SourceRoot.open(server.url, retries=50, retry_seconds=60) as root:
        entry = root.manifest().files[0]
        with pytest.raises(SourceUnavailableError) as err:
            root.fetch(entry)
    assert server.count(CSV) == 4  # at 0, 20, 40 and 60 s; a fifth would start at 80 s
    assert clock.waits == [20, 20, 20]
    assert "past the 60 s bound on retries" in str(err.value)


def test_a_body_cut_short_is_asked_again_on_the_same_budget(tiny_root: Path, http_root, clock) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, truncate=10, times=2)
    with SourceRoot.open(server.url, retries=5, backoff=0.5) as root:
        assert root.fetch(root.manifest().files[0]) == (tiny_root / CSV).read_bytes()
    assert server.count(CSV) == 3


def test_a_body_always_cut_short_gives_up_after_the_retries(tiny_root: Path, http_root, clock) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, truncate=10)
    with SourceRoot.open(server.url, retries=2, backoff=0.5) as root:
        with pytest.raises(SourceUnavailableError, match="gave up after 2 retries: the connection broke"):
            root.fetch(root.manifest().files[0])
    assert server.count(CSV) == 3


def test_a_redirect_within_the_origin_is_followed(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    server.fault("manifest.json", redirect="/manifest.json?moved=1", times=1)
    with SourceRoot.open(server.url) as root:
        assert len(root.manifest().files) == 4
    assert server.requests == ["manifest.json", "manifest.json"]


def test_a_redirect_to_another_origin_is_refused(tiny_root: Path, http_root) -> None:
    server, elsewhere = http_root(tiny_root), http_root(tiny_root)
    server.fault(CSV, redirect=elsewhere.url + CSV)
    with SourceRoot.open(server.url) as root:
        with pytest.raises(SourceFileError, match="outside the source's origin") as err:
            root.fetch(root.manifest().files[0])
    assert elsewhere.requests == [] and server.count(CSV) == 1
    assert err.value.path == CSV and elsewhere.url in str(err.value)


def test_a_symlink_leaving_a_folder_root_is_refused(tiny_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.csv"
    outside.write_bytes((tiny_root / CSV).read_bytes())
    (tiny_root / CSV).unlink()
    os.symlink(outside, tiny_root / CSV)
    with SourceRoot.open(tiny_root) as root:
        with pytest.raises(SourceFileError, match="outside the source root") as err:
            root.fetch(root.manifest().files[0])
    assert err.value.path == CSV and str(outside) in str(err.value)


def test_a_symlink_within_a_folder_root_is_read(tiny_root: Path) -> None:
    target = tiny_root / "communications" / "real.csv"
    (tiny_root / CSV).rename(target)
    os.symlink(target, tiny_root / CSV)
    with SourceRoot.open(tiny_root) as root:
        assert root.fetch(root.manifest().files[0]) == target.read_bytes()


def test_a_manifest_symlink_leaving_the_root_is_refused(tiny_root: Path, tmp_path: Path) -> None:
    (tiny_root / "manifest.json").rename(tmp_path / "elsewhere.json")
    os.symlink(tmp_path / "elsewhere.json", tiny_root / "manifest.json")
    with SourceRoot.open(tiny_root) as root:
        with pytest.raises(ManifestError, match="outside the source root"):
            root.manifest()


def test_a_file_larger_than_the_bound_is_refused_before_it_is_asked(tmp_path: Path, http_root) -> None:
    content = b"id\n1\n"
    write_root(tmp_path / "r", [RootFile("media/m.csv", content, "media", "csv", 1, 2023)])
    server = http_root(tmp_path / "r")
    with SourceRoot.open(server.url, max_file_bytes=4) as root:
        with pytest.raises(SourceFileError, match="more than the 4 bytes a file may have") as err:
            root.fetch(root.manifest().files[0])
    assert server.data_requests() == [] and err.value.path == "media/m.csv"
    with SourceRoot.open(server.url) as root:  # the same root under the default bound is fine
        assert root.fetch(root.manifest().files[0]) == content


def _long_cell_root(folder: Path, cell_length: int) -> bytes:
    header = "gId,Date,Type,Ref. no.,Summary,Country,Non-State actors,Mandates,UN Region,OHCHR Region,Nb. of alleged victims,Nb. of alleged victims (women),Tags"
    content = f'{header}\n101,05 Jan 2023,AL,ABC 1/2023,"{"x" * cell_length}",,,,,,,,\n'.encode()
    write_root(folder, [RootFile(CSV, content, "communications", "csv", 1, 2023)])
    return content


def test_a_valid_cell_longer_than_128_kib_is_read_and_loaded(tmp_path: Path) -> None:
    import duckdb

    from flows.load import load_raw
    from flows.sources import land_all

    _long_cell_root(tmp_path / "r", 3 << 20)  # past Python's 128 KiB field limit and DuckDB's 2 MB line
    with SourceRoot.open(tmp_path / "r") as root:
        landed = land_all(root, tmp_path / "raw")
    with duckdb.connect() as con:
        load_raw(con, landed, "run-1")
        assert con.execute("select length(Summary) from raw.raw_communications").fetchall() == [(3 << 20,)]


def test_a_cell_longer_than_the_bound_is_refused_naming_row_and_column(tmp_path: Path) -> None:
    _long_cell_root(tmp_path / "r", 5000)
    with SourceRoot.open(tmp_path / "r", max_cell_bytes=4096) as root:
        with pytest.raises(SourceFileError) as err:
            root.fetch(root.manifest().files[0])
    assert str(err.value) == (
        f"{CSV}: row 1, line 2, column 5 'Summary': a cell longer than 4096 characters (SPFACTS_MAX_CELL_BYTES)"
    )
