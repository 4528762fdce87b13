"""The Backups dialog: the rotating backups of the data, "Back up now", and restoring one
from inside the app, after the organiser PIN.

Restoring replaces every event's data, so it is an admin action (the PIN of the open
event). The dialog only asks; the app's :class:`~mscd_desktop.gui.shell.app.Session`
closes the store, puts the backup in place (the data it replaces is moved aside, never
deleted) and opens the app again on the restored data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHeaderView, QTreeWidgetItem, QWidget

from mscd_desktop import i18n
from mscd_desktop.core import backups
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.i18n import _


class BackupsDialog(QDialog):
    """The backups of the data folder, newest first, to take one or restore one."""

    restore_requested = Signal(str)  # a backup's file name, after the PIN

    def __init__(
        self, context: AppContext, back_up: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._back_up = back_up
        self.ui = embed_form(self, "shell/backups_dialog")
        header = self.ui.backupList.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.ui.backupList.itemSelectionChanged.connect(self._update_buttons)
        self.ui.backupButton.clicked.connect(self._on_backup_clicked)
        self.ui.restoreButton.clicked.connect(self._on_restore_clicked)
        self.ui.openFolderButton.clicked.connect(self._on_open_folder_clicked)
        self.ui.buttons.rejected.connect(self.reject)
        context.backup_taken.connect(self._on_backup_taken)
        context.backup_failed.connect(self._on_backup_failed)
        self.refresh()

    @property
    def backup_dir(self) -> Path:
        """Where the backups are (``backups/`` in the data folder)."""
        return self.context.store.backup_dir

    def refresh(self) -> None:
        """Re-read the backups folder."""
        fmt = formats_for(i18n.current_language())
        self.ui.backupList.clear()
        for backup in backups.list_backups(self.backup_dir):
            item = QTreeWidgetItem(
                [
                    fmt.date_time(backup.taken_at.astimezone()),
                    _("{size} MB").format(size=fmt.fixed(backup.size / 1_000_000, 1)),
                    backup.name,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, backup.name)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.ui.backupList.addTopLevelItem(item)
        if self.ui.backupList.topLevelItemCount():
            self.ui.backupList.setCurrentItem(self.ui.backupList.topLevelItem(0))
        else:
            self.ui.messageLabel.setText(_("No backup yet."))
        self._update_buttons()

    def selected_backup(self) -> str | None:
        """The file name of the chosen backup."""
        item = self.ui.backupList.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        self.ui.restoreButton.setEnabled(self.selected_backup() is not None)

    def _on_backup_clicked(self) -> None:
        self.ui.backupButton.setEnabled(False)
        self.ui.messageLabel.setText(_("Backing up…"))
        self._back_up()

    def _on_backup_taken(self, taken: backups.Backup) -> None:
        self.ui.backupButton.setEnabled(True)
        self.refresh()
        self.ui.messageLabel.setText(_("Backed up to {file}.").format(file=taken.name))

    def _on_backup_failed(self, message: str) -> None:
        self.ui.backupButton.setEnabled(True)
        self.ui.messageLabel.setText(message)

    def _on_restore_clicked(self) -> None:
        name = self.selected_backup()
        item = self.ui.backupList.currentItem()
        if name is None or item is None:
            return
        if not confirm_with_pin(
            self,
            self.context,
            title=_("Restore a backup"),
            text=_(
                "Put the backup of {time} in place of all the data, every event included? "
                "What was recorded after it is replaced; the data as it is now is kept "
                "beside it in the data folder. The app reopens on the restored data."
            ).format(time=item.text(0)),
        ):
            return
        self.restore_requested.emit(name)
        self.accept()

    def _on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backup_dir)))
