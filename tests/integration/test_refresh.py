"""The scheduled refresh for years the source has no data for yet: Completed, nothing published."""

from __future__ import annotations

from datetime import date

import pytest

from flows.deployments import scheduled_refresh
from tests.support.repo import SNAPSHOT

pytestmark = pytest.mark.integration


def test_a_refresh_of_years_without_data_completes_and_publishes_nothing(tmp_path):
    warehouse = tmp_path / "wh"
    state = scheduled_refresh(source=str(SNAPSHOT), warehouse=str(warehouse), today=date(1991, 1, 5), return_state=True)
    assert state.is_completed(), state.message
    assert state.message == "no source data for 1991 yet; no source data for 1990 yet"
    assert not warehouse.exists() or not list(warehouse.glob("**/*.duckdb"))
