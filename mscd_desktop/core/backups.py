"""Rotating backups of the store: ``VACUUM INTO`` a temporary file, check it, then rename.

An interrupted backup never replaces the last good one: the new copy only gets its final
name after ``PRAGMA integrity_check`` passed and the file was synced to disk. The live
database file and its ``-wal`` are never copied or deleted.

A backup in progress holds a lock on ``.partial-<stamp>.owner`` beside its temporary
file; what a killed backup leaves (the partial copy, its ``-journal``) is removed the next
time the store is opened, and so is a half-copied restore. Restoring needs the store's
exclusive lock (``core/store_lock.py``): it is refused while a program has it open.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import portalocker
from portalocker import LockFlags
from portalocker.exceptions import LockException

from mscd_desktop.core import store_lock
from mscd_desktop.core.errors import NotFoundError, StoreError
from mscd_desktop.core.private_files import create_private_file, make_private_folder
from mscd_desktop.core.store import DB_FILENAME, Store
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

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
    found: list[Backup] = []
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


PARTIAL_PREFIX = ".partial-"
OWNER_SUFFIX = ".owner"
RESTORING_PREFIX = ".restoring-"


def _owned(owner: Path) -> IO[bytes]:
    """Create *owner* and hold an exclusive lock on it for as long as it stays open.
    AlreadyLocked when a running backup holds it."""
    for _attempt in range(3):
        create_private_file(owner)
        handle = open(owner, "a+b")  # noqa: SIM115 - closed by the caller
        try:
            portalocker.lock(handle, LockFlags.EXCLUSIVE | LockFlags.NON_BLOCKING)
            # A cleaner may have removed the file between open and lock: then the lock
            # guards nothing anybody can find. Start again with a new file.
            if os.path.exists(owner) and os.stat(owner).st_ino == os.fstat(handle.fileno()).st_ino:
                return handle
        except LockException:
            handle.close()
            raise
        handle.close()
    raise LockException(_("the lock file {path} keeps disappearing").format(path=owner))


def _partial_files(backup_dir: Path, key: str) -> list[Path]:
    """The temporary copy of backup *key*, its ``-journal`` and its owner file."""
    return list(backup_dir.glob(f"{PARTIAL_PREFIX}{key}.*"))


def _remove_partial(partial: Path) -> None:
    for leftover in partial.parent.glob(partial.name + "*"):  # the copy and its -journal
        leftover.unlink(missing_ok=True)


def _copy_checked(store: Store, partial: Path) -> None:
    """VACUUM INTO *partial* and check the copy; StoreError (copy removed) otherwise."""
    # A read-only connection of its own: VACUUM INTO only reads the source, and this
    # connection can never checkpoint, so the one-writer rule holds.
    source = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        create_private_file(partial)  # VACUUM INTO fills an empty file, keeping its 0600
        source.execute("VACUUM INTO ?", [str(partial)])
    except sqlite3.Error as exc:
        _remove_partial(partial)
        raise StoreError(
            _("The backup failed: {error}. The previous backups were kept.").format(error=exc)
        ) from exc
    finally:
        source.close()
    check = sqlite3.connect(str(partial))
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        _remove_partial(partial)
        raise StoreError(
            _("The backup copy failed its check ({error}); the previous backups were kept.").format(
                error=result
            )
        )


def create_backup(store: Store, keep: int = KEEP) -> Backup:
    """Take a checked backup of *store* now and keep only the newest *keep*."""
    backup_dir = store.backup_dir
    try:
        make_private_folder(backup_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = backup_dir / f"{PREFIX}{stamp}{SUFFIX}"
        partial = backup_dir / f"{PARTIAL_PREFIX}{stamp}{SUFFIX}"
        owner_path = backup_dir / f"{PARTIAL_PREFIX}{stamp}{OWNER_SUFFIX}"
        owner = _owned(owner_path)
    except (OSError, LockException) as exc:
        raise StoreError(
            _("No backup could be written to {folder} ({error}).").format(
                folder=backup_dir, error=getattr(exc, "strerror", None) or exc
            )
        ) from exc
    try:
        _copy_checked(store, partial)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(backup_dir)
    except BaseException:
        _remove_partial(partial)
        raise
    finally:
        owner.close()
        owner_path.unlink(missing_ok=True)
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
        self.last_backup: Backup | None = next(iter(list_backups(store.backup_dir)), None)

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


def _unowned_partial_keys(backup_dir: Path) -> list[str]:
    """Stamps of the temporary backup copies that no running backup holds (killed ones)."""
    keys = {
        path.name[len(PARTIAL_PREFIX) :].split(".", 1)[0]
        for path in backup_dir.glob(f"{PARTIAL_PREFIX}*")
    }
    unowned = []
    for key in sorted(keys):
        try:
            _owned(backup_dir / f"{PARTIAL_PREFIX}{key}{OWNER_SUFFIX}").close()
        except (OSError, LockException):
            continue  # a backup is writing it right now (or the folder is read-only)
        unowned.append(key)
    return unowned


def remove_leftovers(store: Store) -> list[Path]:
    """Remove what killed backups and restores left beside *store* (partial copies and
    their ``-journal``); backups in progress and finished backups stay. Returns what was
    removed. Called when the store is opened."""
    removed = []
    try:
        for key in _unowned_partial_keys(store.backup_dir):
            for leftover in sorted(_partial_files(store.backup_dir, key), reverse=True):
                leftover.unlink(missing_ok=True)  # the owner file (".owner") goes last
                removed.append(leftover)
        # A restore holds the store exclusively from start to end; we hold it shared,
        # so no restore is running now.
        for staging in store.path.parent.glob(f"{RESTORING_PREFIX}*{SUFFIX}"):
            staging.unlink(missing_ok=True)
            removed.append(staging)
    except OSError as exc:  # e.g. a read-only folder: nothing can be cleaned there
        log.info("left the leftovers of killed backups alone: %s", exc)
    if removed:
        log.info("removed what killed backups left: %s", ", ".join(p.name for p in removed))
    return removed


def restore_backup(data_dir: Path, name: str) -> tuple[str, Path]:
    """Put backup *name* (or ``latest``) in place of the database of *data_dir*.

    Refused (StoreInUseError, naming the program) while another program has the store
    open: it would go on writing into the file moved aside. The current database and its
    ``-wal``/``-shm`` are moved aside, never overwritten. Returns the name restored and
    where the old file went.
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
    held = store_lock.hold_exclusive(live)
    try:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = data_dir / f"{DB_FILENAME}.before-restore-{stamp}"
        staging = data_dir / f"{RESTORING_PREFIX}{stamp}{SUFFIX}"
        try:
            create_private_file(staging)  # copyfile keeps the mode of a file it overwrites
            shutil.copyfile(backups[name].path, staging)
            _fsync(staging)
        except OSError as exc:
            with contextlib.suppress(OSError):
                staging.unlink(missing_ok=True)
            raise StoreError(
                _(
                    "The backup could not be copied into {folder} ({error}); the current "
                    "database was left as it is."
                ).format(folder=data_dir, error=exc.strerror or exc)
            ) from exc
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{live}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{aside}{suffix}"))
        os.replace(staging, live)
        _fsync(data_dir)
    finally:
        held.release()
    return name, aside
