"""The one base class of the errors that stop a run on bad input, and the exit codes of `spfacts run`.

Each stage raises its own subclass (extract: SourceError, load: LoadError, transform:
TransformError, quality: QualityError, rejects: RejectBudgetError, lock: WarehouseBusyError)
with a message that names the file, row and column where there is one; the CLI prints it as
its last line and exits with the code of its kind, and the published warehouse is left as it was.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `spfacts run` exits with (documented in `spfacts run --help` and the README)."""

    PUBLISHED = 0  # the warehouse was published
    MISMATCH = 1  # published, but a figure differs from the published value (--strict)
    USAGE = 2  # the command line is wrong (argparse's own code)
    SOURCE = 3  # the source is unreachable or a file of it is defective: nothing published
    CHECK = 4  # a quality check failed, or too many rows were rejected: nothing published
    BUSY = 5  # another run holds the warehouse lock: nothing done
    NO_DATA = 6  # no dataset of the source covers the report year: nothing done (flows/years.py)
    UNEXPECTED = 70  # a bug (EX_SOFTWARE): the traceback is shown, with the log's path


class PipelineError(RuntimeError):
    """Bad input or a broken invariant: the run stops and publishes nothing.

    `exit_code` says which kind of failure it is; a defect of the input is the default.
    """

    exit_code: ExitCode = ExitCode.SOURCE


def exit_code_for(err: BaseException) -> ExitCode:
    """The exit code of an error that stopped a run (UNEXPECTED for anything not a PipelineError)."""
    if not isinstance(err, PipelineError):
        return ExitCode.UNEXPECTED
    # The quality package's errors say "a check failed" by their kind; looked up here, lazily,
    # because flows.quality imports this module.
    import flows.quality

    checks = tuple(filter(None, (getattr(flows.quality, name, None) for name in ("QualityError", "SuiteError"))))
    if isinstance(err, checks):
        return ExitCode.CHECK
    return ExitCode(err.exit_code)
