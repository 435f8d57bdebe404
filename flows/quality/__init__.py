"""Data quality: Great Expectations suites over the DuckDB warehouse, their results and Data Docs.

- validate.py  validate a stage of a build (the flow's quality tasks call it)
- results.py   what a validation found (findings, results, the error that stops a run)
- suites.py    the suites' JSON, generated from expectations/definitions (`python -m flows.quality.suites`)
- gx.py        GX's context and its SQL datasource made to work on DuckDB (the patches, and why)
- assets.py    Data Docs that render offline (vendored CDN files)
- docs.py      Data Docs a reviewer can act on (severity and note per expectation, provenance banner)
"""

from flows.quality.gx import SUITES_DIR
from flows.quality.results import Finding, QualityError, QualityResult, SuiteError, SuiteOutcome
from flows.quality.validate import STAGES, build_docs, docs_index, load_suites, validate

__all__ = [
    "STAGES",
    "SUITES_DIR",
    "Finding",
    "QualityError",
    "QualityResult",
    "SuiteError",
    "SuiteOutcome",
    "build_docs",
    "docs_index",
    "load_suites",
    "validate",
]
