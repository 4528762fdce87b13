"""SQLite failures told as sentences: a busy, full, read-only, unopenable or damaged store.

SQLite reports these as ``sqlite3.OperationalError``/``DatabaseError`` with terse texts
("database is locked", "database or disk is full"). :func:`store_failure` turns the ones a
person can act on into :class:`~mscd_desktop.core.errors.StoreError` subclasses; anything
else (a constraint broken by a bug, say) is left as it is. SQLite rolls back a statement
or transaction that fails this way, so none of these leave a change half-written.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mscd_desktop.core.errors import (
    CorruptDatabaseError,
    DiskFullError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
)
from mscd_desktop.i18n import _

BUSY_TIMEOUT_S = 10  # how long a writer waits for another program's write to finish

_DAMAGED_TEXTS = ("malformed", "not a database", "could not decode to utf-8", "corrupt")


def latest_backup(backup_dir: Path) -> str | None:
    """The newest backup in *backup_dir*, or None."""
    from mscd_desktop.core.backups import list_backups  # backups imports the store

    found = list_backups(backup_dir)
    return str(found[0].path) if found else None


def _disk_full(path: Path) -> bool:
    """Whether the disk holding *path* has (next to) no room left: SQLite reports a full
    disk as an I/O error when it cannot grow its ``-shm`` file."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


def _kind(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", None) or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "busy"
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "read_only"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or any(
        t in text for t in _DAMAGED_TEXTS
    ):
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")) or "unable to open" in text:
        return "cannot_open"
    return ""


def store_failure(exc: BaseException, path: Path, backup_dir: Path) -> StoreError | None:
    """The sentence-bearing error for *exc*, an SQLite failure on the database *path*;
    None when *exc* is not one a person can act on."""
    if not isinstance(exc, sqlite3.Error):
        return None
    kind = _kind(exc)
    if kind == "io" and _disk_full(path):
        kind = "full"
    if kind == "busy":
        return StoreBusyError(
            _(
                "The database is busy: another mscd program is writing to {path} and did "
                "not finish within {seconds} seconds. Nothing was saved; try again in a moment."
            ).format(path=path, seconds=BUSY_TIMEOUT_S)
        )
    if kind == "full":
        return DiskFullError(
            _(
                "The disk holding {path} is full. Nothing of this change was saved, and what "
                "was saved before is intact. Free some space, then try again."
            ).format(path=path)
        )
    if kind == "read_only":
        return ReadOnlyStoreError(
            _(
                "{path} is read-only (the file or its folder), and mscd-desktop needs to "
                "write to it. Nothing was changed. Make the folder writable, or copy it to a "
                "writable place and open that copy."
            ).format(path=path)
        )
    if kind == "damaged":
        # Python's decoding error quotes the damaged text: never echo that to a terminal.
        error = str(exc).split(" with text ", 1)[0]
        return CorruptDatabaseError(
            _(
                "{path} is damaged: part of it cannot be read ({error}). The file was left "
                "as it is. Its backups are in {backups}."
            ).format(path=path, error=error, backups=backup_dir),
            latest_backup(backup_dir),
        )
    if kind == "io":
        return StoreError(
            _(
                "The disk holding {path} could not be read or written ({error}). Nothing "
                "was saved. Check the disk or USB stick, then try again."
            ).format(path=path, error=exc)
        )
    if kind == "cannot_open":
        return StoreError(
            _(
                "{path} cannot be opened ({error}). Check that its folder exists and that "
                "you may read and write it."
            ).format(path=path, error=exc)
        )
    return None


@contextmanager
def told_as_sentences(path: Path, backup_dir: Path) -> Iterator[None]:
    """Raise SQLite failures inside the block as the :func:`store_failure` they are."""
    try:
        yield
    except sqlite3.Error as exc:
        failure = store_failure(exc, path, backup_dir)
        if failure is None:
            raise
        raise failure from exc
