"""Rotating backups of the store: ``VACUUM INTO`` a temporary file, check it, then rename.

An interrupted backup never replaces the last good one: the new copy only gets its final
name after ``PRAGMA integrity_check`` passed and the file was synced to disk. The live
database file and its ``-wal`` are never copied or deleted.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from mscd_desktop.core.errors import NotFoundError, StoreError
from mscd_desktop.core.private_files import create_private_file, make_private_folder
from mscd_desktop.core.store import DB_FILENAME, Store
from mscd_desktop.i18n import _

KEEP = 10
PREFIX = "mscd-"
SUFFIX = ".sqlite3"
ACTIVITY_INTERVAL_S = 5 * 60


@dataclass(frozen=True)
class Backup:
    """One backup file."""

    path: Path
    taken_at: datetime
    size: int

    @property
    def name(self) -> str:
        """The file name, which ``mscd backup restore`` accepts."""
        return self.path.name


def list_backups(backup_dir: Path) -> list[Backup]:
    """Backups in *backup_dir*, newest first."""
    found = []
    if not Path(backup_dir).is_dir():
        return found
    for path in Path(backup_dir).glob(f"{PREFIX}*{SUFFIX}"):
        stamp = path.name[len(PREFIX) : -len(SUFFIX)]
        try:
            taken = datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken, path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_backup(store: Store, keep: int = KEEP) -> Backup:
    """Take a checked backup of *store* now and keep only the newest *keep*."""
    backup_dir = store.backup_dir
    make_private_folder(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    final = backup_dir / f"{PREFIX}{stamp}{SUFFIX}"
    partial = backup_dir / f".partial-{stamp}{SUFFIX}"
    # A read-only connection of its own: VACUUM INTO only reads the source, and this
    # connection can never checkpoint, so the one-writer rule holds.
    source = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        create_private_file(partial)  # VACUUM INTO fills an empty file, keeping its 0600
        source.execute("VACUUM INTO ?", [str(partial)])
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(_("The backup failed: {error}").format(error=exc)) from exc
    finally:
        source.close()
    check = sqlite3.connect(str(partial))
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise StoreError(
            _("The backup copy failed its check ({error}); the previous backups were kept.").format(
                error=result
            )
        )
    _fsync(partial)
    os.replace(partial, final)
    _fsync(backup_dir)
    for old in list_backups(backup_dir)[keep:]:
        old.path.unlink(missing_ok=True)
    return Backup(
        final, datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC), final.stat().st_size
    )


class BackupPacer:
    """Decides when the next automatic backup is due: after a few minutes of activity."""

    def __init__(self, store: Store, interval_s: float = ACTIVITY_INTERVAL_S) -> None:
        self.store = store
        self.interval_s = interval_s
        self._writes_at_last = store.writes
        self._last_at = time.monotonic()
        self.last_backup: Backup | None = (list_backups(store.backup_dir) or [None])[0]

    def due(self, now: float | None = None) -> bool:
        """True when something was written and *interval_s* passed since the last backup."""
        now = time.monotonic() if now is None else now
        return self.store.writes != self._writes_at_last and now - self._last_at >= self.interval_s

    def backup_now(self) -> Backup:
        """Take a backup and restart the interval."""
        self._writes_at_last = self.store.writes
        self._last_at = time.monotonic()
        self.last_backup = create_backup(self.store)
        return self.last_backup


def restore_backup(data_dir: Path, name: str) -> tuple[str, Path]:
    """Put backup *name* (or ``latest``) in place of the database of *data_dir*.

    The app must be closed. The current database and its ``-wal``/``-shm`` are moved
    aside, never overwritten. Returns the name restored and where the old file went.
    """
    data_dir = Path(data_dir)
    backups = {b.name: b for b in list_backups(data_dir / "backups")}
    if name == "latest" and backups:
        name = next(iter(backups))
    if name not in backups:
        raise NotFoundError(
            _("There is no backup called '{name}'. See: mscd backup list").format(name=name)
        )
    live = data_dir / DB_FILENAME
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = data_dir / f"{DB_FILENAME}.before-restore-{stamp}"
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{live}{suffix}")
        if current.exists():
            os.replace(current, Path(f"{aside}{suffix}"))
    staging = data_dir / f".restoring-{stamp}{SUFFIX}"
    create_private_file(staging)  # copyfile keeps the mode of a file it overwrites
    shutil.copyfile(backups[name].path, staging)
    _fsync(staging)
    os.replace(staging, live)
    _fsync(data_dir)
    return name, aside
