"""Two transports of one reader: a folder on disk and an HTTP(S) base URL.

A transport only moves bytes for a path the manifest module already declared safe; it knows
nothing about manifests or verification, so both kinds of root run the same reader code.
Retrying is urllib3's `Retry` mounted on one `requests.Session` (never a loop of our own):
connection and read errors, 429 and 5xx are retried with exponential backoff, `Retry-After`
is honoured up to a cap, and the number of attempts is bounded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from .errors import SourceUnavailableError

RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = "spfacts-extract/0.1"
_CHUNK = 1 << 16


class Missing(Exception):
    """The root has no file at this path (HTTP 404/410, no such file)."""


class Transport(Protocol):
    base: str  # the root as a URL, ending in "/"

    def url(self, path: str) -> str: ...

    def get(self, path: str, *, limit: int) -> bytes:
        """The file's bytes, at most limit + 1 of them (so that "too long" shows)."""
        ...

    def close(self) -> None: ...


class FolderTransport:
    """A source root on disk, read with pathlib."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.expanduser().resolve()
        if not self.folder.is_dir():
            raise SourceUnavailableError("manifest.json", self.folder.as_uri(), "source root is not a folder")
        self.base = self.folder.as_uri() + "/"

    def url(self, path: str) -> str:
        return (self.folder / path).as_uri()

    def get(self, path: str, *, limit: int) -> bytes:
        target = self.folder / path
        try:
            with target.open("rb") as handle:
                return handle.read(limit + 1)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise Missing(f"no such file {target}") from exc
        except OSError as exc:
            raise SourceUnavailableError(path, self.url(path), f"cannot read: {exc}") from exc

    def close(self) -> None:
        pass


class HttpTransport:
    """A source root served over HTTP(S) by any static server."""

    def __init__(
        self,
        base: str,
        *,
        timeout: float,
        retries: int,
        backoff: float,
        retry_after_max: int = 60,
    ) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.timeout = timeout
        self.retries = retries
        retry = Retry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            allowed_methods=frozenset({"GET"}),
            status_forcelist=RETRY_STATUSES,
            backoff_factor=backoff,
            respect_retry_after_header=True,
            retry_after_max=retry_after_max,  # a server asking for hours would stall a run
            raise_on_status=True,
        )
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, path: str) -> str:
        # Paths are already restricted to [A-Za-z0-9._-/]: nothing to quote or resolve.
        return self.base + path

    def get(self, path: str, *, limit: int) -> bytes:
        url = self.url(path)
        try:
            # requests undoes gzip/deflate content-encoding while streaming, so the bytes
            # counted and hashed are the file's, as docs/sources.md#1-manifestjson requires.
            with self.session.get(url, timeout=self.timeout, stream=True) as resp:
                if resp.status_code in (404, 410):
                    raise Missing(f"HTTP {resp.status_code} at {url}")
                if resp.status_code != 200:
                    raise SourceUnavailableError(
                        path,
                        url,
                        f"HTTP {resp.status_code} {resp.reason}",
                        status=resp.status_code,
                    )
                data = bytearray()
                for chunk in resp.iter_content(_CHUNK):
                    data += chunk
                    if len(data) > limit:
                        break
                return bytes(data)
        except requests.RequestException as exc:
            raise SourceUnavailableError(path, url, self._describe(exc)) from exc

    def _describe(self, exc: requests.RequestException) -> str:
        reason: object = exc.args[0] if exc.args else exc
        attempts = ""
        if isinstance(reason, MaxRetryError):
            attempts = f"gave up after {self.retries} retries: "
            reason = reason.reason
        # NewConnectionError subclasses ConnectTimeoutError (and requests maps both to
        # ConnectTimeout), so a refused connection must be told apart first.
        if isinstance(reason, NewConnectionError):
            what = f"cannot connect ({reason})"
        elif isinstance(reason, ReadTimeoutError) or isinstance(exc, requests.ReadTimeout):
            what = f"no response within the {self.timeout:g} s timeout"
        elif isinstance(reason, ConnectTimeoutError) or isinstance(exc, requests.ConnectTimeout):
            what = f"could not connect within the {self.timeout:g} s timeout"
        elif isinstance(reason, ResponseError):
            what = str(reason)  # e.g. "too many 503 error responses"
        elif isinstance(exc, requests.exceptions.ContentDecodingError):
            what = f"content-encoding could not be undone ({reason})"
        else:
            what = f"{type(exc).__name__}: {reason}"
        return attempts + what

    def close(self) -> None:
        self.session.close()


def open_transport(location: str | Path, *, timeout: float, retries: int, backoff: float) -> Transport:
    """A folder path, a file:// URL, or an http(s):// base URL."""
    if isinstance(location, Path):
        return FolderTransport(location)
    parts = urlsplit(location)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if parts.query or parts.fragment or not parts.netloc:
            raise ValueError(f"source URL must be a plain base URL, not {location!r}")
        return HttpTransport(location, timeout=timeout, retries=retries, backoff=backoff)
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"file URL must be local, not {location!r}")
        return FolderTransport(Path(url2pathname(parts.path)))
    if scheme == "" or len(scheme) == 1:  # a plain path (or a Windows drive letter)
        return FolderTransport(Path(location))
    raise ValueError(f"source must be a folder, file:// or http(s):// URL, not {location!r}")
