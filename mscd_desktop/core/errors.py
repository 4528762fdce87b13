"""Exceptions whose messages a person can read; the GUI and the CLI show them as they are."""

from __future__ import annotations


class MscdError(Exception):
    """Base of every error core raises on purpose. ``str(error)`` is the user message."""


class ValidationError(MscdError):
    """Input that cannot be accepted; ``errors`` maps each bad field to what is wrong."""

    def __init__(
        self, message: str, field: str | None = None, errors: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.errors = errors if errors is not None else ({field: message} if field else {})


class NotFoundError(MscdError):
    """A record asked for by id or name does not exist."""


class StoreError(MscdError):
    """The database cannot be used as it is."""


class NotOurDatabaseError(StoreError):
    """The file is not an mscd-desktop database (never written to)."""


class CorruptDatabaseError(StoreError):
    """The database fails its integrity check; ``latest_backup`` may restore it."""

    def __init__(self, message: str, latest_backup: str | None = None) -> None:
        super().__init__(message)
        self.latest_backup = latest_backup


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of the app."""
