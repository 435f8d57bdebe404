"""The one base class of the errors that stop a run on bad input.

Each stage raises its own subclass (extract: SourceError, load: LoadError, transform:
TransformError, quality: QualityError) with a message that names the file, row and column where
there is one; the CLI prints it and exits non-zero, and the published warehouse is left as it was.
"""


class PipelineError(RuntimeError):
    """Bad input or a broken invariant: the run stops and publishes nothing."""
