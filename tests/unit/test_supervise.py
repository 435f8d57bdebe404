"""`spfacts serve` and `spfacts worker` stop within seconds on SIGTERM, even when their child ignores it."""

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

STUBBORN = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(120)"
)


def test_sigterm_stops_the_supervisor_and_kills_a_child_that_ignores_it(tmp_path: Path):
    script = textwrap.dedent(f"""
        import sys
        from flows.supervise import supervise
        sys.exit(supervise([sys.executable, "-c", {STUBBORN!r}], grace=1))
    """)
    supervisor = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert supervisor.stdout.readline().strip() == "ready"  # the child runs, ignoring SIGTERM
        child = _children(supervisor.pid)
        assert len(child) == 1
        started = time.monotonic()
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(20) == 128 + signal.SIGTERM
        assert time.monotonic() - started < 10
        assert not Path(f"/proc/{child[0]}").exists() or _state(child[0]) == "Z"
        assert "stopping (SIGTERM)" in supervisor.stderr.read()
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "gone"
    return stat[stat.rindex(")") + 2 :].split()[0]
