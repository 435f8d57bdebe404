"""A static HTTP server on 127.0.0.1 that serves a folder and can misbehave on purpose.

    server = LoopbackServer(folder)          # or the `http_root` fixture in tests/conftest.py
    server.url                               # "http://127.0.0.1:<port>/" (plus prefix, if any)
    server.fault("a/b.csv", status=503, retry_after="1", times=2)   # 2 x 503, then normal
    server.fault("a/b.csv", status=429, times=1)
    server.fault("a/b.csv", delay=5)         # every request waits 5 s before answering
    server.fault("a/b.csv", gzip=True)       # served with Content-Encoding: gzip
    server.fault("a/b.csv", body=b"other")   # these bytes instead of the file's
    server.fault("a/b.csv", truncate=10)     # the full Content-Length, 10 bytes, then the connection closes
    server.fault("a/b.csv", redirect="http://elsewhere/x")   # 302 with this Location
    server.requests                          # paths requested, in order ("manifest.json", ...)
    server.count("a/b.csv")                  # how many times a path was requested
    server.not_modified                      # paths answered 304 Not Modified, in order
    server.close()

Faults for a path are used in the order they were added: a fault with `times=N` answers the
next N requests, one with `times=None` (the default) every request after that. Paths are
relative to the root, as in manifest.json. HTTP/1.1 with keep-alive, like a real server. A file
is served with an ETag (its sha256) and a Last-Modified (its mtime), and a request whose
If-None-Match names the current ETag is answered 304 Not Modified, as a static server does.
"""

from __future__ import annotations

import gzip as gzip_module
import hashlib
import sys
import threading
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Fault:
    status: int | None = None
    retry_after: str | None = None
    delay: float | None = None
    gzip: bool = False
    body: bytes | None = None
    times: int | None = None  # None: every request from now on
    truncate: int | None = None
    redirect: str | None = None


class LoopbackServer:
    """Serve `folder` at http://127.0.0.1:<free port>/<prefix>, in a background thread."""

    def __init__(self, folder: Path, *, prefix: str = "") -> None:
        self.folder = Path(folder).resolve()
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.requests: list[str] = []
        self.not_modified: list[str] = []
        self._faults: dict[str, list[Fault]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/{self.prefix}"

    def __str__(self) -> str:
        return self.url

    def fault(
        self,
        path: str,
        *,
        status: int | None = None,
        retry_after: str | int | None = None,
        delay: float | None = None,
        gzip: bool = False,
        body: bytes | None = None,
        times: int | None = None,
        truncate: int | None = None,
        redirect: str | None = None,
    ) -> None:
        """Make requests for `path` misbehave (see the module docstring)."""
        retry_after = None if retry_after is None else str(retry_after)
        fault = Fault(status, retry_after, delay, gzip, body, times, truncate, redirect)
        with self._lock:
            self._faults.setdefault(path, []).append(fault)

    def count(self, path: str) -> int:
        with self._lock:
            return self.requests.count(path)

    def data_requests(self) -> list[str]:
        """Requested paths other than manifest.json."""
        with self._lock:
            return [p for p in self.requests if p != "manifest.json"]

    def close(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay fault
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- used by the handler ---
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            self.requests.append(path)
            for fault in self._faults.get(path, []):
                if fault.times is None:
                    return fault
                if fault.times > 0:
                    fault.times -= 1
                    return fault
        return None

    def _file(self, path: str) -> bytes | None:
        target = (self.folder / path).resolve()
        if not target.is_relative_to(self.folder) or not target.is_file():
            return None
        return target.read_bytes()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # A client closing its keep-alive connection is normal; anything else is printed.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each keep-alive response waits ~40 ms (delayed ACK)
        timeout = 10  # an idle keep-alive connection does not hold a thread forever

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            raw = unquote(urlsplit(self.path).path).lstrip("/")
            if not raw.startswith(server.prefix):
                return self._send(404, b"not under the prefix\n")
            path = raw[len(server.prefix) :]
            fault = server._take_fault(path)
            if fault and fault.delay and server._stopping.wait(fault.delay):
                return  # server closing: drop the request
            if fault and fault.redirect:
                return self._send(302, b"moved\n", {"Location": fault.redirect})
            if fault and fault.status:
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                return self._send(fault.status, b"injected fault\n", headers)
            body = fault.body if fault and fault.body is not None else server._file(path)
            if body is None:
                return self._send(404, b"not found\n")
            headers = {}
            if not fault:  # validators of the file as it is now
                headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()}"'
                headers["Last-Modified"] = formatdate((server.folder / path).stat().st_mtime, usegmt=True)
                if self.headers.get("If-None-Match") == headers["ETag"]:
                    with server._lock:
                        server.not_modified.append(path)
                    return self._send(304, b"", headers)
            if fault and fault.gzip:
                body = gzip_module.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(200, body, headers, truncate=fault.truncate if fault else None)

        def _send(
            self, status: int, body: bytes, headers: dict[str, str] | None = None, truncate: int | None = None
        ) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                if truncate is not None:  # promise the whole body, send a part, hang up
                    self.wfile.write(body[:truncate])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its timeout fired): nothing to answer

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output clean; `server.requests` records what was asked

    return Handler
