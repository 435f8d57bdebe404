"""Look at a Data Docs page as a person would: headless Chromium, network off, every request logged.

Chromium is driven over its DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON
messages separated by NUL bytes on file descriptors 3 and 4), so nothing beyond Debian's
`chromium` package is needed. `inspect_page` loads a file:// page with name resolution disabled
(`--host-resolver-rules=MAP * ~NOTFOUND`), records every request the page makes
(Network.requestWillBeSent), evaluates a few style probes in the page and takes a screenshot.
The tests assert on the request log (nothing but file: and data: URLs) and on the probes; a
person can look at the PNG.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)

# Evaluated in the page after load: does Bootstrap style it, did the scripts and fonts arrive?
PROBES = {
    "bootstrap_css": "getComputedStyle(document.querySelector('.container-fluid, .container, body'))"
    ".getPropertyValue('--primary').trim()",
    "body_font": "getComputedStyle(document.body).fontFamily",
    "navbar_display": "(document.querySelector('.navbar')"
    " ? getComputedStyle(document.querySelector('.navbar')).display : '')",
    "table_styled": "(document.querySelector('table.table')"
    " ? getComputedStyle(document.querySelector('table.table')).borderCollapse : '')",
    "jquery": "typeof window.jQuery",
    "bootstrap_js": "typeof (window.jQuery && window.jQuery.fn.tooltip)",
    "bootstrap_table": "typeof (window.jQuery && window.jQuery.fn.bootstrapTable)",
    "vega_embed": "typeof window.vegaEmbed",
    "font_awesome": "document.fonts.check('900 16px \"Font Awesome 6 Free\"')",
    "title": "document.title",
}


class BrowserError(RuntimeError):
    pass


@dataclass
class PageReport:
    url: str
    requests: list[str]
    failed: list[str]
    probes: dict[str, Any]
    screenshot: Path

    @property
    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:", "blob:"))]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise BrowserError("Debian's chromium is not installed (apt-get install chromium)")
    return found


class _Pipe:
    """The DevTools protocol over Chromium's pipe: send a command, read until its answer."""

    def __init__(self, proc: subprocess.Popen[bytes], write_fd: int, read_fd: int):
        self.proc, self.write_fd, self.read_fd = proc, write_fd, read_fd
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.next_id = 0

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            for reply in self._read(deadline):
                if reply.get("id") == self.next_id:
                    if "error" in reply:
                        raise BrowserError(f"{method}: {reply['error']}")
                    return reply.get("result", {})
                self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            self.events += self._read(deadline)

    def _read(self, deadline: float) -> list[dict[str, Any]]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise BrowserError("Chromium did not answer in time")
        ready, _, _ = select.select([self.read_fd], [], [], remaining)
        if not ready:
            raise BrowserError("Chromium did not answer in time")
        chunk = os.read(self.read_fd, 1 << 20)
        if not chunk:
            raise BrowserError(f"Chromium exited (code {self.proc.poll()})")
        self.buffer += chunk
        *messages, self.buffer = self.buffer.split(b"\0")
        return [json.loads(m) for m in messages if m]


def inspect_page(
    page: Path,
    png: Path,
    width: int = 1280,
    height: int = 900,
    settle: float = 1.0,
    probes: dict[str, str] | None = None,
) -> PageReport:
    """Open a local page offline, log its requests, probe its styles, screenshot it to `png`.

    `probes` (name: JavaScript expression) default to the Data Docs' Bootstrap probes."""
    url = page.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="spfacts-chromium-") as profile:
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def wire() -> None:
            # in the child, before exec: the pipe ends go to the fds 3 and 4 Chromium reads and
            # writes (copied first, as either may already sit on 3 or 4)
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        proc = subprocess.Popen(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"],
            pass_fds=(3, 4, to_chrome_r, from_chrome_w),
            preexec_fn=wire,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        pipe = _Pipe(proc, to_chrome_w, from_chrome_r)
        try:
            return _inspect(pipe, url, png, width, height, settle, probes or PROBES)
        finally:
            try:
                pipe.call("Browser.close", timeout=5)
            except (BrowserError, OSError):
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(to_chrome_w)
            os.close(from_chrome_r)


def _inspect(
    pipe: _Pipe, url: str, png: Path, width: int, height: int, settle: float, probes: dict[str, str]
) -> PageReport:
    target = pipe.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = pipe.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Network.enable", "Page.enable", "Runtime.enable"):
        pipe.call(domain, session=session)
    pipe.call(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        session=session,
    )
    pipe.call("Page.navigate", {"url": url}, session=session)
    pipe.wait_for("Page.loadEventFired")
    time.sleep(settle)  # let scripts (bootstrap-table) lay out the tables
    probed = {name: _evaluate(pipe, session, expression) for name, expression in probes.items()}
    shot = pipe.call("Page.captureScreenshot", {"format": "png"}, session=session)
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(base64.b64decode(shot["data"]))
    events = pipe.events
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    ids = {
        e["params"]["requestId"]: e["params"]["request"]["url"]
        for e in events
        if e.get("method") == "Network.requestWillBeSent"
    }
    failed = [
        f"{ids.get(e['params']['requestId'], '?')}: {e['params'].get('errorText')}"
        for e in events
        if e.get("method") == "Network.loadingFailed"
    ]
    return PageReport(url, requests, failed, probed, png)


def _evaluate(pipe: _Pipe, session: str, expression: str) -> Any:
    result = pipe.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    if "exceptionDetails" in result:
        return f"error: {result['exceptionDetails'].get('text')}"
    return result.get("result", {}).get("value")


def screenshot_docs(docs_dir: Path, out_dir: Path | None = None) -> list[Path]:
    """Screenshots of the Data Docs index and the newest validation page (screenshot-*.png)."""
    out_dir = out_dir or docs_dir
    shots = [inspect_page(docs_dir / "index.html", out_dir / "screenshot-index.png").screenshot]
    pages = sorted((docs_dir / "validations").rglob("*.html"), key=lambda p: p.stat().st_mtime)
    if pages:
        shots.append(inspect_page(pages[-1], out_dir / "screenshot-validation.png").screenshot)
    return shots
