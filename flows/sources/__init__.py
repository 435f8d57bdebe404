"""Extract: the one reader of a source root (folder or HTTP), and the raw landing zone.

    from flows.sources import SourceRoot, land_all
    with SourceRoot.open(source) as root:               # folder path, file:// or http(s):// URL
        landed = land_all(root, warehouse / "raw")      # list[LandedFile], manifest order

Extract never opens DuckDB; load reads only the landed files (LandedFile.path).
"""

from .errors import ManifestError, SourceError, SourceFileError, SourceUnavailableError
from .landing import SIDECAR_SUFFIX, extension, land, land_all, landed_paths, read_sidecar
from .manifest import CONTRACT_VERSION, MANIFEST_NAME, Manifest, parse_manifest, path_defect
from .models import DATASETS, FORMATS, LandedFile, ManifestEntry
from .reader import SourceRoot
from .verify import MARC_NS, count_rows, verify

__all__ = [
    "CONTRACT_VERSION",
    "DATASETS",
    "FORMATS",
    "MANIFEST_NAME",
    "MARC_NS",
    "SIDECAR_SUFFIX",
    "LandedFile",
    "Manifest",
    "ManifestEntry",
    "ManifestError",
    "SourceError",
    "SourceFileError",
    "SourceRoot",
    "SourceUnavailableError",
    "count_rows",
    "extension",
    "land",
    "land_all",
    "landed_paths",
    "parse_manifest",
    "path_defect",
    "read_sidecar",
    "verify",
]
