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


class EmptyDatabaseError(CorruptDatabaseError):
    """The database file is empty (0 bytes) although backups of earlier data exist."""


class NewerDatabaseError(StoreError):
    """The database was written by a newer version of the app."""


class StoreBusyError(StoreError):
    """Another program kept the database locked for writing longer than we waited."""


class StoreInUseError(StoreError):
    """Another program has the database open, so it cannot be replaced now."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full; nothing of the change was written."""


class ReadOnlyStoreError(StoreError):
    """The database or its folder cannot be written to."""
