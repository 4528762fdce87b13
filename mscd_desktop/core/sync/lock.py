"""One sync at a time, across threads and processes: an advisory lock on a file.

Two pushes running at once would send the same batch twice and race each other's marks
(Enketo's overlapping retries did exactly that). The lock is the operating system's
(``flock`` on POSIX, ``msvcrt.locking`` on Windows): it vanishes with a killed process and
never goes stale. It is separate from the store's own lock, which every program holds
while it has the database open.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.private_files import create_private_file
from mscd_desktop.i18n import _

LOCK_FILE = "sync.lock"


class SyncBusyError(MscdError):
    """Another sync is running (in this program or another one)."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    pid, _sep, since = text.partition(" ")
    if pid.isdigit() and since:
        with contextlib.suppress(ValueError):
            return _(" (process {pid}, since {since})").format(
                pid=pid,
                since=current_formats().clock_seconds(datetime.fromisoformat(since).timestamp()),
            )
    return ""


@contextlib.contextmanager
def sync_lock(data_dir: Path) -> Iterator[None]:
    """Hold the sync lock of *data_dir*; SyncBusyError at once when another sync has it."""
    path = Path(data_dir) / LOCK_FILE
    create_private_file(path)
    fd = os.open(path, os.O_RDWR)
    try:
        if not _try_lock(fd):
            raise SyncBusyError(
                _("A sync is already running{holder}; this one was not started.").format(
                    holder=_holder(path)
                )
            )
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, f"{os.getpid()} {datetime.now().isoformat()}".encode())
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def is_sync_running(data_dir: Path) -> bool:
    """Whether a sync holds the lock right now."""
    path = Path(data_dir) / LOCK_FILE
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):
            _unlock(fd)
            return False
        return True
    finally:
        os.close(fd)
