"""Whole-flow fixtures: a Prefect test server for the session, and helpers to read a warehouse.

Prefect runs against a temporary API server of its own (prefect_test_harness), with its home in
a temporary folder, so the tests never touch the developer's `.prefect/` and need no network.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.repo import SNAPSHOT


@pytest.fixture(scope="session", autouse=True)
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["DO_NOT_TRACK"] = "1"
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    from prefect.testing.utilities import prefect_test_harness

    # 90 s: the default 20 s is tight for a first start on two cores (docs/stack.md#prefect)
    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def snapshot_run(prefect_server: None, tmp_path_factory: pytest.TempPathFactory):
    """The one run of the bundled snapshot the session shares (read it, never change it)."""
    from flows.pipeline import annual_report

    return annual_report(year=2023, source=str(SNAPSHOT), warehouse=str(tmp_path_factory.mktemp("snapshot-run")))


@pytest.fixture
def snapshot_copy(tmp_path: Path) -> Path:
    """A copy of the bundled snapshot that a test may damage."""
    return Path(shutil.copytree(SNAPSHOT, tmp_path / "root"))
