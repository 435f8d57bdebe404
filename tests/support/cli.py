"""Run `spfacts` as a person does: a fresh process, its terminal output as one stream.

    done = run_cli(["run", "--source", str(root), "--warehouse", str(wh)], api_url=url)
    done.code, done.lines, done.output

`api_url`: a running Prefect API (the test session's) to skip the temporary server's start; None
starts one, as a one-off run does. stdout and stderr share one pipe, in the order written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SPFACTS = Path(sys.executable).with_name("spfacts")


@dataclass
class Done:
    code: int
    output: str

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()


def cli_env(prefect_home: Path, api_url: str | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "PREFECT_HOME": str(prefect_home), "NO_PROXY": "127.0.0.1,localhost", **extra}
    env.pop("PREFECT_API_URL", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def start_cli(args: list[str], env: dict[str, str], **popen: object) -> subprocess.Popen:
    """The console script in a new session (so that a test can signal its whole process group)."""
    return subprocess.Popen(
        [str(SPFACTS), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,
        **popen,
    )


def run_cli(args: list[str], env: dict[str, str], timeout: float = 600) -> Done:
    process = start_cli(args, env)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        output, _ = process.communicate()
        raise AssertionError(f"spfacts {' '.join(args)} did not finish in {timeout} s:\n{output[-3000:]}") from None
    return Done(process.returncode, output)
