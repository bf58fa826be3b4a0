"""User-facing errors: each carries a one-line message the CLI prints as it is."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can act on; never shown with a traceback."""


class ModelNotFound(UserError):
    """The requested spaCy model is not installed (nothing is ever downloaded)."""


class IngestLocked(UserError):
    """Another ingest holds the database's write lock (and we were told not to wait)."""
