"""Shared fixtures.

`http_root(folder, prefix="") -> LoopbackServer` serves a folder over HTTP on 127.0.0.1 for the
duration of a test (see tests/support/loopback.py for fault injection: 503/429 with
Retry-After, delays, gzip, wrong bytes; and `server.requests` to see what was asked):

    def test_x(http_root, tiny_root):
        server = http_root(tiny_root)
        root = SourceRoot.open(server.url)

`tiny_root` is a folder holding a valid four-file source root (tests/support/roots.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.loopback import LoopbackServer
from tests.support.roots import tiny_files, write_root


@pytest.fixture
def http_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., LoopbackServer]]:
    # A proxy set in the environment must never see loopback traffic.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    servers: list[LoopbackServer] = []

    def start(folder: Path, *, prefix: str = "") -> LoopbackServer:
        server = LoopbackServer(folder, prefix=prefix)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    folder = tmp_path / "root"
    write_root(folder, tiny_files())
    return folder
