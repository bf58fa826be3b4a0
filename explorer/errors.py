"""User-facing errors: each carries a one-line message the CLI prints as it is."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on; never shown with a traceback."""


class ModelNotFound(UserError):
    """The requested spaCy model is not installed (nothing is ever downloaded)."""


class IngestLocked(UserError):
    """Another ingest holds the database's write lock (and we were told not to wait)."""


class NothingToIngest(UserError):
    """The paths given to an ingest hold nothing it can read: nothing is created or written.

    ``status`` is the exit status the command ends with (2 when no path exists, a usage error;
    1 when they hold no supported file).
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
