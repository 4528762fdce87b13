"""Who has the store open: an advisory lock beside the database file.

Every program that opens the database holds a *shared* lock on ``<db>.lock/lock``; putting
another file in its place (``mscd backup restore``) needs the *exclusive* one, so it is
refused while the app or a command still has the old file open and would go on writing
into it. The locks are the operating system's (``flock`` on POSIX, ``LockFileEx`` on
Windows, through portalocker), so they vanish with a killed process and never go stale.

Each holder also leaves a note in the same folder (which program, its process id, since
when), so that a refusal can say what holds the store. A note counts while its writer
keeps a shared lock on it; a note nobody locks is left over from a killed process and is
removed by whoever finds it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

import portalocker
from portalocker import LockFlags
from portalocker.exceptions import AlreadyLocked, LockException

from mscd_desktop.core.errors import StoreInUseError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.private_files import create_private_file, make_private_folder
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

LOCK_NAME = "lock"
NOTE_SUFFIX = ".holder"
WAIT_FOR_RESTORE_S = 15.0  # a restore copies one file: long enough for a large database


@dataclass(frozen=True)
class Holder:
    """A program that has the store open."""

    program: str
    pid: int
    since: datetime

    def describe(self) -> str:
        """E.g. "mscd-desktop (process 4321, open since 14:05)"."""
        return _("{program} (process {pid}, open since {since})").format(
            program=self.program, pid=self.pid, since=current_formats().time(self.since)
        )


def lock_folder(db_path: Path) -> Path:
    """The folder of the lock and the holders' notes for the database *db_path*."""
    return db_path.with_name(db_path.name + ".lock")


def this_program() -> str:
    """How this process is named in a holder's note: "mscd-desktop", "mscd", …"""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("python")
    if argv0.name == "__main__.py":
        return "mscd" if argv0.parent.name == "cli" else "mscd-desktop"
    return "python" if argv0.name == "-c" else argv0.name


def _open_lock_file(folder: Path) -> IO[bytes] | None:
    """The lock file, created if need be; None in a folder nobody may write to (then
    nobody can put another file in the database's place either)."""
    with contextlib.suppress(OSError):
        make_private_folder(folder)
        create_private_file(folder / LOCK_NAME)
    for mode in ("a+b", "rb"):
        try:
            return open(folder / LOCK_NAME, mode)
        except OSError:
            continue
    return None


def _try_lock(handle: IO[bytes], flags: LockFlags) -> bool:
    try:
        portalocker.lock(handle, flags | LockFlags.NON_BLOCKING)
    except AlreadyLocked:
        return False
    return True


class StoreLock:
    """A held lock on a database (shared or exclusive); :meth:`release` it when done."""

    def __init__(
        self, handle: IO[bytes] | None, note: IO[bytes] | None = None, note_path: Path | None = None
    ) -> None:
        self._handle = handle
        self._note = note
        self._note_path = note_path

    def release(self) -> None:
        """Give the lock up (and remove this holder's note)."""
        if self._note is not None:
            self._note.close()  # closing drops its lock too
            if self._note_path is not None:
                with contextlib.suppress(OSError):
                    self._note_path.unlink()
            self._note = None
        if self._handle is not None:
            with contextlib.suppress(LockException, OSError):
                portalocker.unlock(self._handle)
            self._handle.close()
            self._handle = None


def _leave_note(folder: Path, program: str) -> tuple[IO[bytes], Path] | tuple[None, None]:
    path = folder / f"{os.getpid()}-{secrets.token_hex(4)}{NOTE_SUFFIX}"
    record = {"program": program, "pid": os.getpid(), "since": datetime.now().isoformat()}
    try:
        create_private_file(path)
        note = open(path, "r+b")  # noqa: SIM115 - held until released
    except OSError:
        return None, None
    try:
        note.write(json.dumps(record).encode())
        note.flush()
    except OSError:  # a full disk: the note is only a courtesy, the lock is what counts
        with contextlib.suppress(OSError):
            note.close()
        path.unlink(missing_ok=True)
        return None, None
    for _attempt in range(20):  # someone may be looking whether it is stale, briefly
        if _try_lock(note, LockFlags.SHARED):
            return note, path
        time.sleep(0.01)
    note.close()
    path.unlink(missing_ok=True)
    return None, None


def holders(db_path: Path) -> list[Holder]:
    """The programs that have *db_path* open (as far as their notes tell), oldest first.
    Notes left by killed processes are removed on the way."""
    found: list[Holder] = []
    folder = lock_folder(db_path)
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{NOTE_SUFFIX}"):
        try:
            with open(path, "rb") as note:
                text = note.read()
                if _try_lock(note, LockFlags.EXCLUSIVE):  # nobody holds it: left over
                    portalocker.unlock(note)
                    note.close()
                    path.unlink(missing_ok=True)
                    continue
            record = json.loads(text)
            found.append(
                Holder(
                    str(record["program"]),
                    int(record["pid"]),
                    datetime.fromisoformat(record["since"]),
                )
            )
        except (OSError, LockException, ValueError, KeyError, TypeError):
            continue  # being written or removed right now, or not a note of ours
    return sorted(found, key=lambda h: h.since)


def _in_use_error(db_path: Path, exclusive_wanted: bool) -> StoreInUseError:
    held_by = "; ".join(h.describe() for h in holders(db_path)) or _("another mscd program")
    if exclusive_wanted:
        return StoreInUseError(
            _(
                "{path} is open in {holders}. Close that program first, so that it does not "
                "go on writing into the file being replaced; then try again."
            ).format(path=db_path, holders=held_by)
        )
    return StoreInUseError(
        _(
            "{path} is being replaced by {holders} (a backup is being restored). Try again "
            "when it has finished."
        ).format(path=db_path, holders=held_by)
    )


def hold_shared(db_path: Path, program: str | None = None) -> StoreLock:
    """Note that this process has *db_path* open. Waits up to ``WAIT_FOR_RESTORE_S``
    while a restore holds it exclusively, then raises StoreInUseError."""
    folder = lock_folder(db_path)
    handle = _open_lock_file(folder)
    if handle is None:
        log.info("no lock beside %s: its folder cannot be written to", db_path)
        return StoreLock(None)
    deadline = time.monotonic() + WAIT_FOR_RESTORE_S
    while not _try_lock(handle, LockFlags.SHARED):
        if time.monotonic() >= deadline:
            handle.close()
            raise _in_use_error(db_path, exclusive_wanted=False)
        time.sleep(0.05)
    holders(db_path)  # clears the notes of killed processes
    note, note_path = _leave_note(folder, program or this_program())
    return StoreLock(handle, note, note_path)


def hold_exclusive(db_path: Path, program: str | None = None) -> StoreLock:
    """Make sure no other program has *db_path* open (and none opens it) until released;
    StoreInUseError, naming what holds it, when one does."""
    folder = lock_folder(db_path)
    handle = _open_lock_file(folder)
    if handle is None:
        return StoreLock(None)
    if not _try_lock(handle, LockFlags.EXCLUSIVE):
        handle.close()
        raise _in_use_error(db_path, exclusive_wanted=True)
    holders(db_path)  # every note there now was left by a killed process: clear them
    note, note_path = _leave_note(folder, program or this_program())
    return StoreLock(handle, note, note_path)
