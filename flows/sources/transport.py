"""Two transports of one reader: a folder on disk and an HTTP(S) base URL.

A transport only moves bytes for a path the manifest module already declared safe; it knows
nothing about manifests or verification, so both kinds of root run the same reader code.

Retries live in one layer, here: urllib3's `Retry` on one `requests.Session`, per request (one
flaky file is asked again, not the dataset), honouring `Retry-After`. Prefect's task retries are
not used for extract: they would re-run a whole dataset, cannot see `Retry-After`, and cannot
tell a 503 from a missing folder. Only transient faults retry: a reset or broken body, a
timeout, 429 and 500/502/503/504. A refused connection or a failed DNS lookup is retried for
`unreachable_seconds` only (a mirror may be restarting; default 10 s), and every file's retries
stop `retry_seconds` after its first attempt (default 60 s), whatever attempts are left: a wait
that would end past that bound is not started. Everything else (404, 403, a missing folder, a
redirect leaving the source's origin) is an answer: asked once.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from .errors import SourceUnavailableError

RETRY_STATUSES = (429, 500, 502, 503, 504)
USER_AGENT = "spfacts-extract/0.1"
MAX_REDIRECTS = 5
_CHUNK = 1 << 16


def _clock() -> float:
    """Seconds on a monotonic clock (a module function so that tests can stand a fake one in)."""
    return time.monotonic()


class Missing(Exception):
    """The root has no file at this path (HTTP 404/410, no such file)."""


class Refused(Exception):
    """The root answers with something this reader refuses (a symlink out of a folder root, a
    redirect to another origin); the message says what."""


class GaveUp(MaxRetryError):
    """Retrying stopped on a time bound; `why` says which, `reason` is the last fault."""

    def __init__(self, pool, url, reason, why: str, attempts: int) -> None:
        super().__init__(pool, url, reason)
        self.why = why
        self.attempts = attempts


class BoundedRetry(Retry):
    """urllib3's Retry with two time bounds on top of its counts (module docstring).

    `started` is set by `start()` when a file's first attempt begins; every `increment` checks
    that the wait it is about to cause ends within the bounds, else raises GaveUp.
    """

    def __init__(
        self,
        *args,
        retry_seconds: float = 60.0,
        unreachable_seconds: float = 10.0,
        started: float | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.retry_seconds = retry_seconds
        self.unreachable_seconds = unreachable_seconds
        self.started = started

    def new(self, **kw) -> BoundedRetry:
        kw.setdefault("retry_seconds", self.retry_seconds)
        kw.setdefault("unreachable_seconds", self.unreachable_seconds)
        kw.setdefault("started", self.started)
        return super().new(**kw)

    def start(self) -> BoundedRetry:
        """A fresh budget for one file, its clock started now."""
        return self.new(started=_clock(), history=())

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        try:
            new = super().increment(method, url, response, error, _pool, _stacktrace)
        except MaxRetryError as exc:
            exc.attempts = len(self.history) + 1  # the counts ran out
            raise
        started = self.started if self.started is not None else _clock()
        wait = (new.get_retry_after(response) if response is not None else None) or new.get_backoff_time()
        elapsed = _clock() - started
        reason = error or ResponseError(f"HTTP {response.status}" if response is not None else "unknown")
        if isinstance(error, NewConnectionError) and elapsed + wait > self.unreachable_seconds:
            why = f"unreachable for {elapsed:.0f} s, the {self.unreachable_seconds:g} s a restart may take"
            raise GaveUp(_pool, url, reason, why, len(new.history)) from error
        if elapsed + wait > self.retry_seconds:
            why = f"a further try would end past the {self.retry_seconds:g} s bound on retries"
            if response is not None and new.get_retry_after(response):
                asked = response.headers.get("Retry-After")
                why = f"the server asks to wait {asked!r} s, past the {self.retry_seconds:g} s bound on retries"
            raise GaveUp(_pool, url, reason, why, len(new.history)) from error
        return new


class Transport(Protocol):
    base: str  # the root as a URL, ending in "/"

    def url(self, path: str) -> str: ...

    def get(self, path: str, *, limit: int) -> bytes:
        """The file's bytes, at most limit + 1 of them (so that "too long" shows)."""
        ...

    def get_if_changed(
        self, path: str, *, limit: int, validators: dict[str, str] | None = None
    ) -> tuple[bytes | None, dict[str, str]]:
        """(bytes, validators), or (None, validators) when the file is as `validators` saw it."""
        ...

    def close(self) -> None: ...


