"""The Settings dialog: the language of the app, and where its data is kept."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from mscd_desktop import i18n
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.i18n import _


class SettingsDialog(QDialog):
    """Choose the language ("System" follows the operating system's locale); see and open
    the data folder."""

    def __init__(self, data_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = embed_form(self, "shell/settings_dialog")
        self.data_dir = data_dir
        self.ui.languageCombo.addItem(_("System language"), "")
        for code in i18n.available_languages():
            self.ui.languageCombo.addItem(i18n.language_name(code), code)
        chosen = options.get(options.LANGUAGE)
        self.ui.languageCombo.setCurrentIndex(max(0, self.ui.languageCombo.findData(chosen)))
        self.ui.dataDirEdit.setText(data_dir)
        self.ui.dataDirEdit.setToolTip(data_dir)
        self.ui.dataDirEdit.setCursorPosition(0)
        self.ui.openDataDirButton.clicked.connect(self._on_open_data_dir_clicked)
        self.ui.buttons.accepted.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)

    def chosen_language(self) -> str:
        """The language code chosen ("" for the system's)."""
        return self.ui.languageCombo.currentData() or ""

    def _on_open_data_dir_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.data_dir))
