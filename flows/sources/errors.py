"""The three ways extract can fail, each carrying what the pipeline must print.

- `ManifestError`: the root's `manifest.json` is missing or breaks the contract. Raised
  before any data file is requested.
- `SourceFileError`: one data file is defective (missing, wrong bytes/sha256/rows, not UTF-8,
  broken CSV quoting, unsafe or malformed XML/JSON). Not worth retrying: the root is wrong.
- `SourceUnavailableError`: the transport gave up (connection refused, timeouts, 5xx/429
  after the bounded retries, permission denied). Worth retrying later; nothing was landed.
"""

from __future__ import annotations

from flows.errors import PipelineError


class SourceError(PipelineError):
    """Base class of every extract error."""


class ManifestError(SourceError):
    """`manifest.json` is unreadable or breaks docs/sources.md#1-manifestjson.

    Attributes: `manifest` (URL of the manifest), `index` (0-based position of the offending
    entry in `files`, or None for a top-level defect), `field` (the key at fault, or None),
    `reason`.
    """

    def __init__(self, manifest: str, reason: str, *, index: int | None = None, field: str | None = None) -> None:
        self.manifest = manifest
        self.reason = reason
        self.index = index
        self.field = field
        where = ""
        if index is not None:
            where = f" files[{index}]"
        if field is not None:
            where += f".{field}" if index is not None else f" {field}"
        super().__init__(f"{manifest}{where}: {reason}")


class SourceFileError(SourceError):
    """A data file listed in the manifest is defective; the run must stop.

    Attributes (None where they do not apply):
    - `path`: the manifest path of the file (what the user can find in the root);
    - `url`: where it was read from;
    - `row`: 1-based data record (CSV record after the header, JSONL line holding data,
      JSON array element, MARC record);
    - `line`: 1-based physical line of the file;
    - `column`: 1-based; for CSV the field position in the record (its header name is in
      `column_name`), otherwise the character (UTF-8: byte) position in the line;
    - `reason`: what is wrong, in words.
    """

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        url: str | None = None,
        row: int | None = None,
        line: int | None = None,
        column: int | None = None,
        column_name: str | None = None,
    ) -> None:
        self.path = path
        self.reason = reason
        self.url = url
        self.row = row
        self.line = line
        self.column = column
        self.column_name = column_name
        super().__init__(f"{path}: {self._where()}{reason}")

    def _where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            name = f" {self.column_name!r}" if self.column_name else ""
            parts.append(f"column {self.column}{name}")
        return ", ".join(parts) + ": " if parts else ""


class SourceUnavailableError(SourceError):
    """The transport could not deliver a file (after its bounded retries).

    Attributes: `path` (manifest path, or `manifest.json`), `url`, `reason`, `status` (the last
    HTTP status when there was one, else None).
    """

    def __init__(self, path: str, url: str, reason: str, *, status: int | None = None) -> None:
        self.path = path
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")
