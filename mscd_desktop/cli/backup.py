"""``mscd backup list|create|restore``: the rotating backups of the data folder."""

from __future__ import annotations

import click

from mscd_desktop.cli.common import common_options, data_dir, emit, open_store
from mscd_desktop.core import backups as bk
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _


def _as_dict(backup: bk.Backup) -> dict:
    return {
        "name": backup.name,
        "path": str(backup.path),
        "taken_at": backup.taken_at.isoformat(),
        "size": backup.size,
    }


def register(group: click.Group) -> None:
    """Add the backup commands to *group*."""

    @group.group(help=_("List, take and restore backups."))
    @common_options
    def backup() -> None:
        pass

    @backup.command("list", help=_("List the backups, newest first."))
    @common_options
    def list_() -> None:
        found = bk.list_backups(data_dir() / "backups")
        fmt = current_formats()
        lines = [
            f"{b.name}  {fmt.date_time(b.taken_at.astimezone())}  {fmt.integer(b.size // 1024)} KiB"
            for b in found
        ]
        emit([_as_dict(b) for b in found], lines or [_("No backups yet.")])

    @backup.command("create", help=_("Take a backup now."))
    @common_options
    def create() -> None:
        with open_store() as store:
            taken = bk.create_backup(store)
        emit(_as_dict(taken), _("Backup written: {path}").format(path=taken.path))

    @backup.command("restore", help=_("Put a backup in place of the database (app closed)."))
    @click.argument("name", metavar="NAME|latest")
    @common_options
    def restore(name: str) -> None:
        name, aside = bk.restore_backup(data_dir(), name)
        emit(
            {"restored": name, "previous_database": str(aside)},
            _("Restored {name}. The previous database was kept as {aside}.").format(
                name=name, aside=aside
            ),
        )
