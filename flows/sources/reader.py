"""The one reader of a source root: manifest first, then verified files.

with SourceRoot.open("snapshots/ohchr-2023") as root:        # or "http://mirror/base/"
    manifest = root.manifest()                                 # validated, nothing else fetched
    data = root.fetch(manifest.files[0])                       # bytes, sha256, rows checked
"""

from __future__ import annotations

from pathlib import Path

from .errors import ManifestError, SourceFileError
from .manifest import MANIFEST_NAME, Manifest, parse_manifest, path_defect
from .models import ManifestEntry
from .transport import Missing, Refused, Transport, open_transport
from .verify import MAX_CELL, verify

# A manifest of thousands of entries is a few hundred kB; anything this big is not one.
MANIFEST_LIMIT = 64 << 20
# The largest file fetched (Settings.max_file_bytes): a file is held in memory to be verified.
MAX_FILE_BYTES = 512 << 20


class SourceRoot:
    """A source root (docs/sources.md) reached through a folder or an HTTP(S) transport."""

    def __init__(
        self, transport: Transport, *, max_file_bytes: int = MAX_FILE_BYTES, max_cell_bytes: int = MAX_CELL
    ) -> None:
        self.transport = transport
        self.max_file_bytes = max_file_bytes
        self.max_cell_bytes = max_cell_bytes
        self._manifest: Manifest | None = None
        # the manifest's ETag / Last-Modified, for a later conditional GET (manifest_if_changed)
        self.validators: dict[str, str] = {}

    @classmethod
    def open(
        cls,
        location: str | Path,
        *,
        timeout: float = 30,
        retries: int = 5,
        backoff: float = 0.5,
        retry_seconds: float = 60,
        unreachable_seconds: float = 10,
        max_file_bytes: int = MAX_FILE_BYTES,
        max_cell_bytes: int = MAX_CELL,
    ) -> SourceRoot:
        """Open a folder path, file:// URL or http(s):// base URL. Nothing is fetched yet.

        `timeout` (seconds) applies to every connect and every read; `retries` bounds the
        retries of one request (connection/read errors, 429, 500, 502-504); `backoff` is the
        exponential backoff factor between them, unless the server sends `Retry-After`; a
        file's retries stop after `retry_seconds`, and a refused connection or failed DNS lookup
        is retried for `unreachable_seconds` only (transport.py). A manifest entry larger than
        `max_file_bytes` is refused before it is requested, a CSV cell longer than `max_cell_bytes`
        characters is a defect of its file.
        """
        transport = open_transport(
            location,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            retry_seconds=retry_seconds,
            unreachable_seconds=unreachable_seconds,
        )
        return cls(transport, max_file_bytes=max_file_bytes, max_cell_bytes=max_cell_bytes)

    @property
    def location(self) -> str:
        """The root as a URL ending in "/" (file:// for a folder)."""
        return self.transport.base

    def url(self, path: str) -> str:
        return self.transport.url(path)

    def manifest(self) -> Manifest:
        """Fetch and validate manifest.json (once per SourceRoot); raises ManifestError."""
        if self._manifest is None:
            self.manifest_if_changed(None)
        return self._manifest

    def manifest_if_changed(self, validators: dict[str, str] | None) -> Manifest | None:
        """The manifest, or None when the server answers that it is the one `validators` describe
        (HTTP 304 to a conditional GET; a folder's manifest is always read). Sets `self.validators`."""
        if self._manifest is None:
            url = self.transport.url(MANIFEST_NAME)
            try:
                data, self.validators = self.transport.get_if_changed(
                    MANIFEST_NAME, limit=MANIFEST_LIMIT, validators=validators
                )
                if data is None:
                    return None
            except Missing as exc:
                raise ManifestError(url, f"no manifest at this root ({exc})") from None
            except Refused as exc:
                raise ManifestError(url, str(exc)) from None
            if len(data) > MANIFEST_LIMIT:
                raise ManifestError(url, f"larger than {MANIFEST_LIMIT} bytes")
            self._manifest = parse_manifest(data, url)
        return self._manifest

    def fetch(self, entry: ManifestEntry) -> bytes:
        """The bytes of one manifest entry, verified (bytes, sha256, UTF-8, rows).

        Raises SourceFileError for a defective or missing file, SourceUnavailableError when
        the transport gives up.
        """
        defect = path_defect(entry.path)  # entries may be built by hand, not only parsed
        if defect:
            raise SourceFileError(str(entry.path), f"unsafe path refused: {defect}")
        url = self.transport.url(entry.path)
        if entry.bytes > self.max_file_bytes:
            raise SourceFileError(
                entry.path,
                f"the manifest says {entry.bytes} bytes, more than the {self.max_file_bytes} bytes a file may have "
                "(SPFACTS_MAX_FILE_BYTES)",
                url=url,
            )
        try:
            data = self.transport.get(entry.path, limit=entry.bytes)
        except Missing as exc:
            raise SourceFileError(entry.path, f"listed in the manifest but missing ({exc})", url=url) from None
        except Refused as exc:
            raise SourceFileError(entry.path, str(exc), url=url) from None
        if len(data) > entry.bytes:  # the transport stopped reading one byte past the entry
            raise SourceFileError(entry.path, f"more than the {entry.bytes} bytes the manifest says", url=url)
        verify(entry, data, url=url, max_cell=self.max_cell_bytes)
        return data

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> SourceRoot:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SourceRoot({self.location!r})"
