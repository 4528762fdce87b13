"""Files only this user may read: the data folder 0700, the database and its copies 0600.

The database holds pupils' names and the events' keys, so nothing the app writes into the
data folder may be readable by another local user. Files are created with their final mode
(``os.open(..., 0o600)``, ``mkdir(mode=0o700)``) rather than by changing the process umask:
the umask is shared by every thread, and would also strip permissions from files another
thread writes elsewhere at that moment (an export to the user's Documents). SQLite gives a
database's ``-wal``, ``-shm`` and ``-journal`` the mode of the database file itself, so a
database created 0600 keeps its companions 0600 too.

Folders and files left by older versions (0755 and 0644) are tightened when the store is
opened, with a line in the log. On Windows the user's profile folders are private through
their access lists and ``chmod`` cannot express more, so nothing is changed there.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"

# What the app writes into the data folder: the database with its -wal/-shm/-journal,
# files moved aside by a restore, unfinished copies, lock files.
DATA_FILE_PATTERNS = ("mscd*", ".partial-*", ".restoring-*", "*.lock")
BACKUP_FILE_PATTERNS = ("mscd-*", ".partial-*")


def make_private_folder(path: Path) -> Path:
    """Create *path* (and missing parents) and make the folder itself 0700."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    tighten(path, FOLDER_MODE)
    return path


def create_private_file(path: Path) -> bool:
    """Create *path* empty with mode 0600 unless it exists; True when it was created.

    An existing file is tightened to 0600 instead. SQLite accepts an empty file as a new
    database and ``VACUUM INTO`` accepts an empty target, so both start from here.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(path, FILE_MODE)
        return False
    os.close(fd)
    tighten(path, FILE_MODE)  # a stricter umask cannot loosen it, but make sure
    return True


def tighten(path: Path, mode: int) -> bool:
    """Remove the group and other permissions of *path* down to *mode*; True if changed.

    Only files and folders of this user are touched, and never through a symbolic link.
    A change is logged: it means an older version (or a copy that lost its modes) had
    left personal data readable by other local users.
    """
    if not POSIX:
        return False
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid():
        return False
    current = stat.S_IMODE(info.st_mode)
    if current & ~mode == 0:
        return False
    os.chmod(path, current & mode)
    log.warning(
        "%s was readable by other users of this computer; it is now %s (this user only)",
        path,
        oct(current & mode)[2:].zfill(4),
    )
    return True


def _matching(folder: Path, patterns: Iterable[str]) -> list[Path]:
    if not folder.is_dir():
        return []
    found: dict[Path, None] = {}
    for pattern in patterns:
        for path in folder.glob(pattern):
            if path.is_file() and not path.is_symlink():
                found[path] = None
    return list(found)


def tighten_data_folder(data_dir: Path, backup_dir: Path) -> list[Path]:
    """Make the data folder 0700 and the app's files in it and in *backup_dir* 0600.

    Returns what was changed (each change is logged).
    """
    changed = []
    folders = [Path(data_dir)] + ([Path(backup_dir)] if Path(backup_dir).is_dir() else [])
    for folder in folders:
        if tighten(folder, FOLDER_MODE):
            changed.append(folder)
    files = _matching(Path(data_dir), DATA_FILE_PATTERNS)
    files += _matching(Path(backup_dir), BACKUP_FILE_PATTERNS)
    changed += [path for path in files if tighten(path, FILE_MODE)]
    return changed
