"""Help → About: the version, the data folder (with a button that opens it) and the
licences of every bundled component, read from their own metadata
(:mod:`mscd_desktop.licences`), never typed by hand."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidgetItem, QWidget

from mscd_desktop import __version__, licences
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.common.workers import run_task
from mscd_desktop.i18n import _


@contextmanager
def _system_library_path() -> Iterator[None]:
    """The system's library path for a program started from here: a bundle's starter puts
    the bundle first on ``LD_LIBRARY_PATH``, and a file manager must not load its Qt."""
    bundled = os.environ.get("LD_LIBRARY_PATH")
    if not getattr(sys, "frozen", False) or bundled is None:
        yield
        return
    original = os.environ.get("LD_LIBRARY_PATH_ORIG")
    if original is None:
        del os.environ["LD_LIBRARY_PATH"]
    else:
        os.environ["LD_LIBRARY_PATH"] = original
    try:
        yield
    finally:
        os.environ["LD_LIBRARY_PATH"] = bundled


class AboutDialog(QDialog):
    """What this app is, where its data live, and what it is made of."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.components: list[licences.Component] = []
        self.ui = embed_form(self, "shell/about_dialog", margin=12)
        self.resize(800, 760)
        self.ui.componentsSplitter.setSizes([300, 220])
        self.ui.titleLabel.setText(f"mscd-desktop {__version__}")
        self.ui.dataFolderLabel.setText(_("Data folder: {path}").format(path=self.data_dir))
        self.ui.openFolderButton.clicked.connect(self.open_data_folder)
        self.ui.buttons.rejected.connect(self.reject)
        table = self.ui.componentsTable
        table.setColumnCount(3)
        table.setHorizontalHeaderLabels([_("Component"), _("Version"), _("Licence")])
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setProperty("mscd_data", True)  # names and licences of packages: not translated
        self.ui.licenceText.setProperty("mscd_data", True)
        self.ui.licenceText.setPlaceholderText(_("Reading the components…"))
        table.currentCellChanged.connect(self._on_components_current_cell_changed)
        # Collecting from a checkout reads every installed package's metadata (~0.3 s)
        self._task = run_task(
            lambda _progress, _cancelled: licences.bundled_components(),
            on_done=self._show_components,
            on_error=self._on_components_failed,
        )

    def open_data_folder(self) -> bool:
        """Show the data folder in the system's file manager."""
        with _system_library_path():
            return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def _show_components(self, components: list[licences.Component]) -> None:
        self.components = components
        table = self.ui.componentsTable
        table.setRowCount(len(components))
        for row, component in enumerate(components):
            for column, text in enumerate((component.name, component.version, component.licence)):
                table.setItem(row, column, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        self.ui.licenceText.setPlaceholderText(_("Choose a component to read its licence."))
        if components:
            table.setCurrentCell(0, 0)

    def _on_components_failed(self, error: BaseException) -> None:
        self.ui.licenceText.setPlaceholderText(
            _("The list of components cannot be read: {error}").format(error=error)
        )

    def _on_components_current_cell_changed(self, row: int, *_rest: int) -> None:
        if not 0 <= row < len(self.components):
            return
        component = self.components[row]
        parts = [f"{component.name} {component.version}: {component.licence}"]
        parts += [c for c in component.classifiers]
        for name, text in component.texts:
            parts.append(f"\n===== {name} =====\n{text}")
        if not component.texts:
            parts.append(_("(This component ships no licence file of its own.)"))
        self.ui.licenceText.setPlainText("\n".join(parts))
