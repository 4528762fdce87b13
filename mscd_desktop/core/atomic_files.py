"""Files that appear whole or not at all: write beside the target, then rename.

A PDF, spreadsheet or picture is written to a hidden temporary file in the target's own
folder (so the rename cannot cross disks), flushed to disk, then renamed over the target.
A full disk, a missing or read-only folder, or a cancelled job leaves no half-written file,
and the error names the file and what to do.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mscd_desktop.core.errors import MscdError
from mscd_desktop.i18n import _


class Cancelled(MscdError):
    """The person stopped the job before it was finished (no file was left behind)."""


def file_error(exc: OSError, path: Path) -> MscdError:
    """A sentence a person can act on for *exc*, raised while writing *path*."""
    folder = path.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        text = _(
            "The disk holding {folder} is full, so {file} was not written. "
            "Free some space or choose another folder."
        )
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        text = _(
            "{file} cannot be written: the folder {folder} is read-only or not yours. "
            "Choose another folder."
        )
    elif exc.errno == errno.ENOENT:
        text = _("{file} cannot be written: the folder {folder} does not exist.")
    elif exc.errno == errno.EISDIR:
        text = _("{file} is a folder; give a file name instead.")
    else:
        text = _("{file} cannot be written ({error}).")
    return MscdError(text.format(file=path, folder=folder, error=exc.strerror or exc))


def check_folder(folder: Path) -> Path:
    """*folder* if it exists and is writable, else an MscdError naming it."""
    folder = Path(folder)
    if not folder.is_dir():
        if folder.exists():
            raise MscdError(_("{folder} is a file, not a folder.").format(folder=folder))
        raise MscdError(_("The folder {folder} does not exist.").format(folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise MscdError(
            _("The folder {folder} is read-only or not yours. Choose another folder.").format(
                folder=folder
            )
        )
    return folder


def temporary_sibling(target: Path, suffix: str = ".part") -> Path:
    """A hidden, unused name in *target*'s folder for writing it."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")


def _sync(path: Path) -> None:
    if path.is_file():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes *target* (renamed), on any
    error or cancellation it is removed. OS errors become MscdErrors naming *target*."""
    target = Path(target)
    if target.is_dir():
        raise MscdError(_("{file} is a folder; give a file name instead.").format(file=target))
    check_folder(target.parent)
    partial = temporary_sibling(target)
    try:
        yield partial
        _sync(partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise file_error(exc, target) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
