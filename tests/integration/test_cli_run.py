"""`spfacts run` as a user runs it (what `make run` calls): a fresh process, its own Prefect."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
SPFACTS = Path(sys.executable).with_name("spfacts")


def test_spfacts_run_reports_the_figures_and_the_files_it_wrote(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)  # a one-off run starts its own temporary server
    done = subprocess.run(
        [str(SPFACTS), "run", "--warehouse", str(tmp_path / "wh"), "--strict"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    headline = next(line for line in lines if "figures of" in line)
    reproduced, total = headline.split()[0].split("/")
    assert headline.endswith("figures of A/HRC/55/69 reproduced") and reproduced == total
    assert any(line.startswith("quality:") and "0 failed" in line for line in lines)
    for written in ("2023/spfacts.duckdb", "2023/report/index.html", "2023/quality/index.html"):
        assert (tmp_path / "wh" / written).exists()
        assert any(line.strip().endswith(written) for line in lines)


def test_a_broken_source_fails_clearly_and_publishes_nothing(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    (root / "manifest.json").write_text(
        '{"contract": 1, "snapshot": "x", "published": "2024-01-31", '
        '"files": [{"dataset": "media", "year": 2023, "part": 1, '
        '"path": "../escape.jsonl", "format": "jsonl", "rows": 0, '
        '"bytes": 0, "sha256": "' + "0" * 64 + '"}]}'
    )
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run(
        [str(SPFACTS), "run", "--source", str(root), "--warehouse", str(tmp_path / "wh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 3
    last = done.stderr.splitlines()[-1]
    assert "files[0].path" in last and "nothing was published" in done.stderr
    assert not list((tmp_path / "wh").glob("**/spfacts.duckdb"))
