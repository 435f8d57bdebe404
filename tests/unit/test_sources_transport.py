"""Folder and HTTP are two transports of one reader: same bytes, retries, timeouts, gzip."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import urllib3.util.retry

from flows.sources import (
    SourceFileError,
    SourceRoot,
    SourceUnavailableError,
)

CSV = "communications/communications-2023-001.csv"


class SleepRecorder:
    """Stands in for urllib3's `time` module: records the waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def time(self) -> float:  # urllib3 reads the clock for HTTP-date Retry-After values
        import time

        return time.time()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    recorder = SleepRecorder()
    monkeypatch.setattr(urllib3.util.retry, "time", recorder)
    return recorder.waits


def _fetch_all(location: str | Path, **options) -> dict[str, bytes]:
    with SourceRoot.open(location, **options) as root:
        return {e.path: root.fetch(e) for e in root.manifest().files}


def test_folder_and_http_give_identical_bytes(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    over_folder = _fetch_all(tiny_root)
    over_http = _fetch_all(server.url)
    assert over_http == over_folder
    assert len(over_folder) == 4
    assert over_folder[CSV] == (tiny_root / CSV).read_bytes()
    assert sorted(server.data_requests()) == sorted(over_folder)


def test_base_url_with_a_path_prefix_and_no_trailing_slash(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root, prefix="mirror/ohchr")
    assert _fetch_all(server.url.rstrip("/")) == _fetch_all(tiny_root)


def test_gzip_content_encoding_is_undone(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, gzip=True)
    server.fault("manifest.json", gzip=True)
    assert _fetch_all(server.url)[CSV] == (tiny_root / CSV).read_bytes()


def test_retries_after_two_503_honouring_retry_after(tiny_root: Path, http_root, waits) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=503, retry_after=7, times=2)
    with SourceRoot.open(server.url, retries=5, backoff=0.01) as root:
        entry = root.manifest().files[0]
        assert root.fetch(entry) == (tiny_root / CSV).read_bytes()
    assert server.count(CSV) == 3
    assert waits == [7, 7]  # the server's Retry-After, not the 0.01 s backoff


def test_429_is_retried(tiny_root: Path, http_root, waits) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=429, retry_after=1, times=1)
    with SourceRoot.open(server.url) as root:
        root.fetch(root.manifest().files[0])
    assert server.count(CSV) == 2
    assert waits == [1]


def test_503_without_retry_after_uses_bounded_backoff(tiny_root: Path, http_root, waits) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=503)  # for ever
    with SourceRoot.open(server.url, retries=3, backoff=0.5) as root:
        entry = root.manifest().files[0]
        with pytest.raises(SourceUnavailableError) as err:
            root.fetch(entry)
    assert server.count(CSV) == 4  # one try + 3 retries
    assert "gave up after 3 retries" in str(err.value) and "503" in str(err.value)
    assert err.value.path == CSV and err.value.url.endswith(CSV)
    assert waits == [1.0, 2.0]  # urllib3: no wait before the first retry, then 0.5 * 2**n


def test_retry_after_past_the_time_bound_gives_up_at_once(tiny_root: Path, http_root, waits) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=503, retry_after=86400, times=1)
    with SourceRoot.open(server.url) as root:
        with pytest.raises(SourceUnavailableError) as err:
            root.fetch(root.manifest().files[0])
    assert server.count(CSV) == 1 and waits == []  # a wait ending past the 60 s bound is not started
    assert "gave up at once (the server asks to wait '86400' s, past the 60 s bound on retries): HTTP 503" in str(
        err.value
    )


def test_retry_after_within_the_bound_is_waited_for(tiny_root: Path, http_root, waits) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=429, retry_after=50, times=1)
    with SourceRoot.open(server.url, retry_seconds=60) as root:
        root.fetch(root.manifest().files[0])
    assert server.count(CSV) == 2 and waits == [50]


def test_timeout_gives_a_clear_error_after_bounded_retries(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, delay=30)  # far longer than the timeout; the server drops it on close
    with SourceRoot.open(server.url, timeout=0.2, retries=2, backoff=0) as root:
        entry = root.manifest().files[0]
        with pytest.raises(SourceUnavailableError) as err:
            root.fetch(entry)
    assert server.count(CSV) == 3
    assert str(err.value) == (f"{server.url}{CSV}: gave up after 2 retries: no response within the 0.2 s timeout")


def test_connection_refused(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    url = server.url
    server.close()
    with SourceRoot.open(url, retries=1, backoff=0) as root:
        with pytest.raises(SourceUnavailableError, match="cannot connect"):
            root.manifest()


def test_wrong_bytes_over_http_are_refused(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    good = (tiny_root / CSV).read_bytes()
    server.fault(CSV, body=good.replace(b"DEF", b"DEG"))  # same length, other content
    with SourceRoot.open(server.url) as root:
        with pytest.raises(SourceFileError) as err:
            root.fetch(root.manifest().files[0])
    assert err.value.path == CSV
    assert "sha256 " + hashlib.sha256(good.replace(b"DEF", b"DEG")).hexdigest() in str(err.value)
    assert err.value.url == server.url + CSV


def test_http_404_for_a_listed_file(tiny_root: Path, http_root) -> None:
    (tiny_root / CSV).unlink()
    server = http_root(tiny_root)
    with SourceRoot.open(server.url) as root:
        with pytest.raises(SourceFileError, match=r"missing \(HTTP 404"):
            root.fetch(root.manifest().files[0])
    assert server.count(CSV) == 1  # a 404 is an answer, not a reason to retry


def test_http_403_is_unavailable_not_retried(tiny_root: Path, http_root) -> None:
    server = http_root(tiny_root)
    server.fault(CSV, status=403)
    with SourceRoot.open(server.url) as root:
        with pytest.raises(SourceUnavailableError, match="HTTP 403") as err:
            root.fetch(root.manifest().files[0])
    assert err.value.status == 403 and server.count(CSV) == 1


@pytest.mark.parametrize("location", ["ftp://host/x", "http://host/x?token=1", "http:///x"])
def test_unsupported_locations(location: str) -> None:
    with pytest.raises(ValueError):
        SourceRoot.open(location)


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(SourceUnavailableError, match="not a folder"):
        SourceRoot.open(tmp_path / "nowhere")


def test_file_url_and_path_are_the_same_root(tiny_root: Path) -> None:
    assert _fetch_all(tiny_root.as_uri()) == _fetch_all(str(tiny_root))
    assert SourceRoot.open(tiny_root).location == tiny_root.resolve().as_uri() + "/"