class FolderTransport:
    """A source root on disk, read with pathlib; nothing outside the folder is read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder.expanduser().resolve()
        if not self.folder.is_dir():
            raise SourceUnavailableError("manifest.json", self.folder.as_uri(), "source root is not a folder")
        self.base = self.folder.as_uri() + "/"

    def url(self, path: str) -> str:
        return (self.folder / path).as_uri()

    def get(self, path: str, *, limit: int) -> bytes:
        target = self.folder / path
        real = target.resolve()
        if not real.is_relative_to(self.folder):
            # a symlink (of the file or of a folder on its way) that leaves the root
            raise Refused(f"a symlink to {real}, outside the source root {self.folder}: refused")
        try:
            with real.open("rb") as handle:
                return handle.read(limit + 1)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise Missing(f"no such file {target}") from exc
        except OSError as exc:
            raise SourceUnavailableError(path, self.url(path), f"cannot read: {exc}") from exc

    def get_if_changed(
        self, path: str, *, limit: int, validators: dict[str, str] | None = None
    ) -> tuple[bytes | None, dict[str, str]]:
        # a file on disk is read: for a manifest that costs less than a stat-based shortcut could save
        return self.get(path, limit=limit), {}

    def close(self) -> None:
        pass


class HttpTransport:
    """A source root served over HTTP(S) by any static server. One thread at a time."""

    def __init__(
        self,
        base: str,
        *,
        timeout: float,
        retries: int,
        backoff: float,
        retry_after_max: int = 60,
        retry_seconds: float = 60.0,
        unreachable_seconds: float = 10.0,
    ) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.origin = _origin(self.base)
        self.timeout = timeout
        self.retries = retries
        self.policy = BoundedRetry(
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
            retry_seconds=retry_seconds,
            unreachable_seconds=unreachable_seconds,
        )
        self.session = requests.Session()
        self.adapter = HTTPAdapter(max_retries=self.policy)
        self.session.mount("http://", self.adapter)
        self.session.mount("https://", self.adapter)
        self.session.headers["User-Agent"] = USER_AGENT

    def url(self, path: str) -> str:
        # Paths are already restricted to [A-Za-z0-9._-/]: nothing to quote or resolve.
        return self.base + path

    def get(self, path: str, *, limit: int) -> bytes:
        return self._get(path, limit, {})[0]

    def get_if_changed(
        self, path: str, *, limit: int, validators: dict[str, str] | None = None
    ) -> tuple[bytes | None, dict[str, str]]:
        """A conditional GET (If-None-Match, If-Modified-Since): None for the bytes on 304 Not Modified."""
        validators = validators or {}
        headers = {
            header: validators[key]
            for key, header in (("etag", "If-None-Match"), ("last_modified", "If-Modified-Since"))
            if validators.get(key)
        }
        return self._get(path, limit, headers)

    def _get(self, path: str, limit: int, headers: dict[str, str]) -> tuple[bytes | None, dict[str, str]]:
        url = self.url(path)
        retry = self.policy.start()
        redirects = 0
        while True:
            # One budget per file: the state urllib3 left after the request's own retries carries
            # over to a retry of a broken body (below), so the counts and bounds hold for both.
            self.adapter.max_retries = retry
            try:
                # requests undoes gzip/deflate content-encoding while streaming, so the bytes
                # counted and hashed are the file's, as docs/sources.md#1-manifestjson requires.
                with self.session.get(
                    url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
                ) as resp:
                    retry = resp.raw.retries or retry
                    if resp.status_code == 304 and headers:
                        return None, {**_sent(headers), **_validators(resp)}
                    if resp.is_redirect:
                        redirects += 1
                        url = self._redirect(path, url, resp, redirects)
                        continue
                    if resp.status_code in (404, 410):
                        raise Missing(f"HTTP {resp.status_code} at {url}")
                    if resp.status_code != 200:
                        reason = f"HTTP {resp.status_code} {resp.reason}"
                        raise SourceUnavailableError(path, url, reason, status=resp.status_code)
                    return _read(resp, limit), _validators(resp)
            except _BodyBroken as broken:
                try:
                    retry = retry.increment("GET", url, error=broken.cause)
                except MaxRetryError as exc:
                    raise SourceUnavailableError(path, url, self._describe(exc)) from broken.cause
                retry.sleep()
            except requests.RequestException as exc:
                raise SourceUnavailableError(path, url, self._describe(exc)) from exc

    def _redirect(self, path: str, url: str, resp: requests.Response, redirects: int) -> str:
        target = urljoin(url, resp.headers.get("Location", ""))
        if _origin(target) != self.origin:
            raise Refused(f"HTTP {resp.status_code} redirect to {target}, outside the source's origin {self.origin}")
        if redirects > MAX_REDIRECTS:
            raise SourceUnavailableError(path, url, f"more than {MAX_REDIRECTS} redirects", status=resp.status_code)
        return target

    def _describe(self, exc: Exception) -> str:
        reason: object = exc.args[0] if exc.args else exc
        if isinstance(exc, MaxRetryError):
            reason = exc
        attempts = ""
        if isinstance(reason, MaxRetryError):
            retried = getattr(reason, "attempts", self.retries + 1) - 1
            why = f" ({reason.why})" if isinstance(reason, GaveUp) else ""
            attempts = f"gave up after {retried} retries{why}: " if retried else f"gave up at once{why}: "
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
        elif isinstance(reason, ProtocolError):
            what = f"the connection broke while reading ({reason})"
        elif isinstance(exc, requests.exceptions.ContentDecodingError):
            what = f"content-encoding could not be undone ({reason})"
        else:
            what = f"{type(exc).__name__}: {reason}"
        return attempts + what

    def close(self) -> None:
        self.session.close()


class _BodyBroken(Exception):
    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _read(resp: requests.Response, limit: int) -> bytes:
    data = bytearray()
    try:
        for chunk in resp.iter_content(_CHUNK):
            data += chunk
            if len(data) > limit:
                break
    except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as exc:
        # a reset or a truncated body after the headers: transient, retried on the same budget
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if not isinstance(cause, ProtocolError | ReadTimeoutError):
            cause = ProtocolError(str(cause))
        raise _BodyBroken(cause) from exc
    return bytes(data)


def _validators(resp: requests.Response) -> dict[str, str]:
    """What a later conditional GET sends back: the response's ETag and Last-Modified."""
    found = {"etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}
    return {k: v for k, v in found.items() if v}


def _sent(headers: dict[str, str]) -> dict[str, str]:
    """The validators a conditional request sent (kept when a 304 repeats none of them)."""
    names = {"If-None-Match": "etag", "If-Modified-Since": "last_modified"}
    return {names[h]: v for h, v in headers.items() if h in names}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80, "https": 443}.get(scheme)


def open_transport(
    location: str | Path,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    retry_seconds: float = 60.0,
    unreachable_seconds: float = 10.0,
) -> Transport:
    """A folder path, a file:// URL, or an http(s):// base URL."""
    if isinstance(location, Path):
        return FolderTransport(location)
    parts = urlsplit(location)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if parts.query or parts.fragment or not parts.netloc:
            raise ValueError(f"source URL must be a plain base URL, not {location!r}")
        return HttpTransport(
            location,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            retry_seconds=retry_seconds,
            unreachable_seconds=unreachable_seconds,
        )
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise ValueError(f"file URL must be local, not {location!r}")
        return FolderTransport(Path(url2pathname(parts.path)))
    if scheme == "" or len(scheme) == 1:  # a plain path (or a Windows drive letter)
        return FolderTransport(Path(location))
    raise ValueError(f"source must be a folder, file:// or http(s):// URL, not {location!r}")
